// Query receipts as the service builds them, and their StandardMerkleTree, for the anchoring and
// outcome tests.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ethers } from "ethers";

import { RECEIPT_LEAF_TYPES as _RECEIPT_LEAF_TYPES } from "../../ledger-service/src/receipts/receipt";

/** The leaf's value types, in the order of IAnchorRegistry.Receipt (the service's). */
export const RECEIPT_LEAF_TYPES: string[] = [..._RECEIPT_LEAF_TYPES];

export interface Receipt {
  leafVersion: bigint;
  seq: bigint;
  prevLeaf: string;
  consentId: string;
  bank: string;
  enterprise: string;
  categories: bigint;
  purpose: bigint;
  requestHash: string;
  responseHash: string;
  checkedBlock: bigint;
  servedAt: bigint;
  bankSignature: string;
}

type LeafValues = (string | bigint)[];

export function receiptValues(r: Receipt): LeafValues {
  return [
    r.leafVersion,
    r.seq,
    r.prevLeaf,
    r.consentId,
    r.bank,
    r.enterprise,
    r.categories,
    r.purpose,
    r.requestHash,
    r.responseHash,
    r.checkedBlock,
    r.servedAt,
    r.bankSignature,
  ];
}

/** The leaf hash (query id) of `r`, as StandardMerkleTree computes it. */
export function receiptLeaf(r: Receipt): string {
  const encoded = ethers.AbiCoder.defaultAbiCoder().encode(RECEIPT_LEAF_TYPES, receiptValues(r));
  return ethers.keccak256(ethers.keccak256(encoded));
}

/**
 * `count` chained receipts from `firstSeq`, each `prevLeaf` the previous receipt's leaf.
 */
export function makeReceipts(
  count: number,
  fields: {
    bank: string;
    consentId: string;
    enterprise: string;
    firstSeq?: bigint;
    prevLeaf?: string;
  },
): Receipt[] {
  const receipts: Receipt[] = [];
  let prevLeaf = fields.prevLeaf ?? ethers.ZeroHash;
  const firstSeq = fields.firstSeq ?? 1n;
  for (let i = 0; i < count; i++) {
    const receipt: Receipt = {
      leafVersion: 1n,
      seq: firstSeq + BigInt(i),
      prevLeaf,
      consentId: fields.consentId,
      bank: fields.bank,
      enterprise: fields.enterprise,
      categories: 0x21n,
      purpose: 1n,
      requestHash: ethers.keccak256(ethers.toUtf8Bytes(`request ${i}`)),
      responseHash: ethers.sha256(ethers.toUtf8Bytes(`{"data":${i}}`)),
      checkedBlock: 7n,
      servedAt: 1_770_000_000n + BigInt(i),
      // 65 bytes standing in for the bank's EIP-191 request signature.
      bankSignature: ethers.hexlify(ethers.randomBytes(65)),
    };
    receipts.push(receipt);
    prevLeaf = receiptLeaf(receipt);
  }
  return receipts;
}

export function receiptTree(receipts: Receipt[]): StandardMerkleTree<LeafValues> {
  return StandardMerkleTree.of(receipts.map(receiptValues), RECEIPT_LEAF_TYPES);
}

/** The proof of `receipts[index]` in `tree`. */
export function proofOf(tree: StandardMerkleTree<LeafValues>, receipt: Receipt): string[] {
  return tree.getProof(receiptValues(receipt));
}
