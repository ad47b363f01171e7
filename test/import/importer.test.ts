import { describe, expect, it } from "vitest";

import type { Category } from "../../ledger-service/src/domain/categories";
import { LedgerError } from "../../ledger-service/src/errors";
import {
  parseCsvImport,
  parseJsonImport,
  type ImportParse,
} from "../../ledger-service/src/import/importer";
import { encodeGb18030 } from "../../ledger-service/src/sample/gb18030-encoder";
import {
  AUTHORITY_USCC,
  PENALTY_HEADERS,
  penaltyCsv,
  penaltyCsvText,
  penaltyRow,
} from "./penalty-csv";

const USCC = "91350100M000100Y43";

const EXPECTED_FIELDS = {
  name: "福州恒瑞精密机械有限公司",
  uscc: USCC,
  legalRepresentative: "陈一鸣",
  decisionNumber: "榕市监处罚〔2026〕12号",
  violationType: "销售超过保质期的食品",
  // NFKC turns the full-width comma into an ASCII one.
  facts: "经查,当事人销售超过保质期的食品3件。",
  legalBasis: "《中华人民共和国食品安全法》第一百二十四条第一款",
  penaltyType: "罚款",
  penaltyContent: "罚款人民币5,000元",
  fineFen: "500000",
  decisionDate: "2026-03-05",
  penaltyValidUntil: "2027-03-05",
  publicityEndDate: "2029-03-05",
  authority: "福州市市场监督管理局",
  authorityUscc: AUTHORITY_USCC,
  sourceUnit: "福州市市场监督管理局",
};

function validationFailure(parse: () => unknown): LedgerError {
  try {
    parse();
  } catch (error) {
    if (error instanceof LedgerError && error.code === "VALIDATION_FAILED") return error;
    throw error;
  }
  throw new Error("expected VALIDATION_FAILED");
}

