import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import {
  UINT64_MAX,
  receiptFromJson,
  receiptLeafHash,
  receiptToJson,
  type Receipt,
} from "../../ledger-service/src/receipts";
import { randomReceipt } from "./random-receipt";

const RECEIPT: Receipt = {
  leafVersion: 1,
  seq: UINT64_MAX,
  prevLeaf: "0x" + "AB".repeat(32),
  consentId: "0x" + "01".repeat(32),
  bank: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  enterprise: "0x" + "02".repeat(32),
  categories: 160,
  purpose: 4,
  requestHash: "0x" + "03".repeat(32),
  responseHash: "0x" + "04".repeat(32),
  checkedBlock: 9007199254740993n,
  servedAt: 1767225601n,
  bankSignature: "0x",
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

describe("receiptToJson", () => {
  it("writes uint64 fields as decimal strings and bytes in lower case", () => {
    expect(receiptToJson(RECEIPT)).toEqual({
      leafVersion: 1,
      seq: "18446744073709551615",
      prevLeaf: "0x" + "ab".repeat(32),
      consentId: "0x" + "01".repeat(32),
      bank: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
      enterprise: "0x" + "02".repeat(32),
      categories: 160,
      purpose: 4,
      requestHash: "0x" + "03".repeat(32),
      responseHash: "0x" + "04".repeat(32),
      checkedBlock: "9007199254740993",
      servedAt: "1767225601",
      bankSignature: "0x",
    });
  });

  it("round-trips through JSON text to a receipt with the same leaf", () => {
    for (let i = 0; i < 200; i++) {
      const receipt = randomReceipt(i % 70);
      const back = receiptFromJson(JSON.parse(JSON.stringify(receiptToJson(receipt))));
      expect(back).toEqual(receiptFromJson(receiptToJson(receipt)));
      expect(receiptLeafHash(back)).toBe(receiptLeafHash(receipt));
      expect(back.seq).toBe(receipt.seq);
    }
  });
});

describe("receiptFromJson", () => {
  const json = receiptToJson(RECEIPT);

  it.each([
    [
      "a seq given as a number",
      { seq: 5 },
      "receipt.seq must be a uint64 as a decimal string without leading zeros",
    ],
    [
      "a seq with a leading zero",
      { seq: "05" },
      "receipt.seq must be a uint64 as a decimal string without leading zeros",
    ],
    [
      "a seq of 2^64",
      { seq: "18446744073709551616" },
      "receipt.seq must be a uint64 as a decimal string without leading zeros",
    ],
    [
      "a negative checkedBlock",
      { checkedBlock: "-1" },
      "receipt.checkedBlock must be a uint64 as a decimal string without leading zeros",
    ],
    [
      "a servedAt in exponent form",
      { servedAt: "1e9" },
      "receipt.servedAt must be a uint64 as a decimal string without leading zeros",
    ],
    [
      "a missing consentId",
      { consentId: undefined },
      "receipt.consentId must be 32 bytes as 0x-prefixed hex",
    ],
    ["categories as a string", { categories: "160" }, "receipt.categories must be a uint32"],
    ["a leafVersion of 2", { leafVersion: 2 }, "receipt.leafVersion must be 1"],
    [
      "a bankSignature as a number",
      { bankSignature: 0 },
      "receipt.bankSignature must be bytes as 0x-prefixed hex",
    ],
  ])("refuses %s with VALIDATION_FAILED naming the field", (_, override, message) => {
    expect(thrownBy(() => receiptFromJson({ ...json, ...override }))).toMatchObject({
      code: "VALIDATION_FAILED",
      status: 400,
      message,
      details: { field: message.split(" ")[0] },
    });
  });

  it("refuses what is not a JSON object", () => {
    for (const value of [null, [], "receipt", 1]) {
      expect(thrownBy(() => receiptFromJson(value)).message).toBe("receipt must be a JSON object");
    }
  });
});
