import { randomBytes } from "node:crypto";

import { ethers } from "ethers";

import { LedgerError } from "../errors";

/** Loan decisions in on-chain order: `IOutcomeRegistry.Decision` 1, 2, 3. */
export const DECISIONS = ["APPROVED", "DECLINED", "WITHDRAWN"] as const;
export type Decision = (typeof DECISIONS)[number];

/** Repayment statuses in on-chain order: `IOutcomeRegistry.RepaymentStatus` 1 to 4. */
export const REPAYMENT_STATUSES = ["PERFORMING", "OVERDUE", "DEFAULTED", "REPAID"] as const;
export type RepaymentStatus = (typeof REPAYMENT_STATUSES)[number];

/** Statuses after which the contract takes no further update. */
export const CLOSING_STATUSES: readonly RepaymentStatus[] = ["DEFAULTED", "REPAID"];

export function isDecision(value: unknown): value is Decision {
  return DECISIONS.includes(value as Decision);
}

export function isRepaymentStatus(value: unknown): value is RepaymentStatus {
  return REPAYMENT_STATUSES.includes(value as RepaymentStatus);
}

export function decisionCode(decision: Decision): number {
  return DECISIONS.indexOf(decision) + 1;
}

/** The name of an on-chain decision number; undefined for None or anything unknown. */
export function decisionName(code: number | bigint): Decision | undefined {
  return DECISIONS[Number(code) - 1];
}

export function repaymentStatusCode(status: RepaymentStatus): number {
  return REPAYMENT_STATUSES.indexOf(status) + 1;
}

/** The name of an on-chain repayment status; "NONE" before the first update. */
export function repaymentStatusName(code: number | bigint): RepaymentStatus | "NONE" {
  return REPAYMENT_STATUSES[Number(code) - 1] ?? "NONE";
}

/**
 * A loan's terms, kept off-chain; only their hash is on the ledger. `amountFen` is a decimal
 * string so that no amount passes through a JS number.
 */
export interface LoanTerms {
  amountFen: string;
  termMonths: number;
  annualRateBps: number;
  /** Unix seconds. */
  decidedAt: number;
  /** 0x-prefixed 32 random bytes, lower case: without it the hash could be guessed. */
  salt: string;
}

const TERMS_TYPES = ["uint256", "uint16", "uint32", "uint64", "bytes32"] as const;
const UINT256_MAX = ethers.MaxUint256;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The on-chain `termsHash`, lower case: keccak256(abi.encode(uint256 amountFen,
 * uint16 termMonths, uint32 annualRateBps, uint64 decidedAt, bytes32 salt)).
 */
export function termsHash(terms: LoanTerms): string {
  const encoded = ethers.AbiCoder.defaultAbiCoder().encode(
    [...TERMS_TYPES],
    [BigInt(terms.amountFen), terms.termMonths, terms.annualRateBps, terms.decidedAt, terms.salt],
  );
  return ethers.keccak256(encoded).toLowerCase();
}

export function randomSalt(): string {
  return ethers.hexlify(randomBytes(32));
}

function invalid(field: string, reason: string): LedgerError {
  return new LedgerError("VALIDATION_FAILED", `${field}: ${reason}`, {
    details: { errors: [{ field, reason }] },
  });
}

/** A uint256 amount in fen as a decimal string (a JSON number is refused: it may be rounded). */
export function readAmountFen(value: unknown, field: string): string {
  if (typeof value !== "string" || !/^(0|[1-9][0-9]{0,77})$/.test(value)) {
    throw invalid(field, "a decimal string of whole fen, without sign or leading zeros");
  }
  if (BigInt(value) > UINT256_MAX) throw invalid(field, "does not fit uint256");
  return value;
}

/** A JSON integer from 0 to `max`. */
export function readSmallUint(value: unknown, field: string, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(field, `an integer from 0 to ${max} is required`);
  }
  return value;
}

/** Unix seconds that fit uint64, given as a JSON integer or a decimal string. */
export function readUnixSeconds(value: unknown, field: string): number {
  let parsed: bigint;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
    parsed = BigInt(value);
  } else if (typeof value === "string" && /^(0|[1-9][0-9]{0,19})$/.test(value)) {
    parsed = BigInt(value);
  } else {
    throw invalid(field, "Unix seconds (an integer) are required");
  }
  if (parsed > UINT64_MAX || parsed > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalid(field, "is out of range");
  }
  return Number(parsed);
}

/**
 * An approved loan has an amount and a term; a declined or withdrawn application may carry
 * the terms asked for, or zeros.
 */
export function requireTermsFitDecision(decision: Decision, terms: LoanTerms, prefix = ""): void {
  if (decision !== "APPROVED") return;
  if (BigInt(terms.amountFen) === 0n) {
    throw invalid(`${prefix}amountFen`, "an approved loan needs an amount above 0");
  }
  if (terms.termMonths === 0) {
    throw invalid(`${prefix}termMonths`, "an approved loan needs a term of at least one month");
  }
}

/** Reads `terms` as a draft handed them out and the bank sends them back with its signature. */
export function readLoanTerms(value: unknown): LoanTerms {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid("terms", "the terms object of the draft is required");
  }
  const terms = value as Record<string, unknown>;
  const known = ["amountFen", "termMonths", "annualRateBps", "decidedAt", "salt"];
  const extra = Object.keys(terms).filter((key) => !known.includes(key));
  if (extra.length > 0) throw invalid("terms", `unknown fields ${extra.join(", ")}`);
  if (typeof terms.salt !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(terms.salt)) {
    throw invalid("terms.salt", "0x-prefixed 32-byte hex is required");
  }
  return {
    amountFen: readAmountFen(terms.amountFen, "terms.amountFen"),
    termMonths: readSmallUint(terms.termMonths, "terms.termMonths", 0xffff),
    annualRateBps: readSmallUint(terms.annualRateBps, "terms.annualRateBps", 0xffffffff),
    decidedAt: readUnixSeconds(terms.decidedAt, "terms.decidedAt"),
    salt: terms.salt.toLowerCase(),
  };
}
