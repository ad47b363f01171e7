import { randomBytes } from "node:crypto";

import { ethers } from "ethers";

import { readChain } from "../chain/chain-errors";
import {
  OUTCOME_TYPES,
  REPAYMENT_TYPES,
  type TypedDataDraft,
  ledgerDomain,
} from "../consent/eip712-types";
import { jsonMessage } from "../consent/typed-messages";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import type { ServiceContext } from "../service-context";
import type { StoredOutcome } from "../store/outcome-store";
import { requireOwnOutcome, requireQueryServedTo } from "./outcome-parties";
import {
  CLOSING_STATUSES,
  type Decision,
  type LoanTerms,
  type RepaymentStatus,
  decisionCode,
  randomSalt,
  repaymentStatusCode,
  requireTermsFitDecision,
  termsHash,
} from "./outcome-terms";

export interface OutcomeDraftRequest {
  queryId: string;
  decision: Decision;
  amountFen: string;
  termMonths: number;
  annualRateBps: number;
  /** Unix seconds. */
  decidedAt: number;
}

export type OutcomeDraft = TypedDataDraft<Record<string, string | number>> & {
  terms: LoanTerms;
};

export interface RepaymentDraftRequest {
  status: RepaymentStatus;
  /** Unix seconds. */
  asOf: number;
}

function randomUint256(): bigint {
  return BigInt(ethers.hexlify(randomBytes(32)));
}

/** A decision or repayment is a fact: dated no later than now, with the request clock's slack. */
function requireNotInFuture(ctx: ServiceContext, seconds: number, field: string): void {
  const latest = Math.floor((ctx.now() + ctx.config.requestWindowMs) / 1000);
  if (seconds > latest) {
    throw new LedgerError("VALIDATION_FAILED", `${field}: must not be later than now`, {
      details: { errors: [{ field, reason: "must not be later than now" }] },
    });
  }
  if (seconds < 0) {
    throw new LedgerError("VALIDATION_FAILED", `${field}: must not be before 1970`, {
      details: { errors: [{ field, reason: "must not be before 1970" }] },
    });
  }
}

/**
 * The typed data of an outcome for the calling bank to sign, about a query served to it, with
 * the terms (and their fresh salt) whose hash the message carries. Nothing is stored: the
 * bank sends the terms back with its signature.
 */
export async function draftOutcome(
  ctx: ServiceContext,
  caller: Caller,
  request: OutcomeDraftRequest,
): Promise<OutcomeDraft> {
  const stored = await requireQueryServedTo(ctx, caller, request.queryId);
  requireNotInFuture(ctx, request.decidedAt, "decidedAt");
  const terms: LoanTerms = {
    amountFen: request.amountFen,
    termMonths: request.termMonths,
    annualRateBps: request.annualRateBps,
    decidedAt: request.decidedAt,
    salt: randomSalt(),
  };
  requireTermsFitDecision(request.decision, terms);

  const recorded = await readChain(() => ctx.contracts.outcomes.outcomeOfQuery(stored.queryId));
  if (recorded !== ethers.ZeroHash) {
    throw new LedgerError("CONFLICT", `query ${stored.queryId} has an outcome already`, {
      details: { outcomeId: recorded.toLowerCase() },
    });
  }

  const nowSeconds = Math.floor(ctx.now() / 1000);
  const message = {
    queryId: stored.queryId.toLowerCase(),
    consentId: stored.receipt.consentId.toLowerCase(),
    bank: ethers.getAddress(caller.signer),
    decision: BigInt(decisionCode(request.decision)),
    termsHash: termsHash(terms),
    decidedAt: BigInt(terms.decidedAt),
    nonce: randomUint256(),
    deadline: BigInt(nowSeconds + ctx.config.draftDeadlineSeconds),
  };
  return {
    domain: ledgerDomain(ctx.contracts.chainId, ctx.contracts.addresses.OutcomeRegistry),
    types: OUTCOME_TYPES,
    primaryType: "Outcome",
    message: jsonMessage(message),
    terms,
  };
}

/**
 * Refuses an update the contract would refuse, as the contract orders it: only approved
 * loans, none after REPAID or DEFAULTED, each later than the last (the first may fall on the
 * decision time). The contract checks it again; this spares the bank a signature.
 */
export function requireUpdatable(outcome: StoredOutcome, asOf: number): void {
  if (outcome.decision !== "APPROVED") {
    throw new LedgerError(
      "CONFLICT",
      `outcome ${outcome.outcomeId} is ${outcome.decision}: only approved loans take updates`,
    );
  }
  const last = outcome.repayments.at(-1);
  if (last && CLOSING_STATUSES.includes(last.status)) {
    throw new LedgerError("CONFLICT", `outcome ${outcome.outcomeId} is closed (${last.status})`);
  }
  if (last ? asOf <= last.asOf : asOf < outcome.terms.decidedAt) {
    const bound = last ? "later than the last update's" : "no earlier than the decision's";
    throw new LedgerError("CONFLICT", `asOf: must be ${bound} time`);
  }
}

/** The typed data of a repayment update of one of the calling bank's approved loans. */
export async function draftRepayment(
  ctx: ServiceContext,
  caller: Caller,
  outcomeId: string,
  request: RepaymentDraftRequest,
): Promise<TypedDataDraft<Record<string, string | number>>> {
  const outcome = await requireOwnOutcome(ctx, caller, outcomeId);
  requireNotInFuture(ctx, request.asOf, "asOf");
  requireUpdatable(outcome, request.asOf);

  const nowSeconds = Math.floor(ctx.now() / 1000);
  return {
    domain: ledgerDomain(ctx.contracts.chainId, ctx.contracts.addresses.OutcomeRegistry),
    types: REPAYMENT_TYPES,
    primaryType: "Repayment",
    message: jsonMessage({
      outcomeId: outcome.outcomeId,
      status: BigInt(repaymentStatusCode(request.status)),
      asOf: BigInt(request.asOf),
      nonce: randomUint256(),
      deadline: BigInt(nowSeconds + ctx.config.draftDeadlineSeconds),
    }),
  };
}
