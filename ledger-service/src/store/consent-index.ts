import type { LedgerDatabase } from "./database";

/** One consent in the time-ordered index that consent listings page through. */
export interface IndexedConsent {
  consentId: string;
  bank: string;
  /** Enterprise commitment. */
  enterprise: string;
  mode: "ONLINE" | "OFFLINE";
  /** When it was granted on-chain (block time), or when its letter was submitted. */
  at: string;
}

/**
 * Every consent this service knows of, on-chain (from the chain's ConsentGranted events, so
 * consents sent by anyone's own transaction are included) and offline letters still off-chain,
 * in time order. The chain stays the truth of each consent's status; this is only the order.
 */
export class ConsentIndex {
  private readonly entries;
  private readonly keyOf;
  private readonly meta;

  constructor(private readonly database: LedgerDatabase) {
    this.entries = database.sublevel<IndexedConsent>("consent-index");
    this.keyOf = database.sublevel<string>("consent-index-key");
    this.meta = database.sublevel<number>("consent-index-meta");
  }

  async add(consent: IndexedConsent): Promise<void> {
    if ((await this.keyOf.get(consent.consentId)) !== undefined) return;
    const key = `${String(Date.parse(consent.at)).padStart(15, "0")}!${consent.consentId}`;
    await this.database.writeDurably([
      { type: "put", sublevel: this.entries, key, value: consent },
      { type: "put", sublevel: this.keyOf, key: consent.consentId, value: key },
    ]);
  }

  async syncedBlock(): Promise<number> {
    return (await this.meta.get("syncedBlock")) ?? -1;
  }

  async setSyncedBlock(block: number): Promise<void> {
    await this.database.writeDurably([
      { type: "put", sublevel: this.meta, key: "syncedBlock", value: block },
    ]);
  }

  async *after(cursor: string | undefined): AsyncGenerator<[string, IndexedConsent]> {
    for await (const entry of this.entries.iterator(cursor ? { gt: cursor } : {})) yield entry;
  }
}
