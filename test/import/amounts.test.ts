import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import { fenToWanYuan, parseFen, wanYuanToFen } from "../../ledger-service/src/import/amounts";

function reason(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof LedgerError && error.code === "VALIDATION_FAILED") return error.message;
    throw error;
  }
  throw new Error("expected VALIDATION_FAILED");
}

describe("wanYuanToFen", () => {
  it.each([
    ["1.5", "1500000"],
    ["0.0125", "12500"],
    ["12,000.5", "12000500000"],
    ["0.0001", "100"],
    ["0.000001", "1"],
    // 1 万元 = 10,000 yuan = 1,000,000 fen, so 123456789.12 万元 is 123,456,789,120,000 fen.
    ["123456789.12", "123456789120000"],
    ["99999999999999999999.999999", "99999999999999999999999999"],
    ["0", "0"],
    ["0.000000", "0"],
    ["00012", "12000000"],
    ["1,234,567", "1234567000000"],
    [" 3 ", "3000000"],
    ["１２．５", "12500000"],
    ["１，２００", "1200000000"],
    ["０.０００１", "100"],
  ])("converts %j ten-thousand yuan to %s fen", (input, fen) => {
    expect(wanYuanToFen(input)).toBe(fen);
  });

  it("keeps amounts beyond the exact range of floating point exact", () => {
    // 0.1 + 0.2 style errors and 2^53 overflow would both show here.
    expect(wanYuanToFen("9007199254.740993")).toBe("9007199254740993");
    expect(wanYuanToFen("0.300003")).toBe("300003");
  });

  it("rejects more than six decimal places, which is finer than a fen", () => {
    expect(reason(() => wanYuanToFen("1.0000001"))).toBe(
      '"1.0000001" has 7 decimal places; ten-thousand yuan take at most 6 (one fen)',
    );
  });

  it("rejects negative amounts", () => {
    expect(reason(() => wanYuanToFen("-1"))).toBe('"-1" is negative; amounts are zero or more');
    expect(reason(() => wanYuanToFen("-0.5"))).toBe('"-0.5" is negative; amounts are zero or more');
  });

  it.each([
    "1e3",
    "１ｅ３",
    "1E-2",
    "+1",
    ".5",
    "1.",
    "1,23",
    "12,34.5",
    "1 000",
    "abc",
    "",
    "1.2.3",
  ])("rejects %j, which is not a plain decimal number", (input) => {
    const shown = JSON.stringify(input.normalize("NFKC").trim());
    expect(reason(() => wanYuanToFen(input))).toBe(
      `${shown} is not an amount in ten-thousand yuan; ` +
        "expected a plain decimal number such as 1.5 or 12,000.5",
    );
  });
});

describe("parseFen", () => {
  it("reads whole fen and drops leading zeros", () => {
    expect(parseFen("1500000")).toBe("1500000");
    expect(parseFen("007")).toBe("7");
    expect(parseFen("0")).toBe("0");
    expect(parseFen("１００")).toBe("100");
  });

  it("rejects fractions of a fen and negative amounts", () => {
    expect(reason(() => parseFen("1.5"))).toBe(
      '"1.5" is not a whole number of fen; expected digits only',
    );
    expect(reason(() => parseFen("-3"))).toBe('"-3" is negative; amounts are zero or more');
  });
});

describe("fenToWanYuan", () => {
  it.each([
    ["100", "0.0001"],
    ["1500000", "1.5"],
    ["0", "0"],
    ["1", "0.000001"],
    ["123456789120000", "123456789.12"],
    ["1000000", "1"],
  ])("writes %s fen as %s", (fen, wan) => {
    expect(fenToWanYuan(fen)).toBe(wan);
  });

  it("is the inverse of wanYuanToFen", () => {
    for (let fen = 0n; fen < 3_000_000_000n; fen = fen * 7n + 13n) {
      expect(wanYuanToFen(fenToWanYuan(fen.toString()))).toBe(fen.toString());
    }
  });
});
