// Assertions and chain controls shared by the contract tests: a revert must carry the named
// custom error with exactly these arguments, an event must be in the receipt with exactly these
// arguments, and each fixture starts from the same snapshot.
import { ethers, network } from "hardhat";
import type {
  BaseContract,
  ContractTransactionReceipt,
  ContractTransactionResponse,
  Interface,
  LogDescription,
  Result,
} from "ethers";
import { expect } from "vitest";

type HasInterface = { interface: Interface };

/** Arguments as plain data: Results become arrays, numbers bigints, hex strings lower case. */
export function plain(value: unknown): unknown {
  if (typeof value === "number") return BigInt(value);
  if (typeof value === "string" && value.startsWith("0x")) return value.toLowerCase();
  if (Array.isArray(value)) return Array.from(value, plain);
  return value;
}

/** A struct returned by a view call, as an object of its named fields. */
export function fieldsOf(struct: object): Record<string, unknown> {
  return (struct as Result).toObject();
}

/** The revert data of an ethers / Hardhat error, wherever the provider put it. */
function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const item = queue.shift();
    if (item === null || typeof item !== "object" || seen.has(item)) continue;
    seen.add(item);
    const data = (item as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
    for (const key of ["error", "info", "cause", "data"])
      queue.push((item as Record<string, unknown>)[key]);
  }
  return undefined;
}

/**
 * Asserts that `action` reverts with custom error `errorName` of `contract` and exactly `args`.
 */
export async function expectRevert(
  action: Promise<unknown>,
  contract: HasInterface,
  errorName: string,
  args: unknown[] = [],
): Promise<void> {
  let caught: unknown;
  try {
    await action;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined)
    throw new Error(`expected a revert with ${errorName}, but it succeeded`);
  const data = revertData(caught);
  if (data === undefined)
    throw new Error(`expected ${errorName}, got no revert data: ${String(caught)}`);
  const parsed = contract.interface.parseError(data);
  expect(parsed?.name, `revert data ${data}`).toBe(errorName);
  expect(plain(Array.from(parsed!.args))).toEqual(plain(args));
}

/** The receipt of a transaction, failing the test if it did not mine. */
export async function mined(
  tx: Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt;
}

/** The events `eventName` that `contract` emitted in `receipt`. */
export function eventsOf(
  receipt: ContractTransactionReceipt,
  contract: BaseContract,
  eventName: string,
): LogDescription[] {
  const address = (contract.target as string).toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === address)
    .map((log) => contract.interface.parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed?.name === eventName);
}

/**
 * Asserts that `contract` emitted exactly one `eventName` in `receipt`, with exactly `args`.
 */
export function expectEvent(
  receipt: ContractTransactionReceipt,
  contract: BaseContract,
  eventName: string,
  args: unknown[],
): void {
  const found = eventsOf(receipt, contract, eventName);
  expect(found.length, `${eventName} events in the receipt`).toBe(1);
  expect(plain(Array.from(found[0].args))).toEqual(plain(args));
}

/** Asserts that `contract` emitted no `eventName` in `receipt`. */
export function expectNoEvent(
  receipt: ContractTransactionReceipt,
  contract: BaseContract,
  eventName: string,
): void {
  expect(eventsOf(receipt, contract, eventName)).toHaveLength(0);
}

/**
 * A fixture: `deploy` runs once; every later call reverts the chain to the state right after it,
 * so each test starts from the same deployment. Interval mining is switched off so that block
 * numbers and times move only when a test moves them.
 */
export function fixture<T>(deploy: () => Promise<T>): () => Promise<T> {
  let snapshot: string | undefined;
  let value: T;
  return async () => {
    if (snapshot === undefined) {
      await network.provider.send("evm_setIntervalMining", [0]);
      value = await deploy();
    } else {
      await network.provider.send("evm_revert", [snapshot]);
    }
    snapshot = (await network.provider.send("evm_snapshot", [])) as string;
    return value;
  };
}

/** The timestamp of the latest block. */
export async function latestTime(): Promise<bigint> {
  const block = await ethers.provider.getBlock("latest");
  return BigInt(block!.timestamp);
}

/** Moves the clock forward by `seconds` and mines a block at the new time. */
export async function increaseTime(seconds: bigint | number): Promise<void> {
  await network.provider.send("evm_increaseTime", [Number(seconds)]);
  await network.provider.send("evm_mine", []);
}

/** Mines a block at exactly `timestamp`. */
export async function mineAt(timestamp: bigint | number): Promise<void> {
  await network.provider.send("evm_mine", [Number(timestamp)]);
}

/** Makes the next block's timestamp exactly `timestamp` (the next transaction mines it). */
export async function setNextBlockTime(timestamp: bigint | number): Promise<void> {
  await network.provider.send("evm_setNextBlockTimestamp", [Number(timestamp)]);
}

/** A random 256-bit value, as for nonces and salts. */
export function random32(): bigint {
  return BigInt(ethers.hexlify(ethers.randomBytes(32)));
}
