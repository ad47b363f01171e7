import { commitmentOfCaller } from "../consent/ownership";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import type { ServiceContext } from "../service-context";
import { type StoredOutcome, outcomeStoreFor } from "../store/outcome-store";
import type { StoredReceipt } from "../store/receipt-log";

/** The receipt of a query served here to the calling bank; NOT_FOUND or NOT_YOUR_RESOURCE. */
export async function requireQueryServedTo(
  ctx: ServiceContext,
  caller: Caller,
  queryId: string,
): Promise<StoredReceipt> {
  const stored = await ctx.receipts.getByQueryId(queryId);
  if (!stored) throw new LedgerError("NOT_FOUND", `no query ${queryId} was served here`);
  if (stored.receipt.bank.toLowerCase() !== caller.signer) {
    throw new LedgerError("NOT_YOUR_RESOURCE", `query ${queryId} was served to another bank`);
  }
  return stored;
}

/** A stored outcome of the calling bank; NOT_FOUND or NOT_YOUR_RESOURCE. */
export async function requireOwnOutcome(
  ctx: ServiceContext,
  caller: Caller,
  outcomeId: string,
): Promise<StoredOutcome> {
  const outcome = await outcomeStoreFor(ctx).get(outcomeId);
  if (!outcome) throw new LedgerError("NOT_FOUND", `no outcome ${outcomeId} is recorded here`);
  if (outcome.bank.toLowerCase() !== caller.signer) {
    throw new LedgerError("NOT_YOUR_RESOURCE", `outcome ${outcomeId} is another bank's`);
  }
  return outcome;
}

/**
 * Who may read outcomes, and which: a regulator all, a bank its own, an enterprise those on
 * its data (the receipt's commitment equal to the caller's on-chain `commitmentOf`).
 * Undefined scope for a caller that speaks for nothing here: it sees no outcome.
 */
export async function readerScope(
  ctx: ServiceContext,
  caller: Caller,
): Promise<{ all: true } | { bank: string } | { enterprise: string } | undefined> {
  if (caller.roles.has("REGULATOR")) return { all: true };
  if (caller.roles.has("BANK")) return { bank: caller.signer };
  const commitment = await commitmentOfCaller(ctx, caller);
  return commitment === undefined ? undefined : { enterprise: commitment };
}

/** Its bank, its enterprise or a regulator; anyone else: NOT_YOUR_RESOURCE. */
export async function requireOutcomeReader(
  ctx: ServiceContext,
  caller: Caller,
  outcome: StoredOutcome,
): Promise<void> {
  if (caller.roles.has("REGULATOR")) return;
  if (caller.roles.has("BANK") && outcome.bank.toLowerCase() === caller.signer) return;
  const commitment = await commitmentOfCaller(ctx, caller);
  if (commitment !== undefined && commitment === outcome.enterprise.toLowerCase()) return;
  throw new LedgerError("NOT_YOUR_RESOURCE", `outcome ${outcome.outcomeId} is not the caller's`);
}
