import type { Logger } from "pino";

import { CATEGORY_BITS, type Category } from "../domain/categories";
import { ContractRevert } from "../chain/chain-errors";
import type { LedgerContracts } from "../chain/ledger-contracts";
import type { TransactionSender } from "../chain/transaction-sender";
import type { AnchorStore, DataBatchEntry } from "../store/anchor-store";

/**
 * Anchors provider imports: hash, provider, category, record count and the digest of the
 * provider's signed request. An import is stored first and anchored after; one whose anchoring
 * failed (the chain was away) stays pending and is retried.
 */
export class DataBatchAnchorer {
  constructor(
    private readonly store: AnchorStore,
    private readonly contracts: LedgerContracts,
    private readonly sender: TransactionSender,
    private readonly logger: Logger,
  ) {}

  async anchor(entry: DataBatchEntry): Promise<DataBatchEntry> {
    if (entry.txHash !== null) return entry;
    let txHash: string;
    let blockNumber: number;
    try {
      const receipt = await this.sender.send((runner) =>
        this.contracts.anchors
          .connect(runner)
          .anchorDataBatch(
            entry.batchHash,
            entry.provider,
            CATEGORY_BITS[entry.category as Category],
            entry.recordCount,
            entry.requestDigest,
          ),
      );
      txHash = receipt.hash;
      blockNumber = receipt.blockNumber;
    } catch (error) {
      if (!(error instanceof ContractRevert) || error.errorName !== "DataBatchAlreadyAnchored") {
        throw error;
      }
      // Anchored before a crash let us record it: read where from the chain's event.
      const events = await this.contracts.anchors.queryFilter(
        this.contracts.anchors.filters.DataBatchAnchored(entry.batchHash),
      );
      txHash = events[0]?.transactionHash ?? "";
      blockNumber = events[0]?.blockNumber ?? 0;
    }
    const anchored = { ...entry, txHash, blockNumber };
    await this.store.putDataBatch(anchored);
    this.logger.info(
      {
        event: "anchoring.data-batch",
        batchHash: entry.batchHash,
        provider: entry.provider,
        txHash,
      },
      "data batch anchored",
    );
    return anchored;
  }

  private timer: NodeJS.Timeout | undefined;
  private running = false;

  /** Anchors every stored import that is still pending. */
  async anchorPending(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for await (const entry of this.store.allDataBatches()) {
        if (entry.txHash === null) await this.anchor(entry);
      }
    } finally {
      this.running = false;
    }
  }

  /** Retries pending imports every `intervalMs` while the service runs. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.anchorPending().catch((error: Error) =>
        this.logger.warn(
          { event: "anchoring.data-batch-failed", reason: error.message },
          "pending imports not anchored yet",
        ),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
