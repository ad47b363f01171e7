import { randomBytes } from "node:crypto";

import type { LedgerDatabase } from "./database";

/** A refused request, kept for regulators: who asked, for what, and which code answered. */
export interface Refusal {
  at: string;
  requestId: string;
  signer: string | null;
  method: string;
  path: string;
  code: string;
  status: number;
  consentId?: string;
  /** The enterprise commitment, never the bare USCC. */
  enterprise?: string;
  categories?: string[];
  purpose?: string;
}

export class RefusalLog {
  private readonly refusals;

  constructor(private readonly database: LedgerDatabase) {
    this.refusals = database.sublevel<Refusal>("refusals");
  }

  async record(refusal: Refusal): Promise<void> {
    const key = `${String(Date.parse(refusal.at)).padStart(15, "0")}!${randomBytes(6).toString("hex")}`;
    await this.database.writeDurably([
      { type: "put", sublevel: this.refusals, key, value: refusal },
    ]);
  }

  /** Refusals in time order from after `cursor`, at most `limit`. */
  async list(
    cursor: string | undefined,
    limit: number,
    filter: (refusal: Refusal) => boolean = () => true,
  ): Promise<{ entries: Refusal[]; next: string | undefined }> {
    const entries: Refusal[] = [];
    let lastKey: string | undefined;
    let more = false;
    const options = cursor === undefined ? {} : { gt: cursor };
    for await (const [key, value] of this.refusals.iterator(options)) {
      if (!filter(value)) continue;
      if (entries.length === limit) {
        more = true;
        break;
      }
      entries.push(value);
      lastKey = key;
    }
    return { entries, next: more ? lastKey : undefined };
  }
}
