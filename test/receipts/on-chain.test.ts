import { ethers } from "hardhat";
import { describe, expect, it } from "vitest";

import {
  buildBatchTree,
  proofFor,
  receiptLeafHash,
  type Receipt,
} from "../../ledger-service/src/receipts";
import { SIGNATURE_LENGTHS, randomReceipt } from "./random-receipt";

// The contracts compute the same leaf and accept the same proofs as this module: the in-process
// Hardhat network runs AnchorRegistry as deployed.
async function deployAnchorRegistry() {
  const [admin, anchorer] = await ethers.getSigners();
  const ledger = await ethers.deployContract("CreditLedger", [admin!.address, 72n * 3600n]);
  await (
    await ledger.getFunction("grantRole")(ethers.id("ANCHORER_ROLE"), anchorer!.address)
  ).wait();
  const registry = await ethers.deployContract("AnchorRegistry", [await ledger.getAddress()]);
  return { registry, anchorer: anchorer! };
}

describe("receipts on-chain", () => {
  it("AnchorRegistry.receiptLeaf equals receiptLeafHash for random receipts", async () => {
    const { registry } = await deployAnchorRegistry();
    for (let i = 0; i < 44; i++) {
      const receipt = randomReceipt(SIGNATURE_LENGTHS[i % SIGNATURE_LENGTHS.length]);
      expect(await registry.getFunction("receiptLeaf")(receipt)).toBe(receiptLeafHash(receipt));
    }
  });

  it("AnchorRegistry.verifyReceipt accepts proofFor's proofs in an anchored batch of 256", async () => {
    const { registry, anchorer } = await deployAnchorRegistry();
    const receipts: Receipt[] = [];
    for (let seq = 1n; seq <= 256n; seq++) {
      const prevLeaf = seq === 1n ? "0x" + "00".repeat(32) : receiptLeafHash(receipts.at(-1)!);
      receipts.push({ ...randomReceipt(65), seq, prevLeaf });
    }
    const tree = buildBatchTree(receipts.map(receiptLeafHash));
    await (await registry.connect(anchorer).getFunction("anchor")(tree.root, 1n, 256n, 256)).wait();

    const verify = registry.getFunction("verifyReceipt");
    for (const index of [0, 1, 127, 200, 255]) {
      const receipt = receipts[index]!;
      const proof = proofFor(tree, receiptLeafHash(receipt));
      expect(await verify(anchorer.address, 1n, receipt, proof)).toBe(true);
      expect(await verify(anchorer.address, 1n, { ...receipt, purpose: 7 }, proof)).toBe(false);
    }
  });
});
