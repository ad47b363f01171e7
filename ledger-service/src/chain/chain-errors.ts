import { ethers } from "ethers";

import { LedgerError } from "../errors";

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
  if (ethers.isError(error, "CALL_EXCEPTION") && error.revert) {
    return new ContractRevert(error.revert.name, [...error.revert.args]);
  }
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
