import { ethers } from "ethers";

import {
  type Category,
  type Purpose,
  CATEGORIES,
  PURPOSES,
  isCategory,
  isPurpose,
} from "../domain/categories";
import { LedgerError } from "../errors";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a JSON body as RFC 8259 says: UTF-8 (a declared charset other than UTF-8 answers 415,
 * bytes that are not UTF-8 answer 400), then parses it.
 */
export function parseJsonText(raw: Buffer, contentType: string | undefined): unknown {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(contentType ?? "")?.[2];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new LedgerError("UNSUPPORTED_MEDIA_TYPE", `JSON is read as UTF-8, not ${charset}`);
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(raw);
  } catch {
    throw new LedgerError("MALFORMED_BODY", "the body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LedgerError(
      "MALFORMED_BODY",
      `the body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Parses a JSON request body; the body must be declared `application/json`. */
export function parseJsonBody(
  raw: Buffer,
  contentType: string | undefined,
): Record<string, unknown> {
  if (raw.length === 0) return {};
  if (!contentType || !/^application\/json\b/i.test(contentType)) {
    throw new LedgerError(
      "UNSUPPORTED_MEDIA_TYPE",
      `expected Content-Type application/json, got ${contentType ?? "none"}`,
    );
  }
  const parsed = parseJsonText(raw, contentType);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new LedgerError("MALFORMED_BODY", "the body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

function invalid(field: string, reason: string): LedgerError {
  return new LedgerError("VALIDATION_FAILED", `${field}: ${reason}`, {
    details: { errors: [{ field, reason }] },
  });
}

export function requireString(
  body: Record<string, unknown>,
  field: string,
  maxLength = 1000,
): string {
  const value = body[field];
  if (typeof value !== "string" || value.length === 0)
    throw invalid(field, "a non-empty string is required");
  if (value.length > maxLength) throw invalid(field, `at most ${maxLength} characters`);
  return value;
}

export function optionalString(
  body: Record<string, unknown>,
  field: string,
  maxLength = 1000,
): string | undefined {
  return body[field] === undefined ? undefined : requireString(body, field, maxLength);
}

export function requireAddress(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || !ethers.isAddress(value) || !value.startsWith("0x")) {
    throw invalid(field, "a 0x-prefixed 20-byte address is required");
  }
  return ethers.getAddress(value.toLowerCase());
}

export function requireBytes32(value: unknown, field: string): string {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw invalid(field, "a 0x-prefixed 32-byte hex string is required");
  }
  return value.toLowerCase();
}

export function requireBoolean(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (typeof value !== "boolean") throw invalid(field, "true or false is required");
  return value;
}

export function requireCategories(body: Record<string, unknown>, field = "categories"): Category[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(field, `a non-empty array of ${CATEGORIES.join(", ")} is required`);
  }
  for (const item of value) {
    if (!isCategory(item)) throw invalid(field, `unknown category ${JSON.stringify(item)}`);
  }
  return [...new Set(value as Category[])];
}

export function requirePurposes(body: Record<string, unknown>, field = "purposes"): Purpose[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(field, `a non-empty array of ${PURPOSES.join(", ")} is required`);
  }
  for (const item of value) {
    if (!isPurpose(item)) throw invalid(field, `unknown purpose ${JSON.stringify(item)}`);
  }
  return [...new Set(value as Purpose[])];
}

export function requirePurpose(body: Record<string, unknown>, field = "purpose"): Purpose {
  const value = body[field];
  if (!isPurpose(value)) throw invalid(field, `one of ${PURPOSES.join(", ")} is required`);
  return value;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const CHINA_OFFSET_SECONDS = 8 * 3600;

/**
 * Reads a time as Unix seconds (finer times truncated). A time is ISO 8601 with an offset; a
 * date alone is the start of that day in China Standard Time, or with `endOfDay` the start of
 * the next day there (an exclusive upper bound), whatever the server's time zone.
 */
export function parseTime(value: unknown, field: string, endOfDay = false): number {
  if (typeof value !== "string") throw invalid(field, "an ISO 8601 date or time is required");
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number);
    if (!isCalendarDate(year, month, day)) throw invalid(field, `${value} is not a calendar date`);
    const utc = Date.UTC(year, month - 1, day);
    return inRange(utc / 1000 - CHINA_OFFSET_SECONDS + (endOfDay ? 86_400 : 0), field, value);
  }
  if (!DATE_TIME_WITH_OFFSET.test(value)) {
    throw invalid(field, "expected YYYY-MM-DD or an ISO 8601 time with an offset");
  }
  const [year, month, day] = value.slice(0, 10).split("-").map(Number);
  const [hour, minute, second] = value
    .slice(11, 19)
    .split(":")
    .map((v) => Number(v || 0));
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw invalid(field, `${value} is not a valid time`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(field, `${value} is not a valid time`);
  return inRange(Math.floor(ms / 1000), field, value);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const check = new Date(Date.UTC(year, month - 1, day));
  return (
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day
  );
}

/** Times from 1970 to the end of 9999: what uint64 seconds and ISO 8601 both hold. */
function inRange(seconds: number, field: string, value: string): number {
  if (seconds < 0 || seconds > 253_402_300_799) {
    throw invalid(field, `${value} is outside 1970-01-01 to 9999-12-31`);
  }
  return seconds;
}

/** The largest time a JavaScript Date holds (+275760-09-13), in seconds. */
const LAST_DATE_SECONDS = 8_640_000_000_000;

/**
 * Unix seconds as an ISO 8601 time in UTC. A time beyond what a Date holds (a consent sent
 * on-chain directly may name any uint64) is shown as the last one, never an error.
 */
export function isoTime(seconds: number | bigint): string {
  return new Date(Math.min(Number(seconds), LAST_DATE_SECONDS) * 1000).toISOString();
}

export function parseLimit(value: unknown, fallback = 100): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== "string" ||
    !/^\d{1,4}$/.test(value) ||
    Number(value) < 1 ||
    Number(value) > 500
  ) {
    throw invalid("limit", "an integer from 1 to 500 is required");
  }
  return Number(value);
}

/** A page cursor: the `next` of the previous page, opaque to clients. */
export function parseCursor(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[0-9A-Za-z!_-]{1,200}$/.test(value)) {
    throw invalid("cursor", "the `next` value of the previous page");
  }
  return value;
}

export { invalid as validationError };
