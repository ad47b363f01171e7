import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import { InMemoryNonceStore } from "../../ledger-service/src/signing";

const ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const NONCE = "ab".repeat(16);
const T = 1767225600000;
const WINDOW = 300_000;

describe("InMemoryNonceStore", () => {
  it("answers true for a pair's first claim and false while it is kept", () => {
    const store = new InMemoryNonceStore();
    expect(store.claim(ALICE, NONCE, T + WINDOW, T)).toBe(true);
    expect(store.claim(ALICE, NONCE, T + WINDOW, T)).toBe(false);
    expect(store.claim(ALICE, NONCE, T + 2 * WINDOW, T + WINDOW)).toBe(false);
  });

  it("keys pairs by signer and nonce", () => {
    const store = new InMemoryNonceStore();
    expect(store.claim(ALICE, NONCE, T + WINDOW, T)).toBe(true);
    expect(store.claim(BOB, NONCE, T + WINDOW, T)).toBe(true);
    expect(store.claim(ALICE, "cd".repeat(16), T + WINDOW, T)).toBe(true);
    expect(store.size).toBe(3);
  });

  it("forgets a pair once the clock is past its keepUntil, and lets it be claimed again", () => {
    const store = new InMemoryNonceStore();
    store.claim(ALICE, NONCE, T + WINDOW, T);
    expect(store.claim(ALICE, NONCE, T + 2 * WINDOW + 1, T + WINDOW + 1)).toBe(true);
    expect(store.size).toBe(1);
  });

  it("forgets expired pairs on each claim, so memory follows the request rate", () => {
    const store = new InMemoryNonceStore();
    for (let second = 0; second < 3600; second++) {
      const now = T + second * 1000;
      for (let i = 0; i < 10; i++) {
        store.claim(ALICE, `${second}-${i}`.padEnd(32, "0"), now + WINDOW, now);
      }
    }
    // Ten a second for an hour; only the last 301 seconds' pairs are kept.
    expect(store.size).toBe(3010);
  });

  it("lets an expired pair be claimed while it waits behind a longer-lived one", () => {
    const store = new InMemoryNonceStore();
    store.claim(ALICE, "aa".repeat(16), T + 2 * WINDOW, T); // timestamp 5 minutes ahead
    store.claim(ALICE, "bb".repeat(16), T, T); // timestamp 5 minutes behind

    store.forgetExpired(T + WINDOW);
    expect(store.size).toBe(2);
    expect(store.claim(ALICE, "bb".repeat(16), T + 2 * WINDOW, T + WINDOW)).toBe(true);
    expect(store.size).toBe(2);

    store.forgetExpired(T + 2 * WINDOW + 1);
    expect(store.size).toBe(0);
  });

  it("answers 429 RATE_LIMITED rather than forget a live pair when it is full", () => {
    const store = new InMemoryNonceStore({ maxEntries: 2 });
    store.claim(ALICE, "01".repeat(16), T + WINDOW, T);
    store.claim(ALICE, "02".repeat(16), T + WINDOW, T);

    let error: unknown;
    try {
      store.claim(ALICE, "03".repeat(16), T + WINDOW, T + 1000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
      message: "The nonce store holds its maximum of 2 recent requests",
      retryAfterSeconds: 299,
    });
    expect(store.claim(ALICE, "01".repeat(16), T + WINDOW, T + 1000)).toBe(false);
    expect(store.claim(ALICE, "03".repeat(16), T + 2 * WINDOW, T + WINDOW + 1)).toBe(true);
  });
});
