import { describe, expect, it } from "vitest";

import { CATEGORIES, type Category } from "../../ledger-service/src/domain/categories";
import { isValidUscc } from "../../ledger-service/src/domain/uscc";
import { decodeText } from "../../ledger-service/src/import/decode-text";
import {
  parseCsvImport,
  parseJsonImport,
  type ImportParse,
} from "../../ledger-service/src/import/importer";
import { isServable } from "../../ledger-service/src/import/publicity";
import { generateSampleData, SeededRandom, type SampleFile } from "../../ledger-service/src/sample";
import { PENALTY_HEADERS } from "./penalty-csv";

const SEED = 20260305;
const sample = generateSampleData(SEED);

function parseFile(file: SampleFile): ImportParse {
  return file.format === "csv"
    ? parseCsvImport(file.body, file.category)
    : parseJsonImport(file.category, file.body);
}

const parsed = new Map<Category, ImportParse>(
  sample.files.map((file) => [file.category, parseFile(file)]),
);

function fileOf(category: Category): SampleFile {
  const file = sample.files.find((f) => f.category === category);
  if (file === undefined) throw new Error(`no ${category} file`);
  return file;
}

function csvText(category: Category): string {
  const file = fileOf(category);
  if (file.format !== "csv") throw new Error(`${category} is not CSV`);
  return decodeText(file.body).text;
}

