import { describe, expect, it } from "vitest";

import { chinaDate } from "../../ledger-service/src/import/dates";
import { isServable } from "../../ledger-service/src/import/publicity";

describe("isServable", () => {
  it("serves a record until the end of its publicity end date", () => {
    expect(isServable({ publicityEndDate: "2026-03-05" }, "2026-03-04")).toBe(true);
    expect(isServable({ publicityEndDate: "2026-03-05" }, "2026-03-05")).toBe(true);
    expect(isServable({ publicityEndDate: "2026-03-05" }, "2026-03-06")).toBe(false);
  });

  it("serves a record without a publicity end", () => {
    expect(isServable({ publicityEndDate: null }, "2099-12-31")).toBe(true);
  });

  it("turns on China's date, not UTC's", () => {
    const record = { publicityEndDate: "2026-03-05" };
    // 16:30 UTC on 5 March is already 6 March in China.
    expect(isServable(record, chinaDate(new Date("2026-03-05T15:59:00Z")))).toBe(true);
    expect(isServable(record, chinaDate(new Date("2026-03-05T16:30:00Z")))).toBe(false);
  });

  it("refuses a today that is not YYYY-MM-DD", () => {
    expect(() => isServable({ publicityEndDate: null }, "2026/3/5")).toThrow(
      'today must be YYYY-MM-DD, got "2026/3/5"',
    );
  });
});
