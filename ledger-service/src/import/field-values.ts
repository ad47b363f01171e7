/**
 * One field's value, from a CSV cell or a JSON member, in the canonical form
 * the ledger stores and hashes: NFKC-normalised and trimmed text, validated
 * USCCs, ISO dates and months, fen and counts as decimal strings, enum codes.
 * Both import forms land on the same values, so the same record has the same
 * content hash whichever form it came in.
 */
import { parseUscc } from "../domain/uscc";
import { LedgerError } from "../errors";
import { parseFen, wanYuanToFen } from "./amounts";
import { parseDate, parseMonth } from "./dates";
import { toNfkc } from "./nfkc";
import type { FieldSpec } from "./schemas";

const COUNT_FORM = /^(\d{1,3}(?:,\d{3})+|\d+)$/;

/**
 * NFKC (full-width digits, letters and punctuation from spreadsheets), line
 * breaks as LF, surrounding white space removed.
 */
export function normalizeCell(raw: string): string {
  let text = toNfkc(raw);
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  return text.trim();
}

/**
 * The value of a CSV cell for `field`, or null when the cell is empty.
 * Amounts are read as ten-thousand yuan. Throws `VALIDATION_FAILED` or
 * `INVALID_USCC` with the problem.
 */
export function valueFromCell(field: FieldSpec, raw: string): string | null {
  const text = normalizeCell(raw);
  if (text === "") return null;
  return field.type === "fen" ? wanYuanToFen(text) : convert(field, text);
}

/** Distinct cells remembered per column; beyond that a column is mostly unique values. */
const MEMO_LIMIT = 4096;

/**
 * `valueFromCell` for one column of one file, remembering the outcome for
 * repeated cells of typed columns. Provider files repeat the same authority
 * code, dates, enum values and amounts on many rows; this skips re-parsing
 * them. Text columns are not remembered: normalising them is cheaper than a
 * lookup would save.
 */
export function columnConverter(field: FieldSpec): (raw: string) => string | null {
  if (field.type === "text") return (raw) => valueFromCell(field, raw);

  const memo = new Map<string, string | null | LedgerError>();
  return (raw) => {
    const known = memo.get(raw);
    if (known instanceof LedgerError) throw known;
    if (known !== undefined) return known;

    let outcome: string | null | LedgerError;
    try {
      outcome = valueFromCell(field, raw);
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      outcome = error;
    }
    if (memo.size < MEMO_LIMIT) memo.set(raw, outcome);
    if (outcome instanceof LedgerError) throw outcome;
    return outcome;
  };
}

/**
 * The value of a JSON member for `field`, or null when it is absent, null or
 * an empty string. Amounts are fen, as a digit string or a safe integer;
 * counts may also be safe integers; everything else must be a string.
 */
export function valueFromJson(field: FieldSpec, value: unknown): string | null {
  if (value === undefined || value === null) return null;

  if (typeof value === "number" && (field.type === "fen" || field.type === "integer")) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new LedgerError(
        "VALIDATION_FAILED",
        `${value} is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}; ` +
          "send larger values as a decimal string",
      );
    }
    return String(value);
  }
  if (typeof value !== "string") {
    throw new LedgerError("VALIDATION_FAILED", `expected a string, got ${describe(value)}`);
  }

  const text = normalizeCell(value);
  if (text === "") return null;
  return field.type === "fen" ? parseFen(text) : convert(field, text);
}

function convert(field: FieldSpec, text: string): string {
  switch (field.type) {
    case "text":
      return text;
    case "uscc":
      return parseUscc(text);
    case "date":
      return parseDate(text);
    case "month":
      return parseMonth(text);
    case "fen":
      return parseFen(text);
    case "integer":
      return parseCount(text);
    case "enum":
      return enumCode(field, text);
  }
}

function parseCount(text: string): string {
  if (text.startsWith("-")) {
    throw new LedgerError("VALIDATION_FAILED", `${JSON.stringify(text)} is negative`);
  }
  if (!COUNT_FORM.test(text)) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not a whole number; expected digits such as 42 or 1,200`,
    );
  }
  return String(BigInt(text.replaceAll(",", "")));
}

const ENUM_LOOKUPS = new WeakMap<FieldSpec, Map<string, string>>();

function enumCode(field: FieldSpec, text: string): string {
  const lookup = enumLookup(field);
  const code = lookup.get(text.toUpperCase());
  if (code === undefined) {
    const accepted = Object.entries(field.values ?? {})
      .map(([value, spellings]) => [value, ...spellings].join("/"))
      .join(", ");
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not one of the accepted values: ${accepted}`,
    );
  }
  return code;
}

function enumLookup(field: FieldSpec): Map<string, string> {
  let lookup = ENUM_LOOKUPS.get(field);
  if (lookup === undefined) {
    lookup = new Map();
    for (const [code, spellings] of Object.entries(field.values ?? {})) {
      for (const spelling of [code, ...spellings]) {
        lookup.set(normalizeCell(spelling).toUpperCase(), code);
      }
    }
    ENUM_LOOKUPS.set(field, lookup);
  }
  return lookup;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
