/**
 * A fixed-window counter per key (an IP, or a signer). Memory stays bounded: windows that
 * ended are dropped when the next window starts.
 */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request for `key`; answers the seconds to wait, or 0 when allowed. */
  take(key: string, nowMs = Date.now()): number {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs - (nowMs % this.windowMs);
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count <= this.limit) return 0;
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - nowMs) / 1000));
  }
}
