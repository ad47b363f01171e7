import fs from "node:fs";
import path from "node:path";

import { Level } from "level";

import type { ContractAddresses, DeploymentBlock } from "../chain/ledger-contracts";

/** The one LevelDB of the service, with a sublevel per kind of record. */
export class LedgerDatabase {
  readonly db: Level<string, unknown>;
  private grouped:
    { operations: BatchOperation[]; waiters: ((error?: unknown) => void)[] } | undefined;

  constructor(readonly directory: string) {
    this.db = new Level<string, unknown>(directory, { valueEncoding: "json" });
  }

  async open(): Promise<void> {
    await this.db.open();
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  sublevel<V>(name: string) {
    return this.db.sublevel<string, V>(name, { valueEncoding: "json" });
  }

  /**
   * Writes operations across sublevels atomically and durably (fsync before it resolves),
   * so that a crash leaves either all of them or none.
   */
  async writeDurably(operations: readonly BatchOperation[]): Promise<void> {
    if (operations.length === 0) return;
    // The typed batch API wants one value type per call; these span sublevels.
    await this.db.batch(operations as never, { sync: true });
  }

  /**
   * Like {@link writeDurably}, but the writes issued in the same turn of the event loop are
   * written together: one fsync for many concurrent requests (group commit).
   */
  writeGrouped(operations: readonly BatchOperation[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = (error?: unknown) => (error === undefined ? resolve() : reject(error));
      if (this.grouped) {
        this.grouped.operations.push(...operations);
        this.grouped.waiters.push(waiter);
        return;
      }
      this.grouped = { operations: [...operations], waiters: [waiter] };
      setImmediate(() => void this.flushGrouped());
    });
  }

  private async flushGrouped(): Promise<void> {
    // Detach first: writes arriving from now on start the next group.
    const group = this.grouped!;
    this.grouped = undefined;
    let error: unknown;
    try {
      await this.writeDurably(group.operations);
    } catch (cause) {
      error = cause ?? new Error("write failed");
    }
    for (const waiter of group.waiters) waiter(error);
  }
}

export type BatchOperation =
  | { type: "put"; sublevel: unknown; key: string; value: unknown }
  | { type: "del"; sublevel: unknown; key: string };

/** Fixed-width decimal key so that lexicographic order is numeric order. */
export function seqKey(seq: number | bigint): string {
  return seq.toString().padStart(16, "0");
}

/** Where the store's identity lives: the chain and deployment it belongs to. */
export interface StoreIdentity {
  chainId: string;
  ledger: string;
  contracts: ContractAddresses;
  /** The block that deployed the ledger: the same address on a new chain is another ledger. */
  deployedIn?: DeploymentBlock;
  embedded: boolean;
  createdAt: string;
}

const IDENTITY_FILE = "ledger-store.json";

export function readStoreIdentity(directory: string): StoreIdentity | undefined {
  const file = path.join(directory, IDENTITY_FILE);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as StoreIdentity;
}

export function writeStoreIdentity(directory: string, identity: StoreIdentity): void {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, IDENTITY_FILE);
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(identity, null, 2));
  fs.renameSync(temporary, file);
}

/** True when the directory exists and holds anything at all. */
export function directoryInUse(directory: string): boolean {
  return fs.existsSync(directory) && fs.readdirSync(directory).length > 0;
}

/**
 * Moves a store that belongs to another chain or deployment aside, so that it is never mixed
 * with this one, and answers where it went. Nothing is deleted.
 */
export function moveStoreAside(directory: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  let target = `${directory}.previous-${stamp}`;
  for (let n = 1; fs.existsSync(target); n++) target = `${directory}.previous-${stamp}-${n}`;
  fs.renameSync(directory, target);
  return target;
}
