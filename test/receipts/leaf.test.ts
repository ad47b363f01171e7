import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, keccak256 } from "ethers";
import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import {
  RECEIPT_LEAF_TYPES,
  UINT64_MAX,
  encodeReceipt,
  receiptLeafHash,
  receiptLeafValues,
  type Receipt,
} from "../../ledger-service/src/receipts";
import { SIGNATURE_LENGTHS, randomReceipt } from "./random-receipt";

const coder = AbiCoder.defaultAbiCoder();
const TYPES = [...RECEIPT_LEAF_TYPES];

function ethersLeafHash(receipt: Receipt): string {
  return keccak256(keccak256(coder.encode(TYPES, receiptLeafValues(receipt))));
}

/** A receipt as the service writes one: the first of an anchoring account, signed request. */
const FIXED_RECEIPT: Receipt = {
  leafVersion: 1,
  seq: 1n,
  prevLeaf: "0x" + "00".repeat(32),
  consentId: "0x6e492297980d28d4eb8dbae2ecabf8a0a291bf6d2ba61ad4010c215651be0338",
  bank: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  enterprise: "0x5a0bafcef5969328bdc6c4cfa907b10b94583feb7a5367d68ea22a4759d1b27e",
  categories: 33,
  purpose: 1,
  requestHash: "0xcff282bab21ee8ccc28a703f799d5b2d891a766aa5e5a6ad6e91f7ee72e05e22",
  responseHash: "0x" + "ab".repeat(32),
  checkedBlock: 42n,
  servedAt: 1767225601n,
  bankSignature:
    "0x9f782dbc5091e62b496ff084a5727f7aaa88760dc37995dc1667222da00ff6eb" +
    "0868a47ef684e3544ffb55a60fc3c57c9e477fdf4b2f8df6dc2b792af7108d241b",
};

function thrownBy(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return error as LedgerError;
  }
  throw new Error("expected a LedgerError, nothing was thrown");
}

