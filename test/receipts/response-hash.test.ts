import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import { canonicalJson, responseHash } from "../../ledger-service/src/receipts";

function thrownBy(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return error as LedgerError;
  }
  throw new Error("expected a LedgerError, nothing was thrown");
}

const SERVED_DATA = {
  REGULATORY: [
    {
      name: "福州示例科技有限公司",
      uscc: "91350100M000100Y43",
      decisionNumber: "榕市监罚〔2026〕12号",
      fineFen: "5000000",
      decisionDate: "2026-03-05",
      publicityEndDate: "2029-03-05",
    },
  ],
  BASIC: [{ name: "福州示例科技有限公司", staffCount: 42, capitalFen: "100000000" }],
};

describe("canonicalJson", () => {
  it("sorts keys by UTF-16 code units, as RFC 8785's own example", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("writes numbers in ECMAScript's shortest form, as RFC 8785 requires", () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 1.0, 100])).toBe(
      "[1e+21,1e-7,0.000001,0,333333333.3333333,1,100]",
    );
  });

  it("writes no whitespace and escapes only what JSON must", () => {
    expect(canonicalJson({ b: [true, null, 'a\u000fb"\\/'], a: { d: 1, c: "é" } })).toBe(
      '{"a":{"c":"é","d":1},"b":[true,null,"a\\u000fb\\"\\\\/"]}',
    );
  });

  it("refuses what has no JSON form, and lone surrogates", () => {
    const cases: [unknown, string][] = [
      [undefined, "Response data has no JSON form"],
      [{ n: NaN }, "Response data has no canonical JSON: Error: NaN is not allowed"],
      [[Infinity], "Response data has no canonical JSON: Error: Infinity is not allowed"],
      [
        { big: 1n },
        "Response data has no canonical JSON: TypeError: Do not know how to serialize a BigInt",
      ],
      [{ s: "a\ud800b" }, "Response data holds a lone UTF-16 surrogate"],
      [{ "\udfff": 1 }, "Response data holds a lone UTF-16 surrogate"],
    ];
    for (const [data, message] of cases) {
      expect(thrownBy(() => canonicalJson(data))).toMatchObject({
        code: "VALIDATION_FAILED",
        message,
      });
    }
  });

  it("accepts text that merely looks like an escaped surrogate", () => {
    expect(canonicalJson({ s: "\\ud800" })).toBe('{"s":"\\\\ud800"}');
  });
});

describe("responseHash", () => {
  it("hashes the served data to the published value", () => {
    expect(canonicalJson(SERVED_DATA)).toBe(
      '{"BASIC":[{"capitalFen":"100000000","name":"福州示例科技有限公司","staffCount":42}],' +
        '"REGULATORY":[{"decisionDate":"2026-03-05","decisionNumber":"榕市监罚〔2026〕12号",' +
        '"fineFen":"5000000","name":"福州示例科技有限公司","publicityEndDate":"2029-03-05",' +
        '"uscc":"91350100M000100Y43"}]}',
    );
    expect(responseHash(SERVED_DATA)).toBe(
      "0xf4c7d7aa1a7525ce5b365f18d4d36b494f6c18b3df34119623a0f0e211d96bf4",
    );
  });

  it("is the SHA-256 of the canonical JSON's UTF-8 bytes", () => {
    const sha = createHash("sha256").update(Buffer.from(canonicalJson(SERVED_DATA), "utf8"));
    expect(responseHash(SERVED_DATA)).toBe("0x" + sha.digest("hex"));
  });

  it("does not depend on key order", () => {
    const reordered = { BASIC: SERVED_DATA.BASIC, REGULATORY: SERVED_DATA.REGULATORY };
    expect(responseHash(reordered)).toBe(responseHash(SERVED_DATA));
  });

  it("gives the empty object its known hash", () => {
    expect(responseHash({})).toBe(
      "0x44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    );
  });
});
