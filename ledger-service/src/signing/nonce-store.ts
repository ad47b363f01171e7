import { LedgerError } from "../errors";

/**
 * Remembers which (signer, nonce) pairs signed requests have used, for as long as a replay of
 * such a request could still pass the timestamp check.
 *
 * An implementation must make `claim` atomic per pair: of two concurrent claims of one pair,
 * exactly one answers true. A persistent one (LevelDB, say) would key entries by signer and
 * nonce, index them by `keepUntil` to prune, and serialise claims of one key in the process.
 */
export interface NonceStore {
  /**
   * Records that `signer` used `nonce` and answers true, or answers false when the pair is
   * already recorded and still kept (its `keepUntil` is not before `now`).
   *
   * @param signer lower-case 0x address
   * @param nonce lower-case hex, as sent
   * @param keepUntil Unix ms through which the pair must be remembered
   * @param now Unix ms, the verifier's clock (entries kept until before `now` may be forgotten)
   */
  claim(signer: string, nonce: string, keepUntil: number, now: number): boolean | Promise<boolean>;
}

export interface InMemoryNonceStoreOptions {
  /**
   * At most this many pairs are kept; a claim beyond it, after forgetting what has expired,
   * answers RATE_LIMITED (429) rather than forget a pair early and let a replay through.
   * The default holds ten minutes of traffic at over 3,000 signed requests a second.
   */
  maxEntries?: number;
}

/**
 * A pair with a 16-byte nonce takes about 285 bytes of heap (measured, Node 20), so the default
 * cap is near 570 MB; 2,000 requests a second over a 5-minute window keep about 600,000 pairs.
 * V8 Maps stop at 2^24 entries.
 */
export const DEFAULT_MAX_NONCE_ENTRIES = 2_000_000;

/**
 * A {@link NonceStore} in the process's memory, for a single service process: its pairs are lost
 * on restart, which reopens a replay window of at most the timestamp window.
 *
 * Entries are forgotten by time. They sit in a Map in the order they were claimed and each claim
 * first drops expired entries from the front. `keepUntil` is the request's timestamp plus the
 * window, so it is not strictly increasing in claim order; an entry can outstay its time behind
 * a later-expiring one, by at most the width of the window (its timestamp was within the window
 * of the clock). Memory is therefore bounded by the request rate over twice the window, and by
 * `maxEntries`. If the clock steps back, pairs already forgotten stay forgotten.
 */
export class InMemoryNonceStore implements NonceStore {
  private readonly keptUntil = new Map<string, number>();
  private readonly maxEntries: number;

  constructor(options: InMemoryNonceStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_NONCE_ENTRIES;
  }

  /** Number of pairs held now, expired ones not yet dropped included. */
  get size(): number {
    return this.keptUntil.size;
  }

  claim(signer: string, nonce: string, keepUntil: number, now: number): boolean {
    this.forgetExpired(now);
    const key = `${signer}/${nonce}`;

    const kept = this.keptUntil.get(key);
    if (kept !== undefined && kept >= now) return false;
    if (kept !== undefined) this.keptUntil.delete(key);

    if (this.keptUntil.size >= this.maxEntries) {
      const [oldest] = this.keptUntil.values();
      const retryAfterSeconds = Math.max(1, Math.ceil(((oldest ?? now) - now) / 1000));
      throw new LedgerError(
        "RATE_LIMITED",
        `The nonce store holds its maximum of ${this.maxEntries} recent requests`,
        { retryAfterSeconds },
      );
    }

    this.keptUntil.set(key, keepUntil);
    return true;
  }

  /** Drops entries from the front of claim order while they are expired at `now`. */
  forgetExpired(now: number): void {
    for (const [key, keepUntil] of this.keptUntil) {
      if (keepUntil >= now) return;
      this.keptUntil.delete(key);
    }
  }
}
