import { ethers } from "ethers";

import { buildBatchTree } from "../receipts/merkle";
import { readChain } from "../chain/chain-errors";
import { receiptLeafHash } from "../receipts/leaf";
import { toReceipt } from "../anchoring/receipt-encoding";
import type { ServiceContext } from "../service-context";
import { checkOutcomes } from "./outcome-integrity";

export interface IntegrityGap {
  kind: "RECEIPT_SEQUENCE" | "ANCHORED_BEYOND_LOG";
  fromSeq: number;
  toSeq: number;
}

export interface IntegrityMismatch {
  kind:
    | "LEAF_HASH"
    | "PREV_LEAF"
    | "BATCH_ROOT"
    | "BATCH_RECORD"
    | "DATA_BATCH"
    | "OUTCOME"
    | "OFFLINE_LETTER";
  seq?: number;
  batchId?: number;
  batchHash?: string;
  outcomeId?: string;
  consentId?: string;
  detail: string;
}

export interface IntegrityReport {
  ok: boolean;
  receipts: number;
  pending: number;
  batches: number;
  dataBatches: number;
  /** Imports stored but not yet anchored (the chain was away); they are retried. */
  pendingDataBatches: number;
  outcomes: number;
  gaps: IntegrityGap[];
  mismatches: IntegrityMismatch[];
  anchorer: string;
  checkedAtBlock: number;
}

interface ChainBatch {
  batchId: number;
  root: string;
  firstSeq: number;
  lastSeq: number;
}

/**
 * Checks the off-chain receipt log against the chain: every receipt's leaf recomputed from
 * its values, the prevLeaf chain unbroken, sequence numbers without gaps, each anchored
 * batch's root rebuilt from the local receipts, the local batch records equal to the chain's,
 * and every data batch equal to its on-chain anchor. Receipts not yet anchored count as
 * pending and do not make the check fail.
 */