function csvOf(category: Category, headers: string[], rows: string[][]): Uint8Array {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [headers, ...rows].map((cells) => cells.map(quote).join(","));
  void category;
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

describe("parseCsvImport of a penalty file", () => {
  it("turns a row into a record with English fields in the layout's order", () => {
    const parse = parseCsvImport(penaltyCsv([penaltyRow()]), "REGULATORY");

    expect(parse.rowsSeen).toBe(1);
    expect(parse.rejected).toEqual([]);
    expect(parse.records).toHaveLength(1);
    const { row, record } = parse.records[0];
    expect(row).toBe(2);
    expect(record.category).toBe("REGULATORY");
    expect(record.uscc).toBe(USCC);
    expect(record.naturalKey).toBe(`REGULATORY|${USCC}|榕市监处罚〔2026〕12号`);
    expect(record.fields).toEqual(EXPECTED_FIELDS);
    expect(Object.keys(record.fields)).toEqual(Object.keys(EXPECTED_FIELDS));
    expect(record.publicityEndDate).toBe("2029-03-05");
    expect(record.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads UTF-8 with a byte-order mark the same as without", () => {
    const plain = parseCsvImport(penaltyCsv([penaltyRow()]), "REGULATORY");
    const withBom = parseCsvImport(penaltyCsv([penaltyRow()], { bom: true }), "REGULATORY");

    expect(withBom.rejected).toEqual([]);
    expect(withBom.records).toEqual(plain.records);
  });

  it("reads a GB18030 file the same as its UTF-8 twin", () => {
    const text = penaltyCsvText([
      penaltyRow(),
      penaltyRow({ 行政处罚决定书文号: "榕市监处罚〔2026〕13号" }),
    ]);
    const gb = parseCsvImport(encodeGb18030(text), "REGULATORY");
    const utf8 = parseCsvImport(new TextEncoder().encode(text), "REGULATORY");

    expect(gb.rejected).toEqual([]);
    expect(gb.records).toHaveLength(2);
    expect(gb.records).toEqual(utf8.records);
  });

  it("reads LF line ends the same as CRLF", () => {
    const lf = parseCsvImport(penaltyCsv([penaltyRow()], { lineEnd: "\n" }), "REGULATORY");
    expect(lf.records[0].record.fields).toEqual(EXPECTED_FIELDS);
  });

  it("keeps quoted commas and line breaks in a field and numbers later records correctly", () => {
    const rows = [
      penaltyRow({ 违法事实: "一、销售过期食品, 货值1,234元;\r\n二、未建立进货查验记录。" }),
      penaltyRow({ 行政处罚决定书文号: "B-2", 违法事实: "第一行\n第二行\n第三行" }),
      penaltyRow({ 行政处罚决定书文号: "B-3", 处罚决定日期: "2026-02-30" }),
    ];
    const parse = parseCsvImport(penaltyCsv(rows), "REGULATORY");

    expect(parse.records.map((r) => r.row)).toEqual([2, 3]);
    expect(parse.records[0].record.fields.facts).toBe(
      "一、销售过期食品, 货值1,234元;\n二、未建立进货查验记录。",
    );
    expect(parse.records[1].record.fields.facts).toBe("第一行\n第二行\n第三行");
    expect(parse.rejected).toEqual([
      {
        row: 4,
        reason:
          'column 处罚决定日期 (decisionDate): "2026-02-30" is not a real date: ' +
          "2026-02 has days 1 to 28",
      },
    ]);
  });

  it("keeps doubled quotes as one quote", () => {
    const parse = parseCsvImport(
      penaltyCsv([penaltyRow({ 违法事实: '宣称"全国销量第一"' })]),
      "REGULATORY",
    );
    expect(parse.records[0].record.fields.facts).toBe('宣称"全国销量第一"');
  });

  it("skips rows with every cell empty without rejecting or counting them", () => {
    const text =
      penaltyCsvText([penaltyRow()]) +
      ",,,,,,,,,,,,,,,\r\n" +
      "\r\n" +
      " , ,\u3000,,,,,,,,,,,,,\r\n" +
      penaltyCsvText([penaltyRow({ 行政处罚决定书文号: "第二份" })]).split("\r\n")[1] +
      "\r\n";
    const parse = parseCsvImport(new TextEncoder().encode(text), "REGULATORY");

    expect(parse.rowsSeen).toBe(2);
    expect(parse.rejected).toEqual([]);
    expect(parse.records.map((r) => r.row)).toEqual([2, 6]);
  });

  it("normalises full-width digits in amounts, dates and USCCs", () => {
    const parse = parseCsvImport(
      penaltyCsv([
        penaltyRow({
          统一社会信用代码: " ９１３５０１００ｍ０００１００ｙ４３ ",
          "罚款金额（万元）": "１，２００．５",
          处罚决定日期: "２０２６年３月５日",
        }),
      ]),
      "REGULATORY",
    );

    expect(parse.rejected).toEqual([]);
    const fields = parse.records[0].record.fields;
    expect(fields.uscc).toBe(USCC);
    expect(fields.fineFen).toBe("1200500000");
    expect(fields.decisionDate).toBe("2026-03-05");
  });

  it("matches headers after NFKC and trimming, with ASCII parentheses or spaces", () => {
    const headers = PENALTY_HEADERS.map((h) =>
      h === "罚款金额（万元）" ? " 罚款金额(万元) " : h === "处罚机关" ? "处罚机关\u3000" : h,
    );
    const row = penaltyRow();
    row[" 罚款金额(万元) "] = row["罚款金额（万元）"];
    row["处罚机关\u3000"] = row["处罚机关"];
    const parse = parseCsvImport(penaltyCsv([row], { headers }), "REGULATORY");

    expect(parse.rejected).toEqual([]);
    expect(parse.records[0].record.fields).toEqual(EXPECTED_FIELDS);
  });

  it("takes columns in any order and ignores unknown columns", () => {
    const headers = ["备注", ...[...PENALTY_HEADERS].reverse(), "内部编号"];
    const row = { ...penaltyRow(), 备注: "无", 内部编号: "X-1" };
    const parse = parseCsvImport(penaltyCsv([row], { headers }), "REGULATORY");

    expect(parse.rejected).toEqual([]);
    expect(parse.records[0].record.fields).toEqual(EXPECTED_FIELDS);
    expect(Object.keys(parse.records[0].record.fields)).toEqual(Object.keys(EXPECTED_FIELDS));
  });

  it("gives null for optional columns the file does not have", () => {
    const headers = PENALTY_HEADERS.filter(
      (h) => !["公示截止期", "罚款金额（万元）", "处罚机关统一社会信用代码"].includes(h),
    );
    const parse = parseCsvImport(penaltyCsv([penaltyRow()], { headers }), "REGULATORY");

    const record = parse.records[0].record;
    expect(record.fields.publicityEndDate).toBeNull();
    expect(record.fields.fineFen).toBeNull();
    expect(record.fields.authorityUscc).toBeNull();
    expect(record.publicityEndDate).toBeNull();
  });

  it("rejects the whole file when a required column is missing", () => {
    const headers = PENALTY_HEADERS.filter((h) => h !== "行政处罚决定书文号" && h !== "处罚机关");
    const error = validationFailure(() =>
      parseCsvImport(penaltyCsv([penaltyRow()], { headers }), "REGULATORY"),
    );

    expect(error.message).toBe(
      "required columns missing for REGULATORY: " +
        "行政处罚决定书文号 (decisionNumber), 处罚机关 (authority)",
    );
    expect(error.details).toEqual({ missingColumns: ["行政处罚决定书文号", "处罚机关"] });
  });

  it("rejects the whole file when two columns map to the same field", () => {
    const headers = [...PENALTY_HEADERS, "罚款金额(万元)"];
    const error = validationFailure(() =>
      parseCsvImport(penaltyCsv([penaltyRow()], { headers }), "REGULATORY"),
    );
    expect(error.message).toBe(
      "columns 10 and 17 both hold 罚款金额（万元） (fineFen); keep one of them",
    );
  });

  it("rejects an empty file and a file whose first record is empty", () => {
    expect(validationFailure(() => parseCsvImport(new Uint8Array(), "REGULATORY")).message).toBe(
      "the file has no header row (record 1 is empty)",
    );
    const blankFirst = new TextEncoder().encode("\r\n" + penaltyCsvText([penaltyRow()]));
    expect(validationFailure(() => parseCsvImport(blankFirst, "REGULATORY")).message).toBe(
      "the file has no header row (record 1 is empty)",
    );
  });

  it("accepts a file with only a header and no rows", () => {
    expect(parseCsvImport(penaltyCsv([]), "REGULATORY")).toEqual({
      records: [],
      rejected: [],
      rowsSeen: 0,
    });
  });

  it("rejects the whole file when a quoted field is never closed", () => {
    const text = penaltyCsvText([penaltyRow()]) + '"unterminated,\r\n';
    expect(
      validationFailure(() => parseCsvImport(new TextEncoder().encode(text), "REGULATORY")).message,
    ).toBe("record 3: the quoted field in column 1 is never closed");
  });

  it("rejects an unknown category", () => {
    expect(
      validationFailure(() => parseCsvImport(penaltyCsv([]), "PENALTIES" as Category)).message,
    ).toBe('unknown data category "PENALTIES"');
  });

  it("names the column and the problem for each bad cell of a row", () => {
    const parse = parseCsvImport(
      penaltyCsv([
        penaltyRow({
          统一社会信用代码: "91350100M000100Y44",
          "罚款金额（万元）": "1e3",
          行政处罚决定书文号: " ",
        }),
      ]),
      "REGULATORY",
    );

    expect(parse.records).toEqual([]);
    expect(parse.rejected).toEqual([
      {
        row: 2,
        reason:
          'column 统一社会信用代码 (uscc): invalid USCC "91350100M000100Y44": ' +
          "check character expected 3, got 4; " +
          "column 行政处罚决定书文号 (decisionNumber): required but empty; " +
          'column 罚款金额（万元） (fineFen): "1e3" is not an amount in ten-thousand yuan; ' +
          "expected a plain decimal number such as 1.5 or 12,000.5",
      },
    ]);
  });

  it("rejects amounts finer than a fen and negative amounts", () => {
    const parse = parseCsvImport(
      penaltyCsv([
        penaltyRow({ "罚款金额（万元）": "0.0000001" }),
        penaltyRow({ "罚款金额（万元）": "-0.5" }),
      ]),
      "REGULATORY",
    );

    expect(parse.rejected).toEqual([
      {
        row: 2,
        reason:
          'column 罚款金额（万元） (fineFen): "0.0000001" has 7 decimal places; ' +
          "ten-thousand yuan take at most 6 (one fen)",
      },
      {
        row: 3,
        reason: 'column 罚款金额（万元） (fineFen): "-0.5" is negative; amounts are zero or more',
      },
    ]);
  });

  it("lands the good rows of a file that also has bad ones", () => {
    const rows = [
      penaltyRow({ 行政处罚决定书文号: "A-1" }),
      penaltyRow({ 行政处罚决定书文号: "A-2", 统一社会信用代码: "not a code" }),
      penaltyRow({ 行政处罚决定书文号: "A-3" }),
    ];
    const parse = parseCsvImport(penaltyCsv(rows), "REGULATORY");

    expect(parse.rowsSeen).toBe(3);
    expect(parse.records.map((r) => [r.row, r.record.fields.decisionNumber])).toEqual([
      [2, "A-1"],
      [4, "A-3"],
    ]);
    expect(parse.rejected).toEqual([
      {
        row: 3,
        reason:
          'column 统一社会信用代码 (uscc): invalid USCC "NOT A CODE": must be 18 characters, got 10',
      },
    ]);
  });

  it("rejects a row whose cell count differs from the header's", () => {
    const text = penaltyCsvText([penaltyRow()]) + "a,b,c\r\n";
    const parse = parseCsvImport(new TextEncoder().encode(text), "REGULATORY");

    expect(parse.records.map((r) => r.row)).toEqual([2]);
    expect(parse.rejected).toEqual([
      {
        row: 3,
        reason:
          "the record has 3 cells but the header has 16; " +
          "a field with a comma or line break must be quoted",
      },
    ]);
  });

  it("rejects a row with malformed quoting and keeps the rows after it", () => {
    const good = penaltyCsvText([penaltyRow({ 行政处罚决定书文号: "C-2" })]).split("\r\n")[1];
    const bad = good.replace("陈一鸣", '陈"一鸣');
    const text = penaltyCsvText([]) + bad + "\r\n" + good + "\r\n";
    const parse = parseCsvImport(new TextEncoder().encode(text), "REGULATORY");

    expect(parse.records.map((r) => r.row)).toEqual([3]);
    expect(parse.rejected).toEqual([
      {
        row: 2,
        reason:
          "malformed CSV quoting in column 3: a double quote inside a field that is not quoted",
      },
    ]);
  });

  it("normalises every text cell with NFKC and turns CRLF inside a cell into LF", () => {
    const parse = parseCsvImport(
      penaltyCsv([
        penaltyRow({
          行政处罚决定书文号: "榕市监处罚（２０２６）１２号",
          违法事实: "甲\r\n乙\r丙",
        }),
      ]),
      "REGULATORY",
    );
    const fields = parse.records[0].record.fields;
    expect(fields.decisionNumber).toBe("榕市监处罚(2026)12号");
    expect(fields.facts).toBe("甲\n乙\n丙");
  });
});

describe("parseCsvImport of other categories", () => {
  it("maps Chinese enum values to their codes and reads months", () => {
    const parse = parseCsvImport(
      csvOf(
        "UTILITIES",
        [
          "户名",
          "统一社会信用代码",
          "费用类型",
          "户号",
          "账期",
          "应缴金额（万元）",
          "实缴金额（万元）",
        ],
        [
          ["甲公司", USCC, "电费", "0591-001", "2026年3月", "0.123456", "0.1"],
          ["甲公司", USCC, "燃气", "0591-002", "202603", "1", "1"],
          ["甲公司", USCC, "暖气", "0591-003", "2026-03", "1", "1"],
        ],
      ),
      "UTILITIES",
    );

    expect(parse.records.map((r) => r.record.fields.utilityType)).toEqual(["ELECTRICITY", "GAS"]);
    expect(parse.records[0].record.fields.period).toBe("2026-03");
    expect(parse.records[0].record.fields.billedFen).toBe("123456");
    expect(parse.records[0].record.naturalKey).toBe(
      `UTILITIES|${USCC}|ELECTRICITY|0591-001|2026-03`,
    );
    expect(parse.rejected).toEqual([
      {
        row: 4,
        reason:
          'column 费用类型 (utilityType): "暖气" is not one of the accepted values: ' +
          "WATER/水费/供水/用水, ELECTRICITY/电费/供电/用电, GAS/燃气费/燃气/天然气/用气",
      },
    ]);
  });

  it("checks that a grade fits the kind of evaluation", () => {
    const parse = parseCsvImport(
      csvOf(
        "EVALUATION",
        ["企业名称", "统一社会信用代码", "评价类型", "评价年度", "评价等级", "评价机关"],
        [
          ["甲公司", USCC, "纳税信用等级", "2025", "a", "国家税务总局福州市税务局"],
          ["甲公司", USCC, "环境信用评价", "2025", "绿牌", "福州市生态环境局"],
          ["甲公司", USCC, "纳税信用等级", "2024", "绿牌", "国家税务总局福州市税务局"],
          ["甲公司", USCC, "纳税信用等级", "25", "A", "国家税务总局福州市税务局"],
        ],
      ),
      "EVALUATION",
    );

    expect(parse.records.map((r) => r.record.fields.grade)).toEqual(["A", "GREEN"]);
    expect(parse.records[0].record.naturalKey).toBe(`EVALUATION|${USCC}|TAX_CREDIT|2025`);
    expect(parse.rejected).toEqual([
      { row: 4, reason: "a tax credit grade is one of A, B, M, C, D, got GREEN" },
      { row: 5, reason: "evaluation year 25 is outside 1900-2199" },
    ]);
  });

  it("reads counts with thousands separators and rejects fractional counts", () => {
    const parse = parseCsvImport(
      csvOf(
        "SOCIAL_SECURITY",
        ["单位名称", "统一社会信用代码", "费款所属期", "险种", "参保人数", "实缴金额（万元）"],
        [
          ["甲公司", USCC, "2026-03", "基本养老保险", "1,204", "2.5"],
          ["甲公司", USCC, "2026-03", "医疗保险", "12.5", "2.5"],
        ],
      ),
      "SOCIAL_SECURITY",
    );

    expect(parse.records[0].record.fields.insuredCount).toBe("1204");
    expect(parse.records[0].record.fields.insuranceType).toBe("PENSION");
    expect(parse.rejected).toEqual([
      {
        row: 3,
        reason:
          'column 参保人数 (insuredCount): "12.5" is not a whole number; ' +
          "expected digits such as 42 or 1,200",
      },
    ]);
  });

  it("gives JUDICIAL records their publicity end", () => {
    const parse = parseCsvImport(
      csvOf(
        "JUDICIAL",
        [
          "被执行人名称",
          "统一社会信用代码",
          "记录类型",
          "案号",
          "执行法院",
          "立案日期",
          "公示截止期",
        ],
        [
          [
            "甲公司",
            USCC,
            "失信被执行人",
            "（2025）闽0102执123号",
            "福州市鼓楼区人民法院",
            "2025/1/2",
            "2028/1/2",
          ],
        ],
      ),
      "JUDICIAL",
    );

    const record = parse.records[0].record;
    expect(record.fields.recordType).toBe("DISHONEST_DEBTOR");
    expect(record.naturalKey).toBe(`JUDICIAL|${USCC}|DISHONEST_DEBTOR|(2025)闽0102执123号`);
    expect(record.publicityEndDate).toBe("2028-01-02");
  });
});

describe("parseJsonImport", () => {
  const jsonPenalty = {
    ...EXPECTED_FIELDS,
    facts: "经查，当事人销售超过保质期的食品3件。",
    decisionDate: "2026/3/5",
    penaltyValidUntil: "2027年3月5日",
  };

  it("gives the same record and content hash as the CSV form", () => {
    const json = parseJsonImport("REGULATORY", [jsonPenalty]);
    const csv = parseCsvImport(penaltyCsv([penaltyRow()]), "REGULATORY");

    expect(json.rejected).toEqual([]);
    expect(json.records).toEqual([{ row: 1, record: csv.records[0].record }]);
  });

  it("reads amounts as fen, as strings or safe integers", () => {
    const parse = parseJsonImport("REGULATORY", [
      { ...jsonPenalty, fineFen: 500000 },
      { ...jsonPenalty, fineFen: "0.5" },
      { ...jsonPenalty, fineFen: 2 ** 53 },
    ]);

    expect(parse.records.map((r) => [r.row, r.record.fields.fineFen])).toEqual([[1, "500000"]]);
    expect(parse.rejected).toEqual([
      { row: 2, reason: 'field fineFen: "0.5" is not a whole number of fen; expected digits only' },
      {
        row: 3,
        reason:
          "field fineFen: 9007199254740992 is not a whole number from 0 to 9007199254740991; " +
          "send larger values as a decimal string",
      },
    ]);
  });

  it("numbers rows from 1, skips empty objects and rejects non-objects", () => {
    const parse = parseJsonImport("REGULATORY", [
      {},
      jsonPenalty,
      "text",
      { name: "", uscc: null },
      { ...jsonPenalty, uscc: 91350100, name: ["x"] },
      { ...jsonPenalty, extra: "ignored", decisionNumber: "D-6" },
    ]);

    expect(parse.rowsSeen).toBe(4);
    expect(parse.records.map((r) => r.row)).toEqual([2, 6]);
    expect(parse.records[1].record.fields).toEqual({ ...EXPECTED_FIELDS, decisionNumber: "D-6" });
    expect(parse.rejected).toEqual([
      { row: 3, reason: "the record is not a JSON object" },
      {
        row: 5,
        reason:
          "field name: expected a string, got an array; " +
          "field uscc: expected a string, got a number",
      },
    ]);
  });

  it("reports missing required fields", () => {
    const parse = parseJsonImport("TAX", [{ name: "甲公司", uscc: USCC, period: "2026-03" }]);
    expect(parse.rejected).toEqual([
      {
        row: 1,
        reason: "field taxType: required but empty; field paidFen: required but empty",
      },
    ]);
  });

  it("builds the TAX natural key from USCC, period and tax type", () => {
    const parse: ImportParse = parseJsonImport("TAX", [
      { name: "甲公司", uscc: USCC, period: "2026年3月", taxType: "增值税", paidFen: "1234" },
    ]);
    expect(parse.records[0].record.naturalKey).toBe(`TAX|${USCC}|2026-03|增值税`);
    expect(parse.records[0].record.publicityEndDate).toBeNull();
  });

  it("refuses records that are not an array", () => {
    expect(validationFailure(() => parseJsonImport("TAX", { records: [] })).message).toBe(
      "records must be an array of objects",
    );
  });
});

describe("natural keys and content hashes", () => {
  it("gives equal content an equal hash, and changed content another hash under one key", () => {
    const parse = parseCsvImport(
      penaltyCsv([
        penaltyRow(),
        penaltyRow({ 处罚决定日期: "2026年3月5日", "罚款金额（万元）": "0.500000" }),
        penaltyRow({ "罚款金额（万元）": "0.6" }),
      ]),
      "REGULATORY",
    );
    const [first, same, corrected] = parse.records.map((r) => r.record);

    expect(same.contentHash).toBe(first.contentHash);
    expect(corrected.naturalKey).toBe(first.naturalKey);
    expect(corrected.contentHash).not.toBe(first.contentHash);
  });

  it("gives a different natural key to another decision of the same enterprise", () => {
    const parse = parseCsvImport(
      penaltyCsv([penaltyRow(), penaltyRow({ 行政处罚决定书文号: "榕市监处罚〔2026〕13号" })]),
      "REGULATORY",
    );
    const [a, b] = parse.records.map((r) => r.record);
    expect(a.naturalKey).not.toBe(b.naturalKey);
    expect(b.naturalKey).toBe(`REGULATORY|${USCC}|榕市监处罚〔2026〕13号`);
  });
});

describe("import speed", () => {
  it("parses and validates 20,000 penalty rows in well under a second of CPU time", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      penaltyRow({
        行政处罚决定书文号: `榕市监处罚〔2026〕${i}号`,
        违法事实: "一、销售过期食品, 货值1,234元;\r\n二、未建立进货查验记录。",
        处罚决定日期: i % 2 === 0 ? "2026/3/5" : "2026年3月5日",
      }),
    );
    const bytes = penaltyCsv(rows, { bom: true });
    parseCsvImport(bytes, "REGULATORY"); // warm-up

    // CPU time, not wall time: test files run in parallel on shared machines.
    const before = process.cpuUsage();
    const parse = parseCsvImport(bytes, "REGULATORY");
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;

    expect(parse.records).toHaveLength(20_000);
    expect(parse.rejected).toEqual([]);
    // About 0.5 s on a loaded 2-core dev VM; the budget is 20,000 rows/s including storage.
    expect(cpuMs).toBeLessThan(1_000);
  });
});
