import { LedgerError } from "../errors";
import { buildBatchTree, proofFor } from "../receipts/merkle";
import { requireConsentParty } from "../consent/consent-view";
import type { Caller } from "../http/authenticate";
import type { ServiceContext } from "../service-context";
import { receiptJson } from "../anchoring/receipt-encoding";
import type { ReceiptJson } from "../receipts/receipt";

export type ProofAnswer =
  | { status: 202; body: { queryId: string; status: "PENDING"; seq: number } }
  | {
      status: 200;
      body: {
        queryId: string;
        receipt: ReceiptJson;
        leaf: string;
        proof: string[];
        root: string;
        batchId: number;
        anchorer: string;
        txHash: string;
        blockNumber: number;
        chainId: number;
        ledger: string;
        anchorRegistry: string;
      };
    };

/**
 * The receipt of a query with its Merkle proof against the anchored batch root, and where
 * the root is on-chain: enough to verify the query against the chain without the service.
 */
export async function proveQuery(
  ctx: ServiceContext,
  caller: Caller,
  queryId: string,
): Promise<ProofAnswer> {
  const stored = await ctx.receipts.getByQueryId(queryId);
  if (!stored) throw new LedgerError("NOT_FOUND", `no query ${queryId} was served here`);
  const { receipt } = stored;
  await requireConsentParty(ctx, caller, {
    consentId: receipt.consentId,
    bank: receipt.bank,
    enterprise: receipt.enterprise,
  });

  const batch = await ctx.anchors.batchOfSeq(receipt.seq);
  if (!batch)
    return { status: 202, body: { queryId: stored.queryId, status: "PENDING", seq: receipt.seq } };

  const members = await ctx.receipts.range(batch.firstSeq, batch.lastSeq);
  const tree = buildBatchTree(members.map((m) => m.queryId));
  if (tree.root.toLowerCase() !== batch.root.toLowerCase()) {
    throw new LedgerError(
      "INTERNAL",
      `batch ${batch.batchId} does not rebuild to its anchored root`,
    );
  }
  return {
    status: 200,
    body: {
      queryId: stored.queryId,
      receipt: receiptJson(receipt),
      leaf: stored.queryId,
      proof: proofFor(tree, stored.queryId),
      root: batch.root,
      batchId: batch.batchId,
      anchorer: ctx.senders.anchorer.address, // the store holds this account's batches only
      txHash: batch.txHash,
      blockNumber: batch.blockNumber,
      chainId: Number(ctx.contracts.chainId),
      ledger: ctx.contracts.addresses.CreditLedger,
      anchorRegistry: ctx.contracts.addresses.AnchorRegistry,
    },
  };
}
