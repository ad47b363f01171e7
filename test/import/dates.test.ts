import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import { chinaDate, parseDate, parseMonth } from "../../ledger-service/src/import/dates";

function reason(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof LedgerError && error.code === "VALIDATION_FAILED") return error.message;
    throw error;
  }
  throw new Error("expected VALIDATION_FAILED");
}

describe("parseDate", () => {
  it.each([
    ["2026-03-05", "2026-03-05"],
    ["2026-3-5", "2026-03-05"],
    ["2026/3/5", "2026-03-05"],
    ["2026/03/05", "2026-03-05"],
    ["2026年3月5日", "2026-03-05"],
    ["2026年03月05日", "2026-03-05"],
    ["２０２６年３月５日", "2026-03-05"],
    ["２０２６－０３－０５", "2026-03-05"],
    ["２０２６／３／５", "2026-03-05"],
    ["  2026/12/31 ", "2026-12-31"],
  ])("reads %s as %s", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it("accepts 29 February in leap years, 2000 included", () => {
    expect(parseDate("2024-02-29")).toBe("2024-02-29");
    expect(parseDate("2000/2/29")).toBe("2000-02-29");
  });

  it("rejects 30 February instead of rolling it over to March", () => {
    expect(reason(() => parseDate("2026-02-30"))).toBe(
      '"2026-02-30" is not a real date: 2026-02 has days 1 to 28',
    );
  });

  it("rejects impossible dates in every form", () => {
    expect(reason(() => parseDate("2026/4/31"))).toBe(
      '"2026/4/31" is not a real date: 2026-04 has days 1 to 30',
    );
    expect(reason(() => parseDate("2026年2月29日"))).toBe(
      '"2026年2月29日" is not a real date: 2026-02 has days 1 to 28',
    );
    expect(reason(() => parseDate("1900-02-29"))).toBe(
      '"1900-02-29" is not a real date: 1900-02 has days 1 to 28',
    );
    expect(reason(() => parseDate("2026-13-01"))).toBe(
      '"2026-13-01" is not a real date: month 13 is outside 1-12',
    );
    expect(reason(() => parseDate("2026-00-10"))).toBe(
      '"2026-00-10" is not a real date: month 0 is outside 1-12',
    );
    expect(reason(() => parseDate("2026-01-00"))).toBe(
      '"2026-01-00" is not a real date: 2026-01 has days 1 to 31',
    );
  });

  it.each(["2026.3.5", "20260305", "2026-03-05T00:00:00Z", "26-3-5", "2026/3-5", "三月五日", ""])(
    "rejects the unsupported form %j",
    (input) => {
      expect(reason(() => parseDate(input))).toBe(
        `${JSON.stringify(input)} is not a date; expected 2026-03-05, 2026/3/5 or 2026年3月5日`,
      );
    },
  );

  it("rejects years outside 1900-2199", () => {
    expect(reason(() => parseDate("1899-12-31"))).toBe(
      '"1899-12-31": year 1899 is outside 1900-2199',
    );
  });
});

describe("parseMonth", () => {
  it.each([
    ["2026-03", "2026-03"],
    ["2026-3", "2026-03"],
    ["2026/3", "2026-03"],
    ["2026年3月", "2026-03"],
    ["202603", "2026-03"],
    ["２０２６年１２月", "2026-12"],
  ])("reads %s as %s", (input, expected) => {
    expect(parseMonth(input)).toBe(expected);
  });

  it("rejects month 13 and other forms", () => {
    expect(reason(() => parseMonth("2026-13"))).toBe(
      '"2026-13" is not a real month: month 13 is outside 1-12',
    );
    expect(reason(() => parseMonth("2026-03-01"))).toBe(
      '"2026-03-01" is not a month; expected 2026-03, 2026/3, 2026年3月 or 202603',
    );
  });
});

describe("chinaDate", () => {
  it("gives the date in UTC+8, which starts at 16:00 UTC the day before", () => {
    expect(chinaDate(new Date("2026-03-04T15:59:59.999Z"))).toBe("2026-03-04");
    expect(chinaDate(new Date("2026-03-04T16:00:00.000Z"))).toBe("2026-03-05");
  });

  it("crosses year ends on China's calendar", () => {
    expect(chinaDate(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
  });

  it("refuses an invalid Date", () => {
    expect(() => chinaDate(new Date("not a date"))).toThrow(
      "chinaDate needs a valid Date, got an invalid one",
    );
  });
});
