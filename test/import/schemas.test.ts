import { describe, expect, it } from "vitest";

import { CATEGORIES } from "../../ledger-service/src/domain/categories";
import { normalizeCell } from "../../ledger-service/src/import/field-values";
import { SCHEMAS, headersOf } from "../../ledger-service/src/import/schemas";

describe("SCHEMAS", () => {
  it("has a schema for each of the eight categories", () => {
    expect(Object.keys(SCHEMAS).sort()).toEqual([...CATEGORIES].sort());
    for (const category of CATEGORIES) expect(SCHEMAS[category].category).toBe(category);
  });

  it("fixes the penalty fields and headers of the national layout, in order", () => {
    expect(SCHEMAS.REGULATORY.fields.map((f) => [f.name, f.header])).toEqual([
      ["name", "行政相对人名称"],
      ["uscc", "统一社会信用代码"],
      ["legalRepresentative", "法定代表人"],
      ["decisionNumber", "行政处罚决定书文号"],
      ["violationType", "违法行为类型"],
      ["facts", "违法事实"],
      ["legalBasis", "处罚依据"],
      ["penaltyType", "处罚类别"],
      ["penaltyContent", "处罚内容"],
      ["fineFen", "罚款金额（万元）"],
      ["decisionDate", "处罚决定日期"],
      ["penaltyValidUntil", "处罚有效期"],
      ["publicityEndDate", "公示截止期"],
      ["authority", "处罚机关"],
      ["authorityUscc", "处罚机关统一社会信用代码"],
      ["sourceUnit", "数据来源单位"],
    ]);
    expect(SCHEMAS.REGULATORY.naturalKey).toEqual(["uscc", "decisionNumber"]);
    expect(SCHEMAS.REGULATORY.publicityEndField).toBe("publicityEndDate");
  });

  it("uses the documented natural keys", () => {
    expect(Object.fromEntries(CATEGORIES.map((c) => [c, SCHEMAS[c].naturalKey]))).toEqual({
      BASIC: ["uscc"],
      JUDICIAL: ["uscc", "recordType", "caseNumber"],
      REGULATORY: ["uscc", "decisionNumber"],
      POSITIVE: ["uscc", "recordType", "documentNumber"],
      EVALUATION: ["uscc", "evaluationType", "evaluationYear"],
      TAX: ["uscc", "period", "taxType"],
      SOCIAL_SECURITY: ["uscc", "period", "insuranceType"],
      UTILITIES: ["uscc", "utilityType", "accountNumber", "period"],
    });
  });

  it.each(CATEGORIES)("gives %s a required uscc field and required natural-key fields", (c) => {
    const schema = SCHEMAS[c];
    const byName = new Map(schema.fields.map((f) => [f.name, f]));

    expect(byName.get("uscc")).toMatchObject({ type: "uscc", required: true });
    for (const key of schema.naturalKey) expect(byName.get(key)?.required).toBe(true);
    if (schema.publicityEndField !== null) {
      expect(byName.get(schema.publicityEndField)?.type).toBe("date");
    }
  });

  it.each(CATEGORIES)("gives every %s field a distinct name and distinct headers", (c) => {
    const fields = SCHEMAS[c].fields;
    const headers = fields.flatMap((f) => headersOf(f).map((h) => normalizeCell(h)));

    expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
    expect(new Set(headers).size).toBe(headers.length);
  });

  it.each(CATEGORIES)("names %s amount fields *Fen and gives their headers 万元", (c) => {
    for (const field of SCHEMAS[c].fields) {
      expect(field.name.endsWith("Fen")).toBe(field.type === "fen");
      if (field.type === "fen") expect(field.header).toMatch(/（万元）$/);
    }
  });

  it("lists enum codes in upper case", () => {
    for (const c of CATEGORIES) {
      for (const field of SCHEMAS[c].fields.filter((f) => f.type === "enum")) {
        for (const code of Object.keys(field.values ?? {})) expect(code).toMatch(/^[A-Z_]+$/);
      }
    }
  });
});
