import { ethers } from "ethers";

import type { BatchOperation, LedgerDatabase } from "./database";
import { seqKey } from "./database";

/**
 * The leaf values of a query receipt, in the order of the on-chain `Receipt` struct. JSON
 * numbers are safe here: sequence numbers, blocks and seconds stay far below 2^53.
 */
export interface ReceiptValues {
  leafVersion: number;
  seq: number;
  prevLeaf: string;
  consentId: string;
  bank: string;
  enterprise: string;
  categories: number;
  purpose: number;
  requestHash: string;
  responseHash: string;
  checkedBlock: number;
  servedAt: number;
  bankSignature: string;
}

export type NewReceipt = Omit<ReceiptValues, "leafVersion" | "seq" | "prevLeaf">;

export interface StoredReceipt {
  queryId: string;
  receipt: ReceiptValues;
  /** Wall-clock milliseconds the receipt was written, for the anchoring-lag limit. */
  writtenAtMs: number;
}

export type LeafHasher = (receipt: ReceiptValues) => string;

interface PendingAppend {
  stored: StoredReceipt;
  operations: BatchOperation[];
  resolve(stored: StoredReceipt): void;
  reject(error: unknown): void;
}

/**
 * The append-only log of query receipts. Each receipt gets the next sequence number and
 * chains to the previous leaf; appends are group-committed: the receipts of all requests
 * waiting at one moment are written in one synced batch, and each append resolves only once
 * its receipt is on disk. A failed write rejects every receipt of that batch and everything
 * chained after it, and the log continues from the last receipt that reached the disk, so no
 * sequence number is ever skipped.
 */
export class ReceiptLog {
  private readonly receipts;
  private readonly byQuery;
  private readonly byEnterprise;
  private readonly byBank;

  private lastSeq = 0;
  private lastLeaf = ethers.ZeroHash;
  private durableSeq = 0;
  private durableLeaf = ethers.ZeroHash;
  private queue: PendingAppend[] = [];
  private flushing = false;

  constructor(
    private readonly database: LedgerDatabase,
    private readonly leafHash: LeafHasher,
  ) {
    this.receipts = database.sublevel<StoredReceipt>("receipts");
    this.byQuery = database.sublevel<number>("receipt-by-query");
    this.byEnterprise = database.sublevel<number>("receipt-by-enterprise");
    this.byBank = database.sublevel<number>("receipt-by-bank");
  }

  /** Loads the position of the last durable receipt. */
  async open(): Promise<void> {
    for await (const value of this.receipts.values({ reverse: true, limit: 1 })) {
      this.lastSeq = this.durableSeq = value.receipt.seq;
      this.lastLeaf = this.durableLeaf = value.queryId;
    }
  }

  get lastDurableSeq(): number {
    return this.durableSeq;
  }

  /** Appends a receipt; resolves with it (and its query id) once it is durable. */
  append(fields: NewReceipt, nowMs = Date.now()): Promise<StoredReceipt> {
    const receipt: ReceiptValues = {
      leafVersion: 1,
      seq: this.lastSeq + 1,
      prevLeaf: this.lastLeaf,
      ...fields,
    };
    const queryId = this.leafHash(receipt);
    this.lastSeq = receipt.seq;
    this.lastLeaf = queryId;

    const stored: StoredReceipt = { queryId, receipt, writtenAtMs: nowMs };
    const key = seqKey(receipt.seq);
    const operations: BatchOperation[] = [
      { type: "put", sublevel: this.receipts, key, value: stored },
      { type: "put", sublevel: this.byQuery, key: queryId, value: receipt.seq },
      {
        type: "put",
        sublevel: this.byEnterprise,
        key: `${receipt.enterprise.toLowerCase()}!${key}`,
        value: receipt.seq,
      },
      {
        type: "put",
        sublevel: this.byBank,
        key: `${receipt.bank.toLowerCase()}!${key}`,
        value: receipt.seq,
      },
    ];
    return new Promise<StoredReceipt>((resolve, reject) => {
      this.queue.push({ stored, operations, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      try {
        await this.database.writeDurably(group.flatMap((p) => p.operations));
      } catch (error) {
        // Nothing of this group is on disk; receipts queued meanwhile chain onto it.
        const failed = [...group, ...this.queue];
        this.queue = [];
        this.lastSeq = this.durableSeq;
        this.lastLeaf = this.durableLeaf;
        for (const pending of failed) pending.reject(error);
        continue;
      }
      const last = group[group.length - 1].stored;
      this.durableSeq = last.receipt.seq;
      this.durableLeaf = last.queryId;
      for (const pending of group) pending.resolve(pending.stored);
    }
    this.flushing = false;
  }

  async getBySeq(seq: number): Promise<StoredReceipt | undefined> {
    return this.receipts.get(seqKey(seq));
  }

  async getByQueryId(queryId: string): Promise<StoredReceipt | undefined> {
    const seq = await this.byQuery.get(queryId.toLowerCase());
    return seq === undefined ? undefined : this.getBySeq(seq);
  }

  /** Receipts with `firstSeq <= seq <= lastSeq`, in order. */
  async range(firstSeq: number, lastSeq: number): Promise<StoredReceipt[]> {
    const found: StoredReceipt[] = [];
    const options = { gte: seqKey(firstSeq), lte: seqKey(lastSeq) };
    for await (const value of this.receipts.values(options)) found.push(value);
    return found;
  }

  /** Every receipt, in sequence order, streamed. */
  async *all(): AsyncGenerator<StoredReceipt> {
    // Large reads per native call: the integrity check walks every receipt. classic-level
    // takes highWaterMarkBytes; abstract-level's types do not list it.
    const options = { highWaterMarkBytes: 4 << 20 } as Parameters<typeof this.receipts.values>[0];
    for await (const value of this.receipts.values(options)) yield value as StoredReceipt;
  }

  /** Receipts after `afterSeq` that pass `filter`, in sequence order, at most `limit`. */
  async list(
    afterSeq: number,
    limit: number,
    filter: (stored: StoredReceipt) => boolean,
  ): Promise<{ receipts: StoredReceipt[]; more: boolean }> {
    const receipts: StoredReceipt[] = [];
    for await (const value of this.receipts.values({ gt: seqKey(afterSeq) })) {
      if (!filter(value)) continue;
      if (receipts.length === limit) return { receipts, more: true };
      receipts.push(value);
    }
    return { receipts, more: false };
  }

  /**
   * Receipts of one enterprise (or bank) in sequence order, from after `afterSeq`, at most
   * `limit`, with whether more remain.
   */
  async listBy(
    index: "enterprise" | "bank",
    value: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ receipts: StoredReceipt[]; more: boolean }> {
    const sublevel = index === "enterprise" ? this.byEnterprise : this.byBank;
    const prefix = `${value.toLowerCase()}!`;
    const seqs: number[] = [];
    const options = { gt: `${prefix}${seqKey(afterSeq)}`, lt: `${prefix}\xff`, limit: limit + 1 };
    for await (const seq of sublevel.values(options)) seqs.push(seq);
    const more = seqs.length > limit;
    const page = await this.receipts.getMany(seqs.slice(0, limit).map(seqKey));
    return { receipts: page.filter((r): r is StoredReceipt => r !== undefined), more };
  }
}
