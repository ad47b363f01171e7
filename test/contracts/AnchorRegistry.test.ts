import { ethers } from "hardhat";
import { describe, expect, it } from "vitest";

import type { AnchorRegistry, CreditLedger } from "../../typechain-types";
import { CATEGORY_BITS } from "../../ledger-service/src/domain/categories";
import { expectEvent, expectRevert, fieldsOf, fixture, mined } from "./helpers";
import {
  type Receipt,
  makeReceipts,
  proofOf,
  receiptLeaf,
  receiptTree,
  receiptValues,
} from "./receipts";
import { REBINDING_DELAY, ROLE, commitmentOf } from "./roles";

const ENTERPRISE = commitmentOf("91350100M000100Y43", ethers.id("salt of enterprise one"));
const CONSENT_ID = ethers.id("a consent id");
const PROVIDER_CATEGORIES = CATEGORY_BITS.REGULATORY | CATEGORY_BITS.TAX;
/** The budget: at most 1,000 gas per anchored query at batches of 256. */
const GAS_BUDGET_PER_QUERY = 1_000n;

const deployAnchorRegistry = fixture(async () => {
  const [admin, anchorer, otherAnchorer, provider, bank, stranger] = await ethers.getSigners();
  const ledger = (await ethers.deployContract("CreditLedger", [
    admin.address,
    REBINDING_DELAY,
  ])) as unknown as CreditLedger;
  await ledger.grantRole(ROLE.ANCHORER, anchorer.address);
  await ledger.grantRole(ROLE.ANCHORER, otherAnchorer.address);
  await ledger.grantRole(ROLE.BANK, bank.address);
  await ledger.setProviderCategories(provider.address, PROVIDER_CATEGORIES);
  const registry = (await ethers.deployContract("AnchorRegistry", [
    ledger.target,
  ])) as unknown as AnchorRegistry;
  return { ledger, registry, admin, anchorer, otherAnchorer, provider, bank, stranger };
});

type Fixture = Awaited<ReturnType<typeof deployAnchorRegistry>>;

function receiptsFor(f: Fixture, count: number, firstSeq = 1n): Receipt[] {
  return makeReceipts(count, {
    bank: f.bank.address,
    consentId: CONSENT_ID,
    enterprise: ENTERPRISE,
    firstSeq,
  });
}

/** Anchors `receipts` (consecutive seqs) as one batch of `f.anchorer`. */
async function anchorReceipts(f: Fixture, receipts: Receipt[], anchorer = f.anchorer) {
  const tree = receiptTree(receipts);
  const first = receipts[0].seq;
  const last = receipts[receipts.length - 1].seq;
  const receipt = await mined(
    f.registry.connect(anchorer).anchor(tree.root, first, last, receipts.length),
  );
  return { tree, receipt };
}

/** Each of the 13 fields changed in turn. */
function tamperings(r: Receipt): [string, Receipt][] {
  const flip = (hex: string) => ethers.toBeHex(BigInt(hex) ^ 1n, ethers.dataLength(hex));
  return [
    ["leafVersion", { ...r, leafVersion: 2n }],
    ["seq", { ...r, seq: r.seq + 1n }],
    ["prevLeaf", { ...r, prevLeaf: flip(r.prevLeaf) }],
    ["consentId", { ...r, consentId: flip(r.consentId) }],
    ["bank", { ...r, bank: ethers.getAddress(flip(r.bank)) }],
    ["enterprise", { ...r, enterprise: flip(r.enterprise) }],
    ["categories", { ...r, categories: r.categories ^ 1n }],
    ["purpose", { ...r, purpose: 2n }],
    ["requestHash", { ...r, requestHash: flip(r.requestHash) }],
    ["responseHash", { ...r, responseHash: flip(r.responseHash) }],
    ["checkedBlock", { ...r, checkedBlock: r.checkedBlock + 1n }],
    ["servedAt", { ...r, servedAt: r.servedAt + 1n }],
    ["bankSignature", { ...r, bankSignature: flip(r.bankSignature) }],
  ];
}

