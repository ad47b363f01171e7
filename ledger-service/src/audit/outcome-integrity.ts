import { ethers } from "ethers";

import { readChain } from "../chain/chain-errors";
import { decisionName, repaymentStatusName, termsHash } from "../outcomes/outcome-terms";
import type { ServiceContext } from "../service-context";
import { type StoredOutcome, outcomeStoreFor } from "../store/outcome-store";

export interface OutcomeMismatch {
  kind: "OUTCOME";
  outcomeId: string;
  detail: string;
}

export interface OutcomeIntegrityReport {
  outcomes: number;
  mismatches: OutcomeMismatch[];
}

type ChainOutcome = Awaited<ReturnType<ServiceContext["contracts"]["outcomes"]["getOutcome"]>>;

/** What differs between a stored outcome and the chain's record of it, in words. */
function differences(stored: StoredOutcome, chain: ChainOutcome): string[] {
  if (chain.bank === ethers.ZeroAddress) return ["the outcome is not on the ledger"];
  const found: string[] = [];
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(chain.queryId, stored.queryId)) found.push("queryId differs from the chain's");
  if (!same(chain.consentId, stored.consentId)) found.push("consentId differs from the chain's");
  if (!same(chain.bank, stored.bank)) found.push("bank differs from the chain's");
  if (decisionName(chain.decision) !== stored.decision) {
    found.push("decision differs from the chain's");
  }
  if (!same(chain.termsHash, stored.termsHash)) found.push("termsHash differs from the chain's");
  if (Number(chain.decidedAt) !== stored.terms.decidedAt) {
    found.push("decidedAt differs from the chain's");
  }

  const last = stored.repayments.at(-1);
  if (repaymentStatusName(chain.repaymentStatus) !== (last?.status ?? "NONE")) {
    found.push("the repayment status differs from the chain's");
  }
  if (Number(chain.lastAsOf) !== (last?.asOf ?? 0)) {
    found.push("the last repayment's asOf differs from the chain's");
  }
  return found;
}

/**
 * Checks every stored outcome against `OutcomeRegistry.getOutcome` at one block (query,
 * consent, bank, decision, terms hash, decision time, repayment status and last asOf) and
 * recomputes each terms hash from the stored terms, so that terms altered off-chain show.
 */
export async function checkOutcomes(ctx: ServiceContext): Promise<OutcomeIntegrityReport> {
  const { outcomes: registry } = ctx.contracts;
  const blockTag = await readChain(() => registry.runner!.provider!.getBlockNumber());
  const mismatches: OutcomeMismatch[] = [];
  let outcomes = 0;

  for await (const stored of outcomeStoreFor(ctx).all()) {
    outcomes++;
    const report = (detail: string) =>
      mismatches.push({ kind: "OUTCOME", outcomeId: stored.outcomeId, detail });

    if (termsHash(stored.terms) !== stored.termsHash.toLowerCase()) {
      report("the stored terms do not hash to the stored termsHash");
    }
    const chain = await readChain(() => registry.getOutcome(stored.outcomeId, { blockTag }));
    for (const detail of differences(stored, chain)) report(detail);
  }
  return { outcomes, mismatches };
}