describe("SeededRandom", () => {
  it("is mulberry32", () => {
    const random = new SeededRandom(1);
    expect([random.next(), random.next(), random.next()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });
});

describe("generateSampleData", () => {
  it("gives byte-identical output for the same seed", () => {
    const again = generateSampleData(SEED);

    expect(again.enterprises).toEqual(sample.enterprises);
    expect(again.files.map((f) => f.category)).toEqual(sample.files.map((f) => f.category));
    again.files.forEach((file, i) => {
      const original = sample.files[i];
      if (file.format === "csv" && original.format === "csv") {
        expect(Buffer.from(file.body).equals(Buffer.from(original.body))).toBe(true);
      } else {
        expect(JSON.stringify(file.body)).toBe(JSON.stringify(original.body));
      }
    });
  });

  it("gives different data for another seed", () => {
    const other = generateSampleData(SEED + 1);
    expect(other.enterprises.slice(5).map((e) => e.uscc)).not.toEqual(
      sample.enterprises.slice(5).map((e) => e.uscc),
    );
  });

  it("creates at least 1,000 enterprises with valid, unique codes and plausible divisions", () => {
    expect(sample.enterprises).toHaveLength(1000);
    expect(new Set(sample.enterprises.map((e) => e.uscc)).size).toBe(1000);
    expect(new Set(sample.enterprises.map((e) => e.name)).size).toBe(1000);
    for (const enterprise of sample.enterprises) {
      expect(isValidUscc(enterprise.uscc)).toBe(true);
      expect(enterprise.uscc.slice(0, 2)).toBe("91");
      expect(enterprise.uscc.slice(2, 8)).toBe(enterprise.divisionCode);
      expect(enterprise.name).toMatch(/(有限公司|有限责任公司|股份有限公司)$/);
    }
  });

  it("gives the five dev enterprises recognisable names and the same codes for every seed", () => {
    const dev = sample.enterprises.slice(0, 5);
    expect(dev.map((e) => [e.name, e.uscc, e.legalRepresentative])).toEqual([
      ["福州演示一号精密机械有限公司", "91350102MADEM0011W", "陈一鸣"],
      ["厦门演示二号软件科技有限公司", "91350203MADEM002X8", "林二帆"],
      ["泉州演示三号纺织服饰有限公司", "91350503MADEM0038P", "黄三石"],
      ["福州演示四号食品有限公司", "91350104MADEM0046C", "吴四海"],
      ["厦门演示五号物流有限公司", "91350206MADEM00549", "郑五岳"],
    ]);
    expect(dev.every((e) => e.devAccount)).toBe(true);
    expect(sample.enterprises.slice(5).some((e) => e.devAccount)).toBe(false);
    expect(
      generateSampleData(7, 6)
        .enterprises.slice(0, 5)
        .map((e) => e.uscc),
    ).toEqual(dev.map((e) => e.uscc));
  });

  it("refuses fewer enterprises than the five dev ones", () => {
    expect(() => generateSampleData(1, 4)).toThrow(
      "enterpriseCount must be a whole number of at least 5, got 4",
    );
  });

  it("has one file per category, with records in all eight", () => {
    expect(sample.files.map((f) => f.category)).toEqual(CATEGORIES);
    for (const category of CATEGORIES) {
      expect(parsed.get(category)?.records.length).toBeGreaterThan(0);
    }
    expect(parsed.get("BASIC")?.records).toHaveLength(1000);
    expect(parsed.get("TAX")?.records.length).toBeGreaterThan(60);
    expect(parsed.get("UTILITIES")?.records.length).toBeGreaterThan(30);
  });

  it.each(CATEGORIES)("imports the %s file with no rejected row", (category) => {
    const parse = parsed.get(category);
    expect(parse?.rejected).toEqual([]);
    expect(parse?.records).toHaveLength(parse?.rowsSeen ?? -1);
  });

  it("gives each dev enterprise records in every category", () => {
    for (const enterprise of sample.enterprises.slice(0, 5)) {
      for (const category of CATEGORIES) {
        const own = parsed.get(category)?.records.filter((r) => r.record.uscc === enterprise.uscc);
        expect(own?.length, `${enterprise.name} ${category}`).toBeGreaterThan(0);
      }
    }
  });

  it("only has records about sample enterprises, each under a distinct natural key", () => {
    const codes = new Set(sample.enterprises.map((e) => e.uscc));
    for (const parse of parsed.values()) {
      const keys = parse.records.map((r) => r.record.naturalKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const { record } of parse.records) expect(codes.has(record.uscc)).toBe(true);
    }
  });

  it("writes penalties as provider CSV: UTF-8 with BOM, CRLF, quoted commas, quotes, breaks", () => {
    const file = fileOf("REGULATORY");
    if (file.format !== "csv") throw new Error("penalties are CSV");
    expect([...file.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const text = csvText("REGULATORY");
    expect(decodeText(file.body).encoding).toBe("utf-8");
    const header = [...PENALTY_HEADERS, "备注"].join(",");
    expect(text.startsWith(header + "\r\n")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "")).not.toMatch(/\r(?!\n)/);
    expect(text).toMatch(/,"[^"]*\n[^"]*",/);
    expect(text).toMatch(/,"罚款人民币[\d,]+(\.\d+)?元, 责令限期改正",/);
    expect(text).toContain('""全国销量第一""');
  });

  it("mixes the three date forms and writes amounts in ten-thousand yuan", () => {
    const text = csvText("REGULATORY");
    expect(text).toMatch(/,\d{4}-\d{2}-\d{2},/);
    expect(text).toMatch(/,\d{4}\/\d{1,2}\/\d{1,2},/);
    expect(text).toMatch(/,\d{4}年\d{1,2}月\d{1,2}日,/);

    const records = parsed.get("REGULATORY")?.records ?? [];
    const fined = records.filter((r) => r.record.fields.fineFen !== null);
    expect(fined.length).toBeGreaterThan(0);
    // A 2,000 yuan fine is 0.2 万元 in the file and 200,000 fen after import.
    expect(fined.every((r) => /^\d+$/.test(r.record.fields.fineFen ?? ""))).toBe(true);
  });

  it("includes a few penalties whose publicity has ended, and keeps most servable", () => {
    const records = parsed.get("REGULATORY")?.records.map((r) => r.record) ?? [];
    const ended = records.filter((r) => !isServable(r, "2026-01-01"));

    expect(ended.length).toBeGreaterThan(0);
    expect(ended.length).toBeLessThan(records.length / 4);
    expect(ended.every((r) => (r.publicityEndDate ?? "9999") < "2026-01-01")).toBe(true);
    expect(records.filter((r) => !isServable(r, "2028-01-01"))).toEqual(ended);
    const devThree = sample.enterprises[2].uscc;
    expect(ended.some((r) => r.uscc === devThree)).toBe(true);
  });

  it("writes the utility bills as GB18030", () => {
    const file = fileOf("UTILITIES");
    if (file.format !== "csv") throw new Error("utility bills are CSV");
    expect(decodeText(file.body).encoding).toBe("gb18030");
    expect(csvText("UTILITIES").startsWith("户名,统一社会信用代码,费用类型,户号,账期,")).toBe(true);
  });

  it("generates 1,000 enterprises quickly", () => {
    const started = performance.now();
    generateSampleData(99);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