describe("AnchorRegistry", () => {
  describe("anchoring receipt batches", () => {
    it("anchors an anchorer's first batch as batch 1 from seq 1", async () => {
      const f = await deployAnchorRegistry();
      const receipts = receiptsFor(f, 4);
      const tree = receiptTree(receipts);
      expect(await f.registry.connect(f.anchorer).anchor.staticCall(tree.root, 1, 4, 4)).toBe(1n);

      const receipt = await mined(f.registry.connect(f.anchorer).anchor(tree.root, 1, 4, 4));

      expectEvent(receipt, f.registry, "ReceiptBatchAnchored", [
        f.anchorer.address,
        1,
        tree.root,
        1,
        4,
        4,
      ]);
      expect(fieldsOf(await f.registry.receiptBatch(f.anchorer.address, 1))).toEqual({
        root: tree.root,
        firstSeq: 1n,
        lastSeq: 4n,
        anchoredBlock: BigInt(receipt.blockNumber),
      });
      expect(await f.registry.batchCount(f.anchorer.address)).toBe(1n);
      expect(await f.registry.lastAnchoredSeq(f.anchorer.address)).toBe(4n);
    });

    it("continues each anchorer's batches where its last one ended", async () => {
      const f = await deployAnchorRegistry();
      await anchorReceipts(f, receiptsFor(f, 4));

      const { tree, receipt } = await anchorReceipts(f, receiptsFor(f, 3, 5n));

      expectEvent(receipt, f.registry, "ReceiptBatchAnchored", [
        f.anchorer.address,
        2,
        tree.root,
        5,
        7,
        3,
      ]);
      expect(await f.registry.batchCount(f.anchorer.address)).toBe(2n);
      expect(await f.registry.lastAnchoredSeq(f.anchorer.address)).toBe(7n);
      expect((await f.registry.receiptBatch(f.anchorer.address, 2)).firstSeq).toBe(5n);
    });

    it("numbers batches and sequences per anchorer, two anchorers each starting at 1", async () => {
      const f = await deployAnchorRegistry();
      await anchorReceipts(f, receiptsFor(f, 10));
      await anchorReceipts(f, receiptsFor(f, 5, 11n));

      const { tree, receipt } = await anchorReceipts(f, receiptsFor(f, 2), f.otherAnchorer);

      expectEvent(receipt, f.registry, "ReceiptBatchAnchored", [
        f.otherAnchorer.address,
        1,
        tree.root,
        1,
        2,
        2,
      ]);
      expect(await f.registry.batchCount(f.otherAnchorer.address)).toBe(1n);
      expect(await f.registry.lastAnchoredSeq(f.otherAnchorer.address)).toBe(2n);
      expect(await f.registry.batchCount(f.anchorer.address)).toBe(2n);
      expect(await f.registry.lastAnchoredSeq(f.anchorer.address)).toBe(15n);
    });

    it("anchors a batch of one receipt", async () => {
      const f = await deployAnchorRegistry();
      const [only] = receiptsFor(f, 1);
      const { tree } = await anchorReceipts(f, [only]);

      expect(tree.root).toBe(receiptLeaf(only));
      expect(await f.registry.verifyReceipt(f.anchorer.address, 1, only, [])).toBe(true);
    });

    it("refuses a first batch that does not start at seq 1", async () => {
      const f = await deployAnchorRegistry();
      const root = ethers.id("root");

      await expectRevert(
        f.registry.connect(f.anchorer).anchor(root, 2, 5, 4),
        f.registry,
        "SequenceGap",
        [f.anchorer.address, 1, 2],
      );
      await expectRevert(
        f.registry.connect(f.anchorer).anchor(root, 0, 3, 4),
        f.registry,
        "SequenceGap",
        [f.anchorer.address, 1, 0],
      );
    });

    it("refuses a batch that leaves a gap, overlaps or repeats the last one", async () => {
      const f = await deployAnchorRegistry();
      await anchorReceipts(f, receiptsFor(f, 10));
      const root = ethers.id("root");

      for (const [first, last] of [
        [12n, 20n],
        [10n, 20n],
        [1n, 10n],
      ]) {
        await expectRevert(
          f.registry.connect(f.anchorer).anchor(root, first, last, Number(last - first + 1n)),
          f.registry,
          "SequenceGap",
          [f.anchorer.address, 11, first],
        );
      }
      expect(await f.registry.batchCount(f.anchorer.address)).toBe(1n);
      expect(await f.registry.lastAnchoredSeq(f.anchorer.address)).toBe(10n);
    });

    it("does not let one anchorer's sequence continue another's", async () => {
      const f = await deployAnchorRegistry();
      await anchorReceipts(f, receiptsFor(f, 10));

      await expectRevert(
        f.registry.connect(f.otherAnchorer).anchor(ethers.id("root"), 11, 12, 2),
        f.registry,
        "SequenceGap",
        [f.otherAnchorer.address, 1, 11],
      );
    });

    it("refuses a count that does not match the range, an inverted range and an empty one", async () => {
      const f = await deployAnchorRegistry();
      const root = ethers.id("root");
      const maxSeq = 2n ** 64n - 1n;

      for (const [first, last, count] of [
        [1n, 4n, 3n],
        [1n, 4n, 5n],
        [1n, 1n, 0n],
        [4n, 1n, 4n],
        [2n, 1n, 0n],
        [1n, maxSeq, 2n ** 32n - 1n],
      ]) {
        await expectRevert(
          f.registry.connect(f.anchorer).anchor(root, first, last, count),
          f.registry,
          "InvalidBatchRange",
          [first, last, count],
        );
      }
    });

    it("refuses a zero root", async () => {
      const f = await deployAnchorRegistry();

      await expectRevert(
        f.registry.connect(f.anchorer).anchor(ethers.ZeroHash, 1, 1, 1),
        f.registry,
        "EmptyRoot",
        [],
      );
    });

    it("refuses an account without ANCHORER_ROLE, including one whose role was revoked", async () => {
      const f = await deployAnchorRegistry();
      const root = ethers.id("root");

      for (const caller of [f.admin, f.bank, f.provider, f.stranger]) {
        await expectRevert(
          f.registry.connect(caller).anchor(root, 1, 1, 1),
          f.registry,
          "CallerNotAnchorer",
          [caller.address],
        );
      }
      await f.ledger.revokeRole(ROLE.ANCHORER, f.anchorer.address);
      await expectRevert(
        f.registry.connect(f.anchorer).anchor(root, 1, 1, 1),
        f.registry,
        "CallerNotAnchorer",
        [f.anchorer.address],
      );
    });

    it("refuses to read a batch that does not exist", async () => {
      const f = await deployAnchorRegistry();
      await anchorReceipts(f, receiptsFor(f, 2));

      for (const [anchorer, batchId] of [
        [f.anchorer.address, 0n],
        [f.anchorer.address, 2n],
        [f.otherAnchorer.address, 1n],
      ] as const) {
        await expectRevert(f.registry.receiptBatch(anchorer, batchId), f.registry, "UnknownBatch", [
          anchorer,
          batchId,
        ]);
      }
    });

    it("answers zero counters for an anchorer that has anchored nothing", async () => {
      const f = await deployAnchorRegistry();

      expect(await f.registry.batchCount(f.stranger.address)).toBe(0n);
      expect(await f.registry.lastAnchoredSeq(f.stranger.address)).toBe(0n);
      expect(await f.registry.LEDGER()).toBe(f.ledger.target);
    });

    it("keeps anchor() for 256 receipts well under 1,000 gas per query", async () => {
      const f = await deployAnchorRegistry();

      const first = await anchorReceipts(f, receiptsFor(f, 256));
      const second = await anchorReceipts(f, receiptsFor(f, 256, 257n));

      const gas = [first.receipt.gasUsed, second.receipt.gasUsed];
      console.log(
        `anchor() of 256 receipts: ${gas[0]} gas for an anchorer's first batch ` +
          `(${gas[0] / 256n} per query), ${gas[1]} for a later one (${gas[1] / 256n} per query)`,
      );
      for (const used of gas) {
        expect(used).toBeLessThan(256n * GAS_BUDGET_PER_QUERY);
        // Well under: half the budget leaves room for another chain's gas schedule.
        expect(used).toBeLessThan((256n * GAS_BUDGET_PER_QUERY) / 2n);
      }
    });
  });

  describe("verifying receipts", () => {
    it("computes the leaf that StandardMerkleTree computes for the 13 receipt values", async () => {
      const f = await deployAnchorRegistry();
      const receipts = receiptsFor(f, 3);
      const tree = receiptTree(receipts);

      for (const r of receipts) {
        expect(await f.registry.receiptLeaf(r)).toBe(tree.leafHash(receiptValues(r)));
        expect(await f.registry.receiptLeaf(r)).toBe(receiptLeaf(r));
      }
    });

    it("verifies real StandardMerkleTree proofs of a 256-receipt batch", async () => {
      const f = await deployAnchorRegistry();
      const receipts = receiptsFor(f, 256);
      const { tree } = await anchorReceipts(f, receipts);

      for (const index of [0, 1, 127, 200, 255]) {
        const r = receipts[index];
        const proof = proofOf(tree, r);
        expect(tree.verify(receiptValues(r), proof)).toBe(true);
        expect(await f.registry.verifyReceipt(f.anchorer.address, 1, r, proof)).toBe(true);
      }
    });

    it("rejects a receipt with any one of its 13 fields tampered", async () => {
      const f = await deployAnchorRegistry();
      const receipts = receiptsFor(f, 8);
      const { tree } = await anchorReceipts(f, receipts);
      const r = receipts[3];
      const proof = proofOf(tree, r);

      for (const [field, tampered] of tamperings(r)) {
        expect(await f.registry.verifyReceipt(f.anchorer.address, 1, tampered, proof), field).toBe(
          false,
        );
      }
    });

    it("rejects a tampered proof", async () => {
      const f = await deployAnchorRegistry();
      const receipts = receiptsFor(f, 8);
      const { tree } = await anchorReceipts(f, receipts);
      const proof = proofOf(tree, receipts[2]);

      const tampered = [ethers.id("not a sibling"), ...proof.slice(1)];
      expect(await f.registry.verifyReceipt(f.anchorer.address, 1, receipts[2], tampered)).toBe(
        false,
      );
      expect(
        await f.registry.verifyReceipt(f.anchorer.address, 1, receipts[2], proof.slice(1)),
      ).toBe(false);
    });

    it("rejects a receipt checked against another batch, another anchorer or no batch", async () => {
      const f = await deployAnchorRegistry();
      const firstBatch = receiptsFor(f, 4);
      const { tree } = await anchorReceipts(f, firstBatch);
      await anchorReceipts(f, receiptsFor(f, 4, 5n));
      await anchorReceipts(f, firstBatch, f.otherAnchorer);
      const r = firstBatch[1];
      const proof = proofOf(tree, r);

      expect(await f.registry.verifyReceipt(f.anchorer.address, 1, r, proof)).toBe(true);
      expect(await f.registry.verifyReceipt(f.otherAnchorer.address, 1, r, proof)).toBe(true);
      expect(await f.registry.verifyReceipt(f.anchorer.address, 2, r, proof)).toBe(false);
      expect(await f.registry.verifyReceipt(f.anchorer.address, 3, r, proof)).toBe(false);
      expect(await f.registry.verifyReceipt(f.anchorer.address, 0, r, proof)).toBe(false);
      expect(await f.registry.verifyReceipt(f.stranger.address, 1, r, proof)).toBe(false);
    });

    it("rejects a receipt whose seq is outside its batch's range, even with a valid proof", async () => {
      const f = await deployAnchorRegistry();
      // A tree holding seqs 1..4 anchored as the range 1..3: the fourth leaf is in the tree,
      // but the batch does not vouch for seq 4.
      const receipts = receiptsFor(f, 4);
      const tree = receiptTree(receipts);
      await f.registry.connect(f.anchorer).anchor(tree.root, 1, 3, 3);

      expect(
        await f.registry.verifyReceipt(
          f.anchorer.address,
          1,
          receipts[2],
          proofOf(tree, receipts[2]),
        ),
      ).toBe(true);
      expect(
        await f.registry.verifyReceipt(
          f.anchorer.address,
          1,
          receipts[3],
          proofOf(tree, receipts[3]),
        ),
      ).toBe(false);
    });

    it("rejects a receipt whose seq lies before its batch's range", async () => {
      const f = await deployAnchorRegistry();
      await anchorReceipts(f, receiptsFor(f, 2));
      // The second batch's tree also holds a receipt numbered 1.
      const receipts = [...receiptsFor(f, 1), ...receiptsFor(f, 2, 3n)];
      const tree = receiptTree(receipts);
      await f.registry.connect(f.anchorer).anchor(tree.root, 3, 4, 2);

      expect(
        await f.registry.verifyReceipt(
          f.anchorer.address,
          2,
          receipts[1],
          proofOf(tree, receipts[1]),
        ),
      ).toBe(true);
      expect(
        await f.registry.verifyReceipt(
          f.anchorer.address,
          2,
          receipts[0],
          proofOf(tree, receipts[0]),
        ),
      ).toBe(false);
    });
  });

  describe("anchoring data batches", () => {
    const BATCH_HASH = ethers.id("import 2026-03-05 regulatory");
    const REQUEST_DIGEST = ethers.id("provider's signed request");

    it("anchors a provider's import with its category, record count and request digest", async () => {
      const f = await deployAnchorRegistry();

      const receipt = await mined(
        f.registry
          .connect(f.anchorer)
          .anchorDataBatch(
            BATCH_HASH,
            f.provider.address,
            CATEGORY_BITS.REGULATORY,
            1200,
            REQUEST_DIGEST,
          ),
      );

      expectEvent(receipt, f.registry, "DataBatchAnchored", [
        BATCH_HASH,
        f.provider.address,
        CATEGORY_BITS.REGULATORY,
        1200,
        REQUEST_DIGEST,
      ]);
      expect(fieldsOf(await f.registry.dataBatch(BATCH_HASH))).toEqual({
        provider: f.provider.address,
        category: BigInt(CATEGORY_BITS.REGULATORY),
        recordCount: 1200n,
        requestDigest: REQUEST_DIGEST,
        anchoredBlock: BigInt(receipt.blockNumber),
      });
    });

    it("answers zero values for a data batch that was never anchored", async () => {
      const f = await deployAnchorRegistry();

      expect(fieldsOf(await f.registry.dataBatch(BATCH_HASH))).toEqual({
        provider: ethers.ZeroAddress,
        category: 0n,
        recordCount: 0n,
        requestDigest: ethers.ZeroHash,
        anchoredBlock: 0n,
      });
    });

    it("refuses to anchor the same data batch twice", async () => {
      const f = await deployAnchorRegistry();
      const anchorer = f.registry.connect(f.anchorer);
      await anchorer.anchorDataBatch(
        BATCH_HASH,
        f.provider.address,
        CATEGORY_BITS.TAX,
        1,
        REQUEST_DIGEST,
      );

      await expectRevert(
        anchorer.anchorDataBatch(
          BATCH_HASH,
          f.provider.address,
          CATEGORY_BITS.REGULATORY,
          2,
          REQUEST_DIGEST,
        ),
        f.registry,
        "DataBatchAlreadyAnchored",
        [BATCH_HASH],
      );
    });

    it("refuses a category that is not exactly one of the eight bits", async () => {
      const f = await deployAnchorRegistry();
      const anchorer = f.registry.connect(f.anchorer);

      for (const category of [0, PROVIDER_CATEGORIES, 0x100, 0x80000000]) {
        await expectRevert(
          anchorer.anchorDataBatch(BATCH_HASH, f.provider.address, category, 1, REQUEST_DIGEST),
          f.registry,
          "InvalidCategory",
          [category],
        );
      }
    });

    it("refuses a category outside the provider's allowance", async () => {
      const f = await deployAnchorRegistry();

      await expectRevert(
        f.registry
          .connect(f.anchorer)
          .anchorDataBatch(BATCH_HASH, f.provider.address, CATEGORY_BITS.BASIC, 1, REQUEST_DIGEST),
        f.registry,
        "CategoryNotAllowed",
        [f.provider.address, CATEGORY_BITS.BASIC],
      );
    });

    it("refuses an account that is not a provider, or no longer one", async () => {
      const f = await deployAnchorRegistry();
      const anchorer = f.registry.connect(f.anchorer);

      await expectRevert(
        anchorer.anchorDataBatch(BATCH_HASH, f.bank.address, CATEGORY_BITS.TAX, 1, REQUEST_DIGEST),
        f.registry,
        "CategoryNotAllowed",
        [f.bank.address, CATEGORY_BITS.TAX],
      );
      await f.ledger.setProviderCategories(f.provider.address, 0);
      await expectRevert(
        anchorer.anchorDataBatch(
          BATCH_HASH,
          f.provider.address,
          CATEGORY_BITS.TAX,
          1,
          REQUEST_DIGEST,
        ),
        f.registry,
        "CategoryNotAllowed",
        [f.provider.address, CATEGORY_BITS.TAX],
      );
    });

    it("refuses a zero batch hash", async () => {
      const f = await deployAnchorRegistry();

      await expectRevert(
        f.registry
          .connect(f.anchorer)
          .anchorDataBatch(
            ethers.ZeroHash,
            f.provider.address,
            CATEGORY_BITS.TAX,
            1,
            REQUEST_DIGEST,
          ),
        f.registry,
        "EmptyRoot",
        [],
      );
    });

    it("refuses a data batch from an account without ANCHORER_ROLE, the provider included", async () => {
      const f = await deployAnchorRegistry();

      for (const caller of [f.provider, f.admin]) {
        await expectRevert(
          f.registry
            .connect(caller)
            .anchorDataBatch(BATCH_HASH, f.provider.address, CATEGORY_BITS.TAX, 1, REQUEST_DIGEST),
          f.registry,
          "CallerNotAnchorer",
          [caller.address],
        );
      }
    });
  });
});
