import { describe, expect, it } from "vitest";

import {
  canonicalFieldsJson,
  canonicalJson,
  responseHash,
  responseHashOfRecords,
} from "../../ledger-service/src/receipts/response-hash";

const ALPHABET = [
  "a",
  "Z",
  "0",
  '"',
  "\\",
  "\n",
  "\t",
  "\u0001",
  "罚",
  "款",
  "é",
  "😀",
  " ",
  "/",
  "\u2028",
];

function randomText(seed: { n: number }, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    seed.n = (seed.n * 1103515245 + 12345) % 2 ** 31;
    text += ALPHABET[seed.n % ALPHABET.length];
  }
  return text;
}

describe("assembled response hash", () => {
  it("writes a record's canonical JSON exactly as RFC 8785 canonicalisation does", () => {
    const seed = { n: 7 };
    for (let i = 0; i < 300; i++) {
      const fields: Record<string, string | null> = {};
      for (const key of ["uscc", "facts", "fineFen", "Name", "_x", "décision", "b", "a"]) {
        fields[key] = i % 5 === 0 && key === "b" ? null : randomText(seed, i % 17);
      }
      expect(canonicalFieldsJson(fields)).toBe(canonicalJson(fields));
    }
  });

  it("hashes assembled records to the hash of the whole data object", () => {
    const data = {
      TAX: [
        { uscc: "91350100M000100Y43", period: "2026-10", paidFen: "150000", taxType: "增值税" },
        { uscc: "91350100M000100Y43", period: "2026-11", paidFen: "0", taxType: null },
      ],
      BASIC: [{ name: '测试"企业"', uscc: "91350100M000100Y43" }],
      UTILITIES: [],
    };
    const assembled = new Map(
      Object.entries(data).map(([category, rows]) => [category, rows.map(canonicalFieldsJson)]),
    );
    expect(responseHashOfRecords(assembled)).toBe(responseHash(data));
  });

  it("refuses a lone surrogate as the generic canonicaliser's caller does", () => {
    expect(() => canonicalFieldsJson({ facts: "\ud800" })).toThrow("lone UTF-16 surrogate");
  });
});
