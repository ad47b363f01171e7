import type { Category, Purpose } from "../domain/categories";
import type { LedgerDatabase } from "./database";

/** A bank's request for an enterprise's consent; answered by a consent that names it. */
export interface ConsentRequest {
  requestId: string;
  bank: string;
  uscc: string;
  /** The enterprise's commitment, for matching the caller's on-chain identity. */
  enterprise: string;
  categories: Category[];
  purposes: Purpose[];
  validFrom: number | null;
  validUntil: number;
  note: string | null;
  status: "OPEN" | "ANSWERED";
  consentId: string | null;
  createdAt: string;
  answeredAt: string | null;
}

export class ConsentRequestStore {
  private readonly requests;
  private readonly byTime;

  constructor(private readonly database: LedgerDatabase) {
    this.requests = database.sublevel<ConsentRequest>("consent-requests");
    this.byTime = database.sublevel<string>("consent-requests-by-time");
  }

  async put(request: ConsentRequest, isNew: boolean): Promise<void> {
    const key = `${String(Date.parse(request.createdAt)).padStart(15, "0")}!${request.requestId}`;
    await this.database.writeDurably([
      { type: "put", sublevel: this.requests, key: request.requestId, value: request },
      ...(isNew
        ? [{ type: "put" as const, sublevel: this.byTime, key, value: request.requestId }]
        : []),
    ]);
  }

  async get(requestId: string): Promise<ConsentRequest | undefined> {
    return this.requests.get(requestId.toLowerCase());
  }

  /** Requests in creation order after `cursor` that pass `filter`, at most `limit`. */
  async list(
    cursor: string | undefined,
    limit: number,
    filter: (request: ConsentRequest) => boolean,
  ): Promise<{ entries: ConsentRequest[]; next: string | undefined }> {
    const entries: ConsentRequest[] = [];
    let lastKey: string | undefined;
    let more = false;
    for await (const [key, requestId] of this.byTime.iterator(cursor ? { gt: cursor } : {})) {
      const request = await this.get(requestId);
      if (!request || !filter(request)) continue;
      if (entries.length === limit) {
        more = true;
        break;
      }
      entries.push(request);
      lastKey = key;
    }
    return { entries, next: more ? lastKey : undefined };
  }
}
