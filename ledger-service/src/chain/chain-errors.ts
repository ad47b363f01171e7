import { ethers } from "ethers";

import {
  AnchorRegistry__factory,
  ConsentRegistry__factory,
  CreditLedger__factory,
  OutcomeRegistry__factory,
} from "../../../typechain-types";
import { LedgerError } from "../errors";

/** Every custom error of the four contracts, to decode revert data by its selector. */
const CONTRACT_ERRORS = new ethers.Interface(
  [
    ...CreditLedger__factory.abi,
    ...ConsentRegistry__factory.abi,
    ...AnchorRegistry__factory.abi,
    ...OutcomeRegistry__factory.abi,
  ].filter((fragment) => fragment.type === "error"),
);

/**
 * The contract's custom error inside whatever was thrown. ethers reports a revert it can
 * decode as CALL_EXCEPTION with `revert`; Hardhat's in-process provider throws its own error
 * that carries only the revert `data`, sometimes on a nested `cause` or `error`.
 */
function revertOf(error: unknown): ContractRevert | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const { revert, data, cause, error: inner, info } = current as Record<string, unknown>;
    if (revert && typeof revert === "object" && "name" in revert && "args" in revert) {
      const { name, args } = revert as { name: string; args: unknown[] };
      return new ContractRevert(name, [...args]);
    }
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) {
      try {
        const parsed = CONTRACT_ERRORS.parseError(data);
        if (parsed) return new ContractRevert(parsed.name, [...parsed.args]);
      } catch {
        // Not one of our errors (a panic or a bare revert): keep looking.
      }
    }
    queue.push(cause, inner, info);
  }
  return undefined;
}

/** A contract call reverted with a custom error: its name and arguments. */
export class ContractRevert extends Error {
  override readonly name = "ContractRevert";

  constructor(
    readonly errorName: string,
    readonly args: readonly unknown[],
  ) {
    super(`reverted with ${errorName}(${args.map(String).join(", ")})`);
  }
}

/**
 * Turns what ethers throws into either a {@link ContractRevert} (the contract said no, with a
 * reason the caller can map) or a CHAIN_UNAVAILABLE error (the node could not be reached or
 * failed in a way that says nothing about the request).
 */
export function toChainError(error: unknown): Error {
  if (error instanceof LedgerError || error instanceof ContractRevert) return error;
  const revert = revertOf(error);
  if (revert) return revert;
  return new LedgerError("CHAIN_UNAVAILABLE", "the chain could not be read or written", {
    cause: error,
    retryAfterSeconds: 2,
  });
}

/** Runs a chain read; any failure becomes {@link toChainError}'s answer. */
export async function readChain<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw toChainError(error);
  }
}
