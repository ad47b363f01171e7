import type { BatchOperation, LedgerDatabase } from "./database";
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

/**
 * Receipt batches of one anchoring account (batch ids and sequence numbers run per account, so
 * a new ANCHORER key starts its own series), and every provider import.
 */
export class AnchorStore {
  private readonly batches;
  private readonly batchByLastSeq;
  private readonly dataBatches;
  private readonly prefix: string;

  constructor(
    private readonly database: LedgerDatabase,
    anchorer: string,
  ) {
    this.batches = database.sublevel<AnchoredBatch>("receipt-batches");
    this.batchByLastSeq = database.sublevel<number>("receipt-batch-by-last-seq");
    this.dataBatches = database.sublevel<DataBatchEntry>("data-batches");
    this.prefix = `${anchorer.toLowerCase()}!`;
  }

  async putBatch(batch: AnchoredBatch): Promise<void> {
    const previous = await this.getBatch(batch.batchId);
    await this.database.writeDurably([
      ...(previous && previous.lastSeq !== batch.lastSeq
        ? [{ type: "del" as const, sublevel: this.batchByLastSeq, key: this.key(previous.lastSeq) }]
        : []),
      { type: "put", sublevel: this.batches, key: this.key(batch.batchId), value: batch },
      {
        type: "put",
        sublevel: this.batchByLastSeq,
        key: this.key(batch.lastSeq),
        value: batch.batchId,
      },
    ]);
  }

  /**
   * Forgets the batches after `batchId`: the chain no longer has them (it was rolled back, or
   * is another chain), so they must not answer proofs.
   */
  async deleteBatchesAfter(batchId: number): Promise<number> {
    const operations: BatchOperation[] = [];
    const range = { gt: this.key(batchId), lt: `${this.prefix}\xff` };
    for await (const batch of this.batches.values(range)) {
      operations.push({ type: "del", sublevel: this.batches, key: this.key(batch.batchId) });
      operations.push({ type: "del", sublevel: this.batchByLastSeq, key: this.key(batch.lastSeq) });
    }
    await this.database.writeDurably(operations);
    return operations.length / 2;
  }

  async getBatch(batchId: number): Promise<AnchoredBatch | undefined> {
    return this.batches.get(this.key(batchId));
  }

  /** The batch whose range holds `seq`, if it has been anchored. */
  async batchOfSeq(seq: number): Promise<AnchoredBatch | undefined> {
    const range = { gte: this.key(seq), lt: `${this.prefix}\xff`, limit: 1 };
    for await (const batchId of this.batchByLastSeq.values(range)) {
      const batch = await this.getBatch(batchId);
      return batch && batch.firstSeq <= seq ? batch : undefined;
    }
    return undefined;
  }

  async lastBatch(): Promise<AnchoredBatch | undefined> {
    const range = { gte: this.prefix, lt: `${this.prefix}\xff`, reverse: true, limit: 1 };
    for await (const value of this.batches.values(range)) return value;
    return undefined;
  }

  async *allBatches(): AsyncGenerator<AnchoredBatch> {
    for await (const value of this.batches.values({ gte: this.prefix, lt: `${this.prefix}\xff` })) {
      yield value;
    }
  }

  private key(n: number): string {
    return `${this.prefix}${seqKey(n)}`;
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