describe("encodeReceipt", () => {
  it("lays out thirteen head words, the offset 416, the length and the padded signature", () => {
    const encoding = encodeReceipt(FIXED_RECEIPT);
    const words = encoding.toString("hex").match(/.{64}/g)!;

    expect(encoding.length).toBe(13 * 32 + 32 + 96);
    expect(words[0]).toBe("00".repeat(31) + "01");
    expect(words[1]).toBe("00".repeat(31) + "01");
    expect(words[4]).toBe("00".repeat(12) + "3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    expect(words[6]).toBe("00".repeat(31) + "21");
    expect(words[12]).toBe("00".repeat(30) + "01a0");
    expect(words[13]).toBe("00".repeat(31) + "41");
    expect(words[16]).toBe("1b" + "00".repeat(31));
  });

  it("equals ethers' AbiCoder for 2,000 random receipts with signatures of many lengths", () => {
    for (let i = 0; i < 2000; i++) {
      const receipt = randomReceipt(SIGNATURE_LENGTHS[i % SIGNATURE_LENGTHS.length]);
      expect("0x" + encodeReceipt(receipt).toString("hex")).toBe(
        coder.encode(TYPES, receiptLeafValues(receipt)),
      );
    }
  });

  it("equals ethers' AbiCoder at the edges of every field's range", () => {
    const zeros: Receipt = {
      ...FIXED_RECEIPT,
      seq: 0n,
      consentId: "0x" + "00".repeat(32),
      bank: "0x" + "00".repeat(20),
      categories: 0,
      purpose: 0,
      checkedBlock: 0n,
      servedAt: 0n,
      bankSignature: "0x",
    };
    const maxima: Receipt = {
      ...FIXED_RECEIPT,
      seq: UINT64_MAX,
      prevLeaf: "0x" + "ff".repeat(32),
      bank: "0x" + "ff".repeat(20),
      categories: 2 ** 32 - 1,
      purpose: 255,
      checkedBlock: UINT64_MAX,
      servedAt: UINT64_MAX,
      bankSignature: "0x" + "FF".repeat(65),
    };
    for (const receipt of [zeros, maxima]) {
      expect("0x" + encodeReceipt(receipt).toString("hex")).toBe(
        coder.encode(TYPES, receiptLeafValues(receipt)),
      );
    }
    expect(encodeReceipt(zeros).length).toBe(14 * 32);
  });

  it.each([
    ["a leafVersion other than 1", { leafVersion: 2 }, "receipt.leafVersion must be 1"],
    ["a negative seq", { seq: -1n }, "receipt.seq must be a bigint in the uint64 range"],
    ["a seq of 2^64", { seq: UINT64_MAX + 1n }, "receipt.seq must be a bigint in the uint64 range"],
    ["a seq given as a number", { seq: 1 }, "receipt.seq must be a bigint in the uint64 range"],
    [
      "a servedAt of 2^64",
      { servedAt: UINT64_MAX + 1n },
      "receipt.servedAt must be a bigint in the uint64 range",
    ],
    [
      "a prevLeaf of 31 bytes",
      { prevLeaf: "0x" + "00".repeat(31) },
      "receipt.prevLeaf must be 32 bytes as 0x-prefixed hex",
    ],
    [
      "a consentId without 0x",
      { consentId: "ab".repeat(32) },
      "receipt.consentId must be 32 bytes as 0x-prefixed hex",
    ],
    [
      "a requestHash with a non-hex digit",
      { requestHash: "0x" + "zz".repeat(32) },
      "receipt.requestHash must be 32 bytes as 0x-prefixed hex",
    ],
    [
      "a bank of 32 bytes",
      { bank: "0x" + "00".repeat(32) },
      "receipt.bank must be a 0x-prefixed 20-byte hex address",
    ],
    ["categories of 2^32", { categories: 2 ** 32 }, "receipt.categories must be a uint32"],
    ["negative categories", { categories: -1 }, "receipt.categories must be a uint32"],
    ["a purpose of 256", { purpose: 256 }, "receipt.purpose must be a uint8"],
    ["a fractional purpose", { purpose: 1.5 }, "receipt.purpose must be a uint8"],
    [
      "a bankSignature of odd length",
      { bankSignature: "0x123" },
      "receipt.bankSignature must be bytes as 0x-prefixed hex",
    ],
    [
      "a bankSignature with a non-hex digit",
      { bankSignature: "0x12zz" },
      "receipt.bankSignature must be bytes as 0x-prefixed hex",
    ],
  ])("refuses %s with VALIDATION_FAILED naming the field", (_, override, message) => {
    const receipt = { ...FIXED_RECEIPT, ...override } as Receipt;
    expect(thrownBy(() => encodeReceipt(receipt))).toMatchObject({
      code: "VALIDATION_FAILED",
      status: 400,
      message,
      details: { field: message.split(" ")[0] },
    });
  });
});

describe("receiptLeafHash", () => {
  it("gives the fixed receipt the leaf ethers computes for it", () => {
    const leaf = "0xcc2d7cca4044950622549930f26a76ac660d63afe1b5f2417c13e8d42476e134";
    expect(receiptLeafHash(FIXED_RECEIPT)).toBe(leaf);
    expect(ethersLeafHash(FIXED_RECEIPT)).toBe(leaf);
  });

  it("equals StandardMerkleTree's leafHash for 500 random receipts", () => {
    const receipts = Array.from({ length: 500 }, (_, i) =>
      randomReceipt(SIGNATURE_LENGTHS[i % SIGNATURE_LENGTHS.length]),
    );
    const tree = StandardMerkleTree.of(receipts.map(receiptLeafValues), TYPES);
    for (const receipt of receipts) {
      expect(receiptLeafHash(receipt)).toBe(tree.leafHash(receiptLeafValues(receipt)));
    }
  });

  it("equals keccak256(keccak256(AbiCoder.encode)) for 2,000 random receipts", () => {
    for (let i = 0; i < 2000; i++) {
      const receipt = randomReceipt(SIGNATURE_LENGTHS[i % SIGNATURE_LENGTHS.length]);
      expect(receiptLeafHash(receipt)).toBe(ethersLeafHash(receipt));
    }
  });

  it("does not depend on the case of hex input", () => {
    const upper: Receipt = {
      ...FIXED_RECEIPT,
      consentId: FIXED_RECEIPT.consentId.toUpperCase().replace("0X", "0x"),
      bank: FIXED_RECEIPT.bank.toLowerCase(),
      bankSignature: FIXED_RECEIPT.bankSignature.toUpperCase().replace("0X", "0x"),
    };
    expect(receiptLeafHash(upper)).toBe(receiptLeafHash(FIXED_RECEIPT));
  });

  it("changes when any single field changes", () => {
    const base = receiptLeafHash(FIXED_RECEIPT);
    const changes: Partial<Receipt>[] = [
      { seq: 2n },
      { prevLeaf: "0x" + "01".repeat(32) },
      { consentId: "0x" + "02".repeat(32) },
      { bank: "0x" + "03".repeat(20) },
      { enterprise: "0x" + "04".repeat(32) },
      { categories: 32 },
      { purpose: 2 },
      { requestHash: "0x" + "05".repeat(32) },
      { responseHash: "0x" + "06".repeat(32) },
      { checkedBlock: 43n },
      { servedAt: 1767225602n },
      { bankSignature: FIXED_RECEIPT.bankSignature.slice(0, -2) + "1c" },
    ];
    const hashes = changes.map((change) => receiptLeafHash({ ...FIXED_RECEIPT, ...change }));
    expect(new Set([base, ...hashes]).size).toBe(changes.length + 1);
  });
});
