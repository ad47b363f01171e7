import { LedgerError } from "../errors";
import { readAddress, readBytes32, readUint } from "../consent/typed-messages";
import {
  type Decision,
  type RepaymentStatus,
  DECISIONS,
  REPAYMENT_STATUSES,
  decisionName,
  repaymentStatusName,
} from "./outcome-terms";

/** A signed `Outcome` as the contract takes it (`IOutcomeRegistry.Outcome`). */
export interface OutcomeMessage {
  queryId: string;
  consentId: string;
  bank: string;
  decision: bigint;
  termsHash: string;
  decidedAt: bigint;
  nonce: bigint;
  deadline: bigint;
}

export const OUTCOME_FIELDS = [
  "queryId",
  "consentId",
  "bank",
  "decision",
  "termsHash",
  "decidedAt",
  "nonce",
  "deadline",
] as const;

/** A signed `Repayment` as the contract takes it (`IOutcomeRegistry.Repayment`). */
export interface RepaymentMessage {
  outcomeId: string;
  status: bigint;
  asOf: bigint;
  nonce: bigint;
  deadline: bigint;
}

export const REPAYMENT_FIELDS = ["outcomeId", "status", "asOf", "nonce", "deadline"] as const;

function invalid(field: string, reason: string): LedgerError {
  return new LedgerError("VALIDATION_FAILED", `message.${field}: ${reason}`, {
    details: { errors: [{ field: `message.${field}`, reason }] },
  });
}

export function readOutcomeMessage(message: Record<string, unknown>): {
  message: OutcomeMessage;
  decision: Decision;
} {
  const parsed: OutcomeMessage = {
    queryId: readBytes32(message, "queryId"),
    consentId: readBytes32(message, "consentId"),
    bank: readAddress(message, "bank"),
    decision: readUint(message, "decision", 8),
    termsHash: readBytes32(message, "termsHash"),
    decidedAt: readUint(message, "decidedAt", 64),
    nonce: readUint(message, "nonce", 256),
    deadline: readUint(message, "deadline", 64),
  };
  const decision = decisionName(parsed.decision);
  if (decision === undefined) {
    throw invalid("decision", `1 to ${DECISIONS.length} (${DECISIONS.join(", ")}) is required`);
  }
  return { message: parsed, decision };
}

export function readRepaymentMessage(message: Record<string, unknown>): {
  message: RepaymentMessage;
  status: RepaymentStatus;
} {
  const parsed: RepaymentMessage = {
    outcomeId: readBytes32(message, "outcomeId"),
    status: readUint(message, "status", 8),
    asOf: readUint(message, "asOf", 64),
    nonce: readUint(message, "nonce", 256),
    deadline: readUint(message, "deadline", 64),
  };
  const status = repaymentStatusName(parsed.status);
  if (status === "NONE") {
    const names = REPAYMENT_STATUSES.join(", ");
    throw invalid("status", `1 to ${REPAYMENT_STATUSES.length} (${names}) is required`);
  }
  return { message: parsed, status };
}
