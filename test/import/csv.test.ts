import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import { parseCsv } from "../../ledger-service/src/import/csv";

function cellsOf(text: string): string[][] {
  return parseCsv(text).map((record) => record.cells);
}

describe("parseCsv", () => {
  it("numbers records from 1, the header being record 1", () => {
    expect(parseCsv("a,b\r\n1,2\r\n")).toEqual([
      { recordNumber: 1, cells: ["a", "b"], error: null },
      { recordNumber: 2, cells: ["1", "2"], error: null },
    ]);
  });

  it("ends records at CRLF, LF or a lone CR, with or without a final line break", () => {
    expect(cellsOf("a\r\nb\nc\rd")).toEqual([["a"], ["b"], ["c"], ["d"]]);
    expect(cellsOf("a\nb\n")).toEqual([["a"], ["b"]]);
  });

  it("keeps commas inside quoted fields", () => {
    expect(cellsOf('x,"罚款人民币2,000元, 没收违法所得",y\r\n')).toEqual([
      ["x", "罚款人民币2,000元, 没收违法所得", "y"],
    ]);
  });

  it("turns doubled quotes into one quote", () => {
    expect(cellsOf('"宣称""全国第一""",""""\r\n')).toEqual([['宣称"全国第一"', '"']]);
  });

  it("keeps line breaks inside quoted fields without starting a new record", () => {
    const records = parseCsv('h1,h2\r\n"第一行\r\n第二行\n第三行",x\r\nlast,y\r\n');
    expect(records).toEqual([
      { recordNumber: 1, cells: ["h1", "h2"], error: null },
      { recordNumber: 2, cells: ["第一行\r\n第二行\n第三行", "x"], error: null },
      { recordNumber: 3, cells: ["last", "y"], error: null },
    ]);
  });

  it("reads an empty quoted field as empty text", () => {
    expect(cellsOf('"",a,""\n')).toEqual([["", "a", ""]]);
  });

  it("reads a trailing comma as a final empty field", () => {
    expect(cellsOf("a,b,\r\n")).toEqual([["a", "b", ""]]);
  });

  it("counts a blank line as a record with one empty field", () => {
    expect(parseCsv("a\r\n\r\nb\r\n").map((r) => [r.recordNumber, r.cells])).toEqual([
      [1, ["a"]],
      [2, [""]],
      [3, ["b"]],
    ]);
  });

  it("keeps spaces around unquoted fields, as RFC 4180 does", () => {
    expect(cellsOf(" a , b \n")).toEqual([[" a ", " b "]]);
  });

  it("returns no records for empty text", () => {
    expect(parseCsv("")).toEqual([]);
  });

  it("flags a quote inside an unquoted field on that record only", () => {
    expect(parseCsv('a,5"x,c\nd,e,f\n')).toEqual([
      {
        recordNumber: 1,
        cells: ["a", '5"x', "c"],
        error: "column 2: a double quote inside a field that is not quoted",
      },
      { recordNumber: 2, cells: ["d", "e", "f"], error: null },
    ]);
  });

  it("flags text after a closing quote on that record only", () => {
    expect(parseCsv('"ab"cd,e\nf,g\n')).toEqual([
      {
        recordNumber: 1,
        cells: ["abcd", "e"],
        error: "column 1: text after the closing quote of a quoted field",
      },
      { recordNumber: 2, cells: ["f", "g"], error: null },
    ]);
  });

  it("rejects the whole text when a quoted field is never closed", () => {
    const parse = () => parseCsv('h\r\nok\r\n"never closed,\r\nmore\r\n');
    expect(parse).toThrow(LedgerError);
    expect(parse).toThrow("record 3: the quoted field in column 1 is never closed");
  });

  it("splits 100,000 quoted multi-line records quickly", () => {
    const text = 'a,"b,\r\nc",d\r\n'.repeat(100_000);
    const started = performance.now();
    const records = parseCsv(text);
    const elapsed = performance.now() - started;

    expect(records).toHaveLength(100_000);
    expect(records[99_999]).toEqual({
      recordNumber: 100_000,
      cells: ["a", "b,\r\nc", "d"],
      error: null,
    });
    expect(elapsed).toBeLessThan(2_000);
  });
});
