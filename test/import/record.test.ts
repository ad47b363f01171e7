import { createHash } from "node:crypto";

import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";

import { parseJsonImport } from "../../ledger-service/src/import/importer";
import {
  assembleRecord,
  canonicalJson,
  contentHashOf,
  naturalKeyOf,
} from "../../ledger-service/src/import/record";
import { SCHEMAS } from "../../ledger-service/src/import/schemas";

const USCC = "91350100M000100Y43";

const TAX_FIELDS = {
  name: "甲公司",
  uscc: USCC,
  period: "2026-03",
  taxType: "增值税",
  declaredFen: null,
  paidFen: "1234",
  arrearsFen: null,
  paymentDate: null,
  taxAuthority: null,
  sourceUnit: null,
};

describe("canonicalJson", () => {
  it("sorts members and writes no white space (RFC 8785)", () => {
    expect(canonicalJson("TAX", TAX_FIELDS)).toBe(
      '{"category":"TAX","fields":{"arrearsFen":null,"declaredFen":null,"name":"甲公司",' +
        '"paidFen":"1234","paymentDate":null,"period":"2026-03","sourceUnit":null,' +
        '"taxAuthority":null,"taxType":"增值税","uscc":"91350100M000100Y43"}}',
    );
  });

  it("escapes exactly as a reference RFC 8785 implementation does", () => {
    const fields = {
      quote: 'say "hi"',
      backslash: "a\\b",
      controls: "line\nbreak\ttab\u0000nul\u001f",
      emoji: "\u{1f600}",
      lone: "\ud800x",
      cjk: "福州〔2026〕",
      Upper: "sorts before lower case",
      empty: "",
      none: null,
    };
    expect(canonicalJson("REGULATORY", fields)).toBe(
      canonicalize({ category: "REGULATORY", fields }),
    );
  });
});

describe("contentHashOf", () => {
  it("is the lower-case hex SHA-256 of the canonical JSON", () => {
    expect(contentHashOf("TAX", TAX_FIELDS)).toBe(
      "2b6804e67445d005a27dfcc6ade39ea66e6c28b38bcfbb9680351bcbe93f71db",
    );
  });

  it("does not depend on the order the fields are given in", () => {
    const reversed = Object.fromEntries(Object.entries(TAX_FIELDS).reverse());
    expect(contentHashOf("TAX", reversed)).toBe(contentHashOf("TAX", TAX_FIELDS));
  });

  it("depends on the category", () => {
    expect(contentHashOf("UTILITIES", TAX_FIELDS)).not.toBe(contentHashOf("TAX", TAX_FIELDS));
  });
});

describe("assembleRecord", () => {
  it("gives the hash a reference canonicaliser gives, for every category's imports", () => {
    const parse = parseJsonImport("TAX", [{ ...TAX_FIELDS, name: 'q"\\\n' }]);
    const record = parse.records[0].record;
    const reference = createHash("sha256")
      .update(canonicalize({ category: "TAX", fields: record.fields }) ?? "")
      .digest("hex");

    expect(record.contentHash).toBe(reference);
    expect(record.contentHash).toBe(contentHashOf("TAX", record.fields));
  });

  it("keeps the fields in schema order", () => {
    const values = SCHEMAS.TAX.fields.map(
      (field) => (TAX_FIELDS as Record<string, string | null>)[field.name],
    );
    const record = assembleRecord(SCHEMAS.TAX, values);

    expect(Object.keys(record.fields)).toEqual(SCHEMAS.TAX.fields.map((f) => f.name));
    expect(record).toEqual({
      category: "TAX",
      uscc: USCC,
      naturalKey: `TAX|${USCC}|2026-03|增值税`,
      fields: TAX_FIELDS,
      publicityEndDate: null,
      contentHash: "2b6804e67445d005a27dfcc6ade39ea66e6c28b38bcfbb9680351bcbe93f71db",
    });
  });
});

describe("naturalKeyOf", () => {
  it("joins the category and key values with |", () => {
    expect(naturalKeyOf(SCHEMAS.TAX, TAX_FIELDS)).toBe(`TAX|${USCC}|2026-03|增值税`);
  });

  it("escapes | and % inside values so that different values never join alike", () => {
    const a = naturalKeyOf(SCHEMAS.REGULATORY, { uscc: USCC, decisionNumber: "A|B" });
    const b = naturalKeyOf(SCHEMAS.REGULATORY, { uscc: USCC, decisionNumber: "A%7CB" });

    expect(a).toBe(`REGULATORY|${USCC}|A%7CB`);
    expect(b).toBe(`REGULATORY|${USCC}|A%257CB`);
  });
});
