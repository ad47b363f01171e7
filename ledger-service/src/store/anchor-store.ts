import type { LedgerDatabase } from "./database";
import { seqKey } from "./database";

/** A receipt batch as anchored on-chain by this service's anchoring account. */
export interface AnchoredBatch {
  batchId: number;
  root: string;
  firstSeq: number;
  lastSeq: number;
  txHash: string;
  blockNumber: number;
}

/** One provider import: what was anchored for it, and the provider's signed request. */
export interface DataBatchEntry {
  batchHash: string;
  provider: string;
  category: string;
  recordCount: number;
  /** The EIP-191 digest of the provider's signed import request and its signature. */
  requestDigest: string;
  requestSignature: string;
  importedAt: string;
  /** Null until the anchoring transaction is mined. */
  txHash: string | null;
  blockNumber: number | null;
}

export class AnchorStore {
  private readonly batches;
  private readonly batchByLastSeq;
  private readonly dataBatches;

  constructor(private readonly database: LedgerDatabase) {
    this.batches = database.sublevel<AnchoredBatch>("receipt-batches");
    this.batchByLastSeq = database.sublevel<number>("receipt-batch-by-last-seq");
    this.dataBatches = database.sublevel<DataBatchEntry>("data-batches");
  }

  async putBatch(batch: AnchoredBatch): Promise<void> {
    await this.database.writeDurably([
      { type: "put", sublevel: this.batches, key: seqKey(batch.batchId), value: batch },
      {
        type: "put",
        sublevel: this.batchByLastSeq,
        key: seqKey(batch.lastSeq),
        value: batch.batchId,
      },
    ]);
  }

  async getBatch(batchId: number): Promise<AnchoredBatch | undefined> {
    return this.batches.get(seqKey(batchId));
  }

  /** The batch whose range holds `seq`, if it has been anchored. */
  async batchOfSeq(seq: number): Promise<AnchoredBatch | undefined> {
    for await (const batchId of this.batchByLastSeq.values({ gte: seqKey(seq), limit: 1 })) {
      const batch = await this.getBatch(batchId);
      return batch && batch.firstSeq <= seq ? batch : undefined;
    }
    return undefined;
  }

  async lastBatch(): Promise<AnchoredBatch | undefined> {
    for await (const value of this.batches.values({ reverse: true, limit: 1 })) return value;
    return undefined;
  }

  async *allBatches(): AsyncGenerator<AnchoredBatch> {
    for await (const value of this.batches.values()) yield value;
  }

  dataBatchOperation(entry: DataBatchEntry) {
    return { type: "put" as const, sublevel: this.dataBatches, key: entry.batchHash, value: entry };
  }

  async putDataBatch(entry: DataBatchEntry): Promise<void> {
    await this.database.writeDurably([this.dataBatchOperation(entry)]);
  }

  async getDataBatch(batchHash: string): Promise<DataBatchEntry | undefined> {
    return this.dataBatches.get(batchHash);
  }

  async *allDataBatches(): AsyncGenerator<DataBatchEntry> {
    for await (const value of this.dataBatches.values()) yield value;
  }
}
