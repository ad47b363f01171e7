import { toReceipt } from "../anchoring/receipt-encoding";
import { LedgerError } from "../errors";
import type { Receipt } from "../receipts/receipt";
import { buildBatchTree, proofFor } from "../receipts/merkle";
import type { ServiceContext } from "../service-context";
import type { StoredReceipt } from "../store/receipt-log";
import { anchoringRetrySeconds } from "./outcome-reverts";

/** `IOutcomeRegistry.ReceiptProof`: where a query's receipt was anchored, and its proof. */
export interface AnchoredReceiptProof {
  anchorer: string;
  batchId: number;
  receipt: Receipt;
  proof: string[];
}

/**
 * The proof that a query's receipt is in a batch this service anchored, rebuilt from the
 * batch's stored receipts. Throws QUERY_NOT_ANCHORED (with Retry-After) while its batch is not
 * anchored yet.
 */
export async function anchoredReceiptProof(
  ctx: ServiceContext,
  stored: StoredReceipt,
): Promise<AnchoredReceiptProof> {
  const batch = await ctx.anchors.batchOfSeq(stored.receipt.seq);
  if (!batch) {
    throw new LedgerError(
      "QUERY_NOT_ANCHORED",
      `query ${stored.queryId} is not anchored yet; retry once its batch is on-chain`,
      { retryAfterSeconds: anchoringRetrySeconds(ctx.config.anchorIntervalMs) },
    );
  }
  const members = await ctx.receipts.range(batch.firstSeq, batch.lastSeq);
  const tree = buildBatchTree(members.map((m) => m.queryId));
  if (tree.root.toLowerCase() !== batch.root.toLowerCase()) {
    throw new LedgerError(
      "INTERNAL",
      `batch ${batch.batchId} does not rebuild to its anchored root`,
    );
  }
  return {
    anchorer: ctx.senders.anchorer.address,
    batchId: batch.batchId,
    receipt: toReceipt(stored.receipt),
    proof: proofFor(tree, stored.queryId),
  };
}
