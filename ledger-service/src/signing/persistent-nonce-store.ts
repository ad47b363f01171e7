import type { LedgerDatabase } from "../store/database";
import { InMemoryNonceStore, type NonceStore } from "./nonce-store";

/**
 * A {@link NonceStore} that survives restarts: each claimed pair is also written to LevelDB
 * (group-committed with the other requests of the moment) before the request goes on, and
 * the pairs still inside the window are loaded back at start. So a request captured before a
 * restart cannot be replayed after it.
 */
export class PersistentNonceStore implements NonceStore {
  private readonly memory = new InMemoryNonceStore();
  private readonly entries;
  private lastPruneMs = 0;

  constructor(private readonly database: LedgerDatabase) {
    this.entries = database.sublevel<number>("request-nonces");
  }

  /** Loads the pairs not yet expired at `nowMs`. */
  async open(nowMs: number): Promise<void> {
    for await (const [key, keepUntil] of this.entries.iterator({ gte: timeKey(nowMs) })) {
      const [, signer, nonce] = key.split("!");
      this.memory.claim(signer, nonce, keepUntil, nowMs);
    }
    await this.prune(nowMs);
  }

  async claim(signer: string, nonce: string, keepUntil: number, now: number): Promise<boolean> {
    if (!this.memory.claim(signer, nonce, keepUntil, now)) return false;
    const key = `${timeKey(keepUntil)}!${signer}!${nonce}`;
    await this.database.writeGrouped([
      { type: "put", sublevel: this.entries, key, value: keepUntil },
    ]);
    if (now - this.lastPruneMs > 60_000) void this.prune(now);
    return true;
  }

  /** Deletes the pairs that expired before `nowMs`. */
  private async prune(nowMs: number): Promise<void> {
    this.lastPruneMs = nowMs;
    await this.entries.clear({ lt: timeKey(nowMs) });
  }
}

function timeKey(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(15, "0");
}
