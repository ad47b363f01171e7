import type { Interface } from "ethers";

import { ContractRevert } from "../chain/chain-errors";
import { type ErrorCode, LedgerError } from "../errors";

/** How OutcomeRegistry's refusals of a relayed outcome or repayment answer over HTTP. */
const REVERT_CODES: Record<string, ErrorCode> = {
  InvalidDecision: "VALIDATION_FAILED",
  InvalidRepaymentStatus: "VALIDATION_FAILED",
  SignatureExpired: "VALIDATION_FAILED",
  NotABank: "VALIDATION_FAILED",
  InvalidBankSignature: "VALIDATION_FAILED",
  ReceiptMismatch: "VALIDATION_FAILED",
  NonceAlreadyUsed: "CONFLICT",
  OutcomeAlreadyRecorded: "CONFLICT",
  OutcomeNotFound: "NOT_FOUND",
  OutcomeNotApproved: "CONFLICT",
  RepaymentOutOfOrder: "CONFLICT",
  RepaymentClosed: "CONFLICT",
  QueryNotAnchored: "QUERY_NOT_ANCHORED",
};

/** Seconds until the anchorer's next round: when a not-yet-anchored query is worth retrying. */
export function anchoringRetrySeconds(anchorIntervalMs: number): number {
  return Math.max(1, Math.ceil(anchorIntervalMs / 1000));
}

/**
 * The contract's refusal in a failed send, if it was one. ethers reports a revert as
 * CALL_EXCEPTION, which `toChainError` turns into a ContractRevert; Hardhat's in-process
 * provider (the embedded chain) throws its own error that carries only the revert data, which
 * `toChainError` reports as CHAIN_UNAVAILABLE with that error as the cause. The data is decoded
 * here with the registry's ABI, so that a refusal never answers 503.
 */
export function outcomeRevertOf(error: unknown, registry: Interface): ContractRevert | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof ContractRevert) return current;
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) {
      let parsed: ReturnType<Interface["parseError"]> = null;
      try {
        parsed = registry.parseError(data);
      } catch {
        // Data that is not one of the registry's errors: not a refusal this can name.
      }
      if (parsed) return new ContractRevert(parsed.name, [...parsed.args]);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A contract refusal as the LedgerError it answers with; anything else unchanged. */
export function fromOutcomeRevert(
  error: unknown,
  revert: ContractRevert | undefined,
  retryAfterSeconds: number,
): unknown {
  if (revert === undefined) return error;
  const code = REVERT_CODES[revert.errorName] ?? "CONFLICT";
  return new LedgerError(code, `the ledger refused it: ${revert.message}`, {
    details: { contractError: revert.errorName },
    retryAfterSeconds: code === "QUERY_NOT_ANCHORED" ? retryAfterSeconds : undefined,
  });
}
