import { SimpleMerkleTree, StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import {
  RECEIPT_LEAF_TYPES,
  buildBatchTree,
  proofFor,
  receiptLeafHash,
  receiptLeafValues,
  verifyProof,
} from "../../ledger-service/src/receipts";
import { SIGNATURE_LENGTHS, randomReceipt } from "./random-receipt";

const TYPES = [...RECEIPT_LEAF_TYPES];

function batch(size: number) {
  const receipts = Array.from({ length: size }, (_, i) =>
    randomReceipt(SIGNATURE_LENGTHS[i % SIGNATURE_LENGTHS.length]),
  );
  return { receipts, leaves: receipts.map(receiptLeafHash) };
}

function thrownBy(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return error as LedgerError;
  }
  throw new Error("expected a LedgerError, nothing was thrown");
}

describe("buildBatchTree and proofFor", () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 9, 100, 255, 256, 257])(
    "give StandardMerkleTree's root, nodes and proofs for a batch of %i receipts",
    (size) => {
      const { receipts, leaves } = batch(size);
      const reference = StandardMerkleTree.of(receipts.map(receiptLeafValues), TYPES);

      const tree = buildBatchTree(leaves);
      expect(tree.root).toBe(reference.root);
      expect(tree.length).toBe(size);
      expect(tree.nodes).toEqual(reference.dump().tree);
      receipts.forEach((receipt, i) => {
        expect(proofFor(tree, leaves[i]!)).toEqual(reference.getProof(receiptLeafValues(receipt)));
      });
    },
  );

  it("gives SimpleMerkleTree's root for the same leaf hashes", () => {
    const { leaves } = batch(37);
    expect(buildBatchTree(leaves).root).toBe(SimpleMerkleTree.of(leaves).root);
  });

  it("gives a batch of one receipt its leaf as root and an empty proof", () => {
    const { leaves } = batch(1);
    const tree = buildBatchTree(leaves);
    expect(tree.root).toBe(leaves[0]);
    expect(proofFor(tree, leaves[0]!)).toEqual([]);
  });

  it("does not depend on the order of the leaves or their hex case", () => {
    const { leaves } = batch(50);
    const shuffled = [...leaves].reverse().map((leaf) => leaf.toUpperCase().replace("0X", "0x"));
    expect(buildBatchTree(shuffled).root).toBe(buildBatchTree(leaves).root);
    expect(proofFor(buildBatchTree(shuffled), leaves[3]!.toUpperCase())).toEqual(
      proofFor(buildBatchTree(leaves), leaves[3]!),
    );
  });

  it("answers NOT_FOUND for a leaf outside the batch", () => {
    const { leaves } = batch(4);
    const outsider = batch(1).leaves[0]!;
    expect(thrownBy(() => proofFor(buildBatchTree(leaves), outsider))).toMatchObject({
      code: "NOT_FOUND",
      status: 404,
      message: `Leaf ${outsider} is not in this receipt batch`,
    });
  });

  it("finds proofs in a tree given as plain data", () => {
    const { leaves } = batch(6);
    const built = buildBatchTree(leaves);
    const plain = { root: built.root, nodes: [...built.nodes], length: built.length };
    expect(proofFor(plain, leaves[2]!)).toEqual(proofFor(built, leaves[2]!));
  });

  it("refuses an empty batch and a leaf that is not 32 bytes", () => {
    expect(thrownBy(() => buildBatchTree([]))).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "A receipt batch needs at least one leaf",
    });
    expect(thrownBy(() => buildBatchTree(["0x1234"]))).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "leafHashes[0] must be 32 bytes as 0x-prefixed hex",
    });
  });
});

describe("verifyProof", () => {
  const { receipts, leaves } = batch(256);
  const tree = buildBatchTree(leaves);

  it("accepts every leaf's proof, as StandardMerkleTree.verify does", () => {
    receipts.forEach((receipt, i) => {
      const proof = proofFor(tree, leaves[i]!);
      expect(verifyProof(tree.root, leaves[i]!, proof)).toBe(true);
      expect(StandardMerkleTree.verify(tree.root, TYPES, receiptLeafValues(receipt), proof)).toBe(
        true,
      );
    });
  });

  it("refuses a proof for another leaf, a changed sibling, a short proof or another root", () => {
    const proof = proofFor(tree, leaves[0]!);
    const changed = [...proof];
    changed[3] = "0x" + "00".repeat(32);
    expect(verifyProof(tree.root, leaves[1]!, proof)).toBe(false);
    expect(verifyProof(tree.root, leaves[0]!, changed)).toBe(false);
    expect(verifyProof(tree.root, leaves[0]!, proof.slice(0, -1))).toBe(false);
    expect(verifyProof(leaves[5]!, leaves[0]!, proof)).toBe(false);
  });

  it("answers false, without throwing, for input that is not 32-byte hex", () => {
    const proof = proofFor(tree, leaves[0]!);
    expect(verifyProof("0x12", leaves[0]!, proof)).toBe(false);
    expect(verifyProof(tree.root, "not hex", proof)).toBe(false);
    expect(verifyProof(tree.root, leaves[0]!, [...proof, "0x"])).toBe(false);
  });
});
