// Measures receipt leaves: `npx vitest bench --run test/receipts`.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, keccak256 } from "ethers";
import { bench, describe } from "vitest";

import {
  RECEIPT_LEAF_TYPES,
  buildBatchTree,
  receiptLeafHash,
  receiptLeafValues,
} from "../../ledger-service/src/receipts";
import { randomReceipt } from "./random-receipt";

const TYPES = [...RECEIPT_LEAF_TYPES];
const receipts = Array.from({ length: 256 }, () => randomReceipt(65));
const values = receipts.map(receiptLeafValues);
const coder = AbiCoder.defaultAbiCoder();
const reference = StandardMerkleTree.of(values.slice(0, 1), TYPES);

describe("receipt leaf hash (one leaf per iteration)", () => {
  let i = 0;
  bench("hand encoding + native keccak (receiptLeafHash)", () => {
    i = (i + 1) % 256;
    receiptLeafHash(receipts[i]!);
  });
  bench("ethers AbiCoder + ethers keccak256", () => {
    i = (i + 1) % 256;
    keccak256(keccak256(coder.encode(TYPES, values[i]!)));
  });
  bench("@openzeppelin/merkle-tree leafHash", () => {
    i = (i + 1) % 256;
    reference.leafHash(values[i]!);
  });
});

describe("batch of 256 receipts: leaves and tree", () => {
  bench("receiptLeafHash + buildBatchTree", () => {
    buildBatchTree(receipts.map(receiptLeafHash));
  });
  bench("StandardMerkleTree.of", () => {
    StandardMerkleTree.of(values, TYPES);
  });
});
