import type { Logger } from "pino";

import type { LedgerContracts } from "../chain/ledger-contracts";
import { readChain } from "../chain/chain-errors";
import type { TransactionSender } from "../chain/transaction-sender";
import type { AnchorStore, AnchoredBatch } from "../store/anchor-store";
import type { ReceiptLog } from "../store/receipt-log";
import { buildBatchTree } from "../receipts/merkle";

export interface AnchorerOptions {
  batchSize: number;
  intervalMs: number;
}

/**
 * Anchors durable receipts on-chain in sequence: every interval, or as soon as a full batch
 * is waiting, it takes the receipts after the last anchored one (at most `batchSize`), builds
 * their Merkle tree and sends `anchor(root, firstSeq, lastSeq, count)` with the ANCHORER key.
 * The chain is the truth of what was anchored: on start, and whenever the chain disagrees,
 * batches anchored but not yet recorded here (a crash after sending) are read back from it.
 */
export class ReceiptAnchorer {
  private anchoredSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private oldestUnanchored: { seq: number; writtenAtMs: number } | undefined;
  lastError: string | undefined;

  constructor(
    private readonly receipts: ReceiptLog,
    private readonly store: AnchorStore,
    private readonly contracts: LedgerContracts,
    private readonly sender: TransactionSender,
    private readonly options: AnchorerOptions,
    private readonly logger: Logger,
  ) {}

  get lastAnchoredSeq(): number {
    return this.anchoredSeq;
  }

  async start(): Promise<void> {
    await this.reconcile();
    this.timer = setInterval(() => void this.anchorPending(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Called after each durable receipt: a full batch is anchored without waiting. */
  notifyAppended(lastSeq: number): void {
    if (lastSeq - this.anchoredSeq >= this.options.batchSize) void this.anchorPending();
  }

  /**
   * Milliseconds since the oldest unanchored receipt was written (0 when none). Called on
   * every query, so the oldest receipt's time is remembered until it is anchored.
   */
  async oldestUnanchoredAgeMs(nowMs: number): Promise<number> {
    if (this.receipts.lastDurableSeq <= this.anchoredSeq) return 0;
    const seq = this.anchoredSeq + 1;
    if (this.oldestUnanchored?.seq !== seq) {
      const oldest = await this.receipts.getBySeq(seq);
      if (!oldest) return 0;
      this.oldestUnanchored = { seq, writtenAtMs: oldest.writtenAtMs };
    }
    return Math.max(0, nowMs - this.oldestUnanchored.writtenAtMs);
  }

  /** Anchors everything durable now; resolves when done (or when a round fails). */
  anchorPending(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.anchorAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async anchorAll(): Promise<void> {
    try {
      while (!this.stopped && this.receipts.lastDurableSeq > this.anchoredSeq) {
        await this.anchorNextBatch();
      }
      this.lastError = undefined;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.logger.warn(
        { event: "anchoring.failed", reason: this.lastError },
        "anchoring round failed",
      );
      await this.reconcile().catch(() => undefined);
    }
  }

  private async anchorNextBatch(): Promise<void> {
    const firstSeq = this.anchoredSeq + 1;
    const lastSeq = Math.min(
      this.receipts.lastDurableSeq,
      this.anchoredSeq + this.options.batchSize,
    );
    const receipts = await this.receipts.range(firstSeq, lastSeq);
    if (receipts.length !== lastSeq - firstSeq + 1) {
      throw new Error(`receipts ${firstSeq}..${lastSeq} are incomplete in the store`);
    }
    const tree = buildBatchTree(receipts.map((r) => r.queryId));
    const count = lastSeq - firstSeq + 1;

    const txReceipt = await this.sender.send((runner) =>
      this.contracts.anchors.connect(runner).anchor(tree.root, firstSeq, lastSeq, count),
    );
    const event = txReceipt.logs
      .map((log) => this.contracts.anchors.interface.parseLog(log))
      .find((parsed) => parsed?.name === "ReceiptBatchAnchored");
    if (!event) throw new Error(`anchoring transaction ${txReceipt.hash} emitted no batch`);

    const batch: AnchoredBatch = {
      batchId: Number(event.args.batchId),
      root: tree.root,
      firstSeq,
      lastSeq,
      txHash: txReceipt.hash,
      blockNumber: txReceipt.blockNumber,
    };
    await this.store.putBatch(batch);
    this.anchoredSeq = lastSeq;
    this.logger.info(
      { event: "anchoring.batch", batchId: batch.batchId, firstSeq, lastSeq, txHash: batch.txHash },
      "receipt batch anchored",
    );
  }

  /** Brings the local batch records level with the chain's. */
  async reconcile(): Promise<void> {
    const anchorer = this.sender.address;
    const onChainCount = Number(await readChain(() => this.contracts.anchors.batchCount(anchorer)));
    const dropped = await this.store.deleteBatchesAfter(onChainCount);
    if (dropped > 0) {
      this.sender.resetNonce();
      this.logger.warn(
        { event: "anchoring.batches-dropped", after: onChainCount, count: dropped },
        "the chain no longer has batches the store recorded (a rollback?); they will be anchored again",
      );
    }
    const localLast = (await this.store.lastBatch())?.batchId ?? 0;
    for (let batchId = localLast + 1; batchId <= onChainCount; batchId++) {
      const onChain = await readChain(() => this.contracts.anchors.receiptBatch(anchorer, batchId));
      const events = await readChain(() =>
        this.contracts.anchors.queryFilter(
          this.contracts.anchors.filters.ReceiptBatchAnchored(anchorer, batchId),
        ),
      );
      const batch: AnchoredBatch = {
        batchId,
        root: onChain.root,
        firstSeq: Number(onChain.firstSeq),
        lastSeq: Number(onChain.lastSeq),
        txHash: events[0]?.transactionHash ?? "",
        blockNumber: Number(onChain.anchoredBlock),
      };
      await this.store.putBatch(batch);
      this.logger.warn(
        { event: "anchoring.recovered", batchId, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq },
        "recorded a batch that the chain has but the store had not",
      );
    }
    this.anchoredSeq = Number(
      await readChain(() => this.contracts.anchors.lastAnchoredSeq(anchorer)),
    );
  }
}
