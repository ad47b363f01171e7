import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import { isoTime } from "../http/request-body";
import type { ServiceContext } from "../service-context";
import { type OutcomeFilter, type StoredOutcome, outcomeStoreFor } from "../store/outcome-store";
import { readerScope, requireOutcomeReader } from "./outcome-parties";
import type { Decision, RepaymentStatus } from "./outcome-terms";

/** An outcome as the API shows it: the terms exact (amount as a decimal string), times ISO. */
export interface OutcomeView {
  outcomeId: string;
  queryId: string;
  consentId: string;
  bank: string;
  /** The enterprise's commitment. */
  enterprise: string;
  decision: Decision;
  terms: {
    amountFen: string;
    termMonths: number;
    annualRateBps: number;
    decidedAt: string;
    salt: string;
  };
  termsHash: string;
  txHash: string;
  recordedAt: string;
  repaymentStatus: RepaymentStatus | "NONE";
  repayments: { status: RepaymentStatus; asOf: string; txHash: string }[];
}

export function outcomeView(outcome: StoredOutcome): OutcomeView {
  const { terms } = outcome;
  return {
    outcomeId: outcome.outcomeId,
    queryId: outcome.queryId,
    consentId: outcome.consentId,
    bank: outcome.bank,
    enterprise: outcome.enterprise,
    decision: outcome.decision,
    terms: {
      amountFen: terms.amountFen,
      termMonths: terms.termMonths,
      annualRateBps: terms.annualRateBps,
      decidedAt: isoTime(terms.decidedAt),
      salt: terms.salt,
    },
    termsHash: outcome.termsHash,
    txHash: outcome.txHash,
    recordedAt: outcome.recordedAt,
    repaymentStatus: outcome.repayments.at(-1)?.status ?? "NONE",
    repayments: outcome.repayments.map((r) => ({
      status: r.status,
      asOf: isoTime(r.asOf),
      txHash: r.txHash,
    })),
  };
}

/** One outcome, for its bank, its enterprise or a regulator. */
export async function viewOutcome(
  ctx: ServiceContext,
  caller: Caller,
  outcomeId: string,
): Promise<OutcomeView> {
  const outcome = await outcomeStoreFor(ctx).get(outcomeId);
  if (!outcome) throw new LedgerError("NOT_FOUND", `no outcome ${outcomeId} is recorded here`);
  await requireOutcomeReader(ctx, caller, outcome);
  return outcomeView(outcome);
}

/**
 * The outcomes the caller may read (a bank its own, an enterprise those on its data, a
 * regulator all), narrowed by `filter`, one page after the outcome `cursor`.
 */
export async function listOutcomes(
  ctx: ServiceContext,
  caller: Caller,
  filter: Pick<OutcomeFilter, "bank" | "decision">,
  page: { cursor: string | undefined; limit: number },
): Promise<{ outcomes: OutcomeView[]; next?: string }> {
  const scope = await readerScope(ctx, caller);
  if (scope === undefined) return { outcomes: [] };
  const bankOutOfScope =
    "bank" in scope &&
    filter.bank !== undefined &&
    filter.bank.toLowerCase() !== scope.bank.toLowerCase();
  if (bankOutOfScope) return { outcomes: [] };

  const narrowed: OutcomeFilter = { ...filter, ...("all" in scope ? {} : scope) };
  const found = await outcomeStoreFor(ctx).list(narrowed, {
    after: page.cursor,
    limit: page.limit,
  });
  const outcomes = found.outcomes.map(outcomeView);
  const last = outcomes.at(-1);
  return { outcomes, ...(found.more && last ? { next: last.outcomeId } : {}) };
}