export async function checkIntegrity(ctx: ServiceContext): Promise<IntegrityReport> {
  const { anchors } = ctx.contracts;
  const anchorer = ctx.senders.anchorer.address;
  // Bring the store's batch records level with the chain first (batches mined but not yet
  // recorded after a crash; batches a rollback removed), so what remains is a real difference.
  await ctx.anchorer.reconcile();
  const checkedAtBlock = await readChain(() => anchors.runner!.provider!.getBlockNumber());
  const blockTag = { blockTag: checkedAtBlock };
  const batchCount = Number(await readChain(() => anchors.batchCount(anchorer, blockTag)));
  const chainBatches: ChainBatch[] = await Promise.all(
    Array.from({ length: batchCount }, async (_, i) => {
      const b = await readChain(() => anchors.receiptBatch(anchorer, i + 1, blockTag));
      return {
        batchId: i + 1,
        root: b.root,
        firstSeq: Number(b.firstSeq),
        lastSeq: Number(b.lastSeq),
      };
    }),
  );
  const anchoredSeq = chainBatches.at(-1)?.lastSeq ?? 0;

  const gaps: IntegrityGap[] = [];
  const mismatches: IntegrityMismatch[] = [];
  let expectedSeq = 1;
  let previousLeaf = ethers.ZeroHash;
  let receipts = 0;
  let batchIndex = 0;
  let batchLeaves: string[] = [];

  for await (const stored of ctx.receipts.all()) {
    const { receipt } = stored;
    receipts++;
    if (receipt.seq !== expectedSeq) {
      gaps.push({ kind: "RECEIPT_SEQUENCE", fromSeq: expectedSeq, toSeq: receipt.seq - 1 });
    }
    if (receipt.prevLeaf.toLowerCase() !== previousLeaf.toLowerCase()) {
      mismatches.push({
        kind: "PREV_LEAF",
        seq: receipt.seq,
        detail: "prevLeaf is not the previous receipt's leaf",
      });
    }
    const leaf = receiptLeafHash(toReceipt(receipt));
    if (leaf !== stored.queryId.toLowerCase()) {
      mismatches.push({
        kind: "LEAF_HASH",
        seq: receipt.seq,
        detail: "the values do not hash to the stored query id",
      });
    }

    while (batchIndex < chainBatches.length && chainBatches[batchIndex].lastSeq < receipt.seq)
      batchIndex++;
    const batch = chainBatches[batchIndex];
    if (batch && receipt.seq >= batch.firstSeq) {
      batchLeaves.push(leaf);
      if (receipt.seq === batch.lastSeq) {
        compareBatchRoot(batch, batchLeaves, mismatches);
        batchLeaves = [];
      }
    }
    expectedSeq = receipt.seq + 1;
    previousLeaf = stored.queryId;
  }
  const lastLocalSeq = expectedSeq - 1;
  if (anchoredSeq > lastLocalSeq) {
    gaps.push({ kind: "ANCHORED_BEYOND_LOG", fromSeq: lastLocalSeq + 1, toSeq: anchoredSeq });
  }

  for (const batch of chainBatches) {
    const local = await ctx.anchors.getBatch(batch.batchId);
    const same =
      local !== undefined &&
      local.root.toLowerCase() === batch.root.toLowerCase() &&
      local.firstSeq === batch.firstSeq &&
      local.lastSeq === batch.lastSeq;
    if (!same) {
      const held = local ? `${local.firstSeq}..${local.lastSeq} root ${local.root}` : "nothing";
      mismatches.push({
        kind: "BATCH_RECORD",
        batchId: batch.batchId,
        detail: `the chain anchored ${batch.firstSeq}..${batch.lastSeq} root ${batch.root}; the store holds ${held}`,
      });
    }
  }

  for await (const local of ctx.anchors.allBatches()) {
    if (local.batchId > batchCount) {
      mismatches.push({
        kind: "BATCH_RECORD",
        batchId: local.batchId,
        detail:
          `the store records batch ${local.batchId} (${local.firstSeq}..${local.lastSeq}); ` +
          `the chain has ${batchCount}`,
      });
    }
  }

  let dataBatches = 0;
  let pendingDataBatches = 0;
  for await (const entry of ctx.anchors.allDataBatches()) {
    dataBatches++;
    if (entry.txHash === null) {
      pendingDataBatches++;
      continue;
    }
    const onChain = await readChain(() => anchors.dataBatch(entry.batchHash, blockTag));
    const same =
      onChain.provider.toLowerCase() === entry.provider.toLowerCase() &&
      Number(onChain.recordCount) === entry.recordCount &&
      onChain.requestDigest.toLowerCase() === entry.requestDigest.toLowerCase();
    if (!same) {
      mismatches.push({
        kind: "DATA_BATCH",
        batchHash: entry.batchHash,
        detail: "the import differs from its on-chain anchor",
      });
    }
  }

  for await (const letter of ctx.offlineLetters.all()) {
    if (letter.status !== "APPROVED") continue;
    const record = await readChain(() =>
      ctx.contracts.consents.getConsent(letter.consentId, { blockTag: checkedAtBlock }),
    );
    if (Number(record.status) === 0) {
      mismatches.push({
        kind: "OFFLINE_LETTER",
        consentId: letter.consentId,
        detail: "the letter is approved here but its consent is not on the ledger",
      });
    }
  }

  const outcomeReport = await checkOutcomes(ctx);
  mismatches.push(...outcomeReport.mismatches);

  return {
    ok: gaps.length === 0 && mismatches.length === 0,
    receipts,
    pending: Math.max(0, lastLocalSeq - anchoredSeq),
    batches: batchCount,
    dataBatches,
    pendingDataBatches,
    outcomes: outcomeReport.outcomes,
    gaps,
    mismatches,
    anchorer,
    checkedAtBlock,
  };
}

function compareBatchRoot(batch: ChainBatch, leaves: string[], mismatches: IntegrityMismatch[]) {
  const expectedCount = batch.lastSeq - batch.firstSeq + 1;
  if (leaves.length !== expectedCount) {
    mismatches.push({
      kind: "BATCH_ROOT",
      batchId: batch.batchId,
      detail: `the log holds ${leaves.length} of its ${expectedCount} receipts`,
    });
    return;
  }
  const root = buildBatchTree(leaves).root;
  if (root.toLowerCase() !== batch.root.toLowerCase()) {
    mismatches.push({
      kind: "BATCH_ROOT",
      batchId: batch.batchId,
      detail: "the local receipts rebuild to another root",
    });
  }
}
