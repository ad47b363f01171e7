import { createHash } from "node:crypto";

import canonicalize from "canonicalize";

import { LedgerError } from "../errors";

// JSON.stringify writes a lone UTF-16 surrogate as a \ud800-\udfff escape (and a well-formed
// pair as the character itself), so such an escape, not preceded by an odd run of backslashes,
// means the input held a lone surrogate. RFC 8785 works on I-JSON, which has none: another
// implementation would refuse the input or hash it differently.
const LONE_SURROGATE_ESCAPE = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;

/**
 * The RFC 8785 (JCS) canonical JSON of `data`: keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript's shortest form. Throws VALIDATION_FAILED for what has none: undefined,
 * functions, bigints, NaN and infinities, lone surrogates.
 */
export function canonicalJson(data: unknown): string {
  let canonical: string | undefined;
  try {
    canonical = canonicalize(data);
  } catch (cause) {
    throw new LedgerError("VALIDATION_FAILED", `Response data has no canonical JSON: ${cause}`, {
      cause,
    });
  }
  if (canonical === undefined) {
    throw new LedgerError("VALIDATION_FAILED", "Response data has no JSON form");
  }
  if (LONE_SURROGATE_ESCAPE.test(canonical)) {
    throw new LedgerError("VALIDATION_FAILED", "Response data holds a lone UTF-16 surrogate");
  }
  return canonical;
}

/**
 * A receipt's `responseHash`: 0x + lower-case hex SHA-256 of the UTF-8 bytes of the RFC 8785
 * canonical JSON of the `data` returned.
 */
export function responseHash(data: unknown): string {
  return "0x" + createHash("sha256").update(canonicalJson(data), "utf8").digest("hex");
}

/**
 * The RFC 8785 canonical JSON of a flat record of strings and nulls (a served record's
 * fields), written directly: keys sorted by UTF-16 code units, strings as ECMAScript's
 * JSON.stringify writes them. Equal to {@link canonicalJson} of the same object, and cheap
 * enough to cache per record, so a query's response hash is assembled, not recomputed.
 */
export function canonicalFieldsJson(fields: Readonly<Record<string, string | null>>): string {
  const members = Object.keys(fields)
    .sort()
    .map((key) => {
      const value = fields[key];
      return `${JSON.stringify(key)}:${value === null ? "null" : JSON.stringify(value)}`;
    });
  const canonical = `{${members.join(",")}}`;
  if (LONE_SURROGATE_ESCAPE.test(canonical)) {
    throw new LedgerError("VALIDATION_FAILED", "Response data holds a lone UTF-16 surrogate");
  }
  return canonical;
}

/**
 * The response hash of `{CATEGORY: [record, ...], ...}` from each record's canonical JSON
 * ({@link canonicalFieldsJson}): equal to {@link responseHash} of the same data.
 */
export function responseHashOfRecords(data: ReadonlyMap<string, readonly string[]>): string {
  const members = [...data.keys()]
    .sort()
    .map((category) => `${JSON.stringify(category)}:[${data.get(category)!.join(",")}]`);
  return (
    "0x" +
    createHash("sha256")
      .update(`{${members.join(",")}}`, "utf8")
      .digest("hex")
  );
}
