/** Query receipts: their leaves, batch trees, response hashes and enterprise commitments. */
export { enterpriseCommitment } from "./commitment";
export { encodeReceipt, receiptLeafHash, receiptLeafHashBytes } from "./leaf";
export { buildBatchTree, proofFor, verifyProof } from "./merkle";
export type { BatchTree } from "./merkle";
export {
  RECEIPT_LEAF_TYPES,
  RECEIPT_LEAF_VERSION,
  UINT64_MAX,
  assertReceipt,
  receiptFromJson,
  receiptLeafValues,
  receiptToJson,
} from "./receipt";
export type { Receipt, ReceiptJson, ReceiptLeafValues } from "./receipt";
export { canonicalJson, responseHash } from "./response-hash";
