/**
 * Calendar dates and months as providers write them, turned into ISO forms.
 * An impossible date (2026-02-30) is an error: rolling it over to March
 * would put a different date on the record than the one the provider meant.
 */
import { LedgerError } from "../errors";
import { toNfkc } from "./nfkc";

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

const DATE_FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
] as const;

/** `YYYY-MM-DD` exactly, the form most files use: checked without the regular expressions. */
const ISO_DATE_LENGTH = 10;

const MONTH_FORMS = [
  /^(\d{4})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月$/,
  /^(\d{4})(\d{2})$/,
] as const;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * `2026-03-05`, `2026/3/5` or `2026年3月5日` (after NFKC, so full-width digits
 * pass) as `YYYY-MM-DD`. Throws `VALIDATION_FAILED` for any other form, a
 * year outside 1900-2199, or a day the month does not have.
 */
export function parseDate(input: string): string {
  const text = toNfkc(input).trim();
  if (text.length === ISO_DATE_LENGTH && isPlainIsoDate(text)) {
    checkDay(text, Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8)));
    return text;
  }

  const match = matchFirst(DATE_FORMS, text);
  if (match === null) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not a date; expected 2026-03-05, 2026/3/5 or 2026年3月5日`,
    );
  }

  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  checkDay(text, year, month, day);

  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * A month (tax, contribution and billing periods): `2026-03`, `2026/3`,
 * `2026年3月` or `202603`, as `YYYY-MM`. Throws `VALIDATION_FAILED` otherwise.
 */
export function parseMonth(input: string): string {
  const text = toNfkc(input).trim();
  const match = matchFirst(MONTH_FORMS, text);
  if (match === null) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not a month; expected 2026-03, 2026/3, 2026年3月 or 202603`,
    );
  }

  const year = Number(match[1]);
  const month = Number(match[2]);
  checkYearMonth(text, year, month, "month");

  return `${year}-${pad2(month)}`;
}

/** The calendar date in China Standard Time (UTC+8, no daylight saving) at `date`. */
export function chinaDate(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new LedgerError("VALIDATION_FAILED", "chinaDate needs a valid Date, got an invalid one");
  }
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function matchFirst(forms: readonly RegExp[], text: string): RegExpExecArray | null {
  for (const form of forms) {
    const match = form.exec(text);
    if (match !== null) return match;
  }
  return null;
}

function isPlainIsoDate(text: string): boolean {
  for (let i = 0; i < ISO_DATE_LENGTH; i++) {
    const code = text.charCodeAt(i);
    const isDigit = code >= 0x30 && code <= 0x39;
    if (i === 4 || i === 7 ? code !== 0x2d : !isDigit) return false;
  }
  return true;
}

function checkDay(text: string, year: number, month: number, day: number): void {
  checkYearMonth(text, year, month, "date");
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not a real date: ${year}-${pad2(month)} has days 1 to ${last}`,
    );
  }
}

function checkYearMonth(text: string, year: number, month: number, noun: string): void {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)}: year ${year} is outside ${MIN_YEAR}-${MAX_YEAR}`,
    );
  }
  if (month < 1 || month > 12) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not a real ${noun}: month ${month} is outside 1-12`,
    );
  }
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
