import { createHash } from "node:crypto";

import { LedgerError } from "../errors";
import { keccak256 } from "./keccak";

/** The first of the eight lines; a new line format gets a new version tag. */
export const REQUEST_SIGNING_TAG = "CREDIT-LEDGER-REQUEST-V1";

/** The values that the eight signed lines are made of. */
export interface SigningLinesInput {
  chainId: bigint | number;
  /** The ledger contract's address, any case; the line carries it in lower case. */
  ledger: string;
  /** The HTTP method, any case; the line carries it in upper case. */
  method: string;
  /** The request target exactly as sent: path and query string, percent-encoding untouched. */
  target: string;
  /** Unix milliseconds in decimal, exactly as sent in X-Timestamp. */
  timestamp: string | number | bigint;
  /** Exactly as sent in X-Nonce. */
  nonce: string;
  /** Lower-case hex SHA-256 of the raw body, without 0x (see {@link bodySha256Hex}). */
  bodySha256Hex: string;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
// RFC 9110 token characters.
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A request target is visible ASCII (RFC 9112). Anything else would reach Node re-decoded as
// Latin-1, so the server's line would not be the bytes the client signed.
const TARGET = /^[\x21-\x7e]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const NO_LINE_BREAK = /^[^\r\n]*$/;

const EIP191_PREFIX = "\x19Ethereum Signed Message:\n";

function invalid(field: string, expected: string): LedgerError {
  return new LedgerError("VALIDATION_FAILED", `${field} must be ${expected}`, {
    details: { field },
  });
}

function decimalChainId(chainId: bigint | number): string {
  if (typeof chainId === "bigint" ? chainId < 0n : !Number.isSafeInteger(chainId) || chainId < 0) {
    throw invalid("chainId", "a non-negative integer");
  }
  return chainId.toString(10);
}

/**
 * The eight lines a request signature covers, joined by "\n" with no trailing newline.
 *
 * Throws VALIDATION_FAILED when a value cannot be put on its line unambiguously (a line break,
 * a target with characters outside visible ASCII, an address or hash of the wrong form).
 */
export function signingLines(input: SigningLinesInput): string {
  const timestamp = String(input.timestamp);

  if (!ADDRESS.test(input.ledger)) throw invalid("ledger", "a 0x-prefixed 20-byte hex address");
  if (!METHOD.test(input.method)) throw invalid("method", "an HTTP method token");
  if (!TARGET.test(input.target)) throw invalid("target", "a request target in visible ASCII");
  if (!NO_LINE_BREAK.test(timestamp)) throw invalid("timestamp", "free of line breaks");
  if (!NO_LINE_BREAK.test(input.nonce)) throw invalid("nonce", "free of line breaks");
  if (!SHA256_HEX.test(input.bodySha256Hex)) {
    throw invalid("bodySha256Hex", "64 lower-case hex digits without 0x");
  }

  return [
    REQUEST_SIGNING_TAG,
    decimalChainId(input.chainId),
    input.ledger.toLowerCase(),
    input.method.toUpperCase(),
    input.target,
    timestamp,
    input.nonce,
    input.bodySha256Hex,
  ].join("\n");
}

/**
 * Lower-case hex SHA-256 of the raw body without 0x; of the empty string when there is none.
 * Pass the bytes as received: a string is hashed as its UTF-8 encoding.
 */
export function bodySha256Hex(body?: Uint8Array | string): string {
  return createHash("sha256")
    .update(body ?? "")
    .digest("hex");
}

/** The EIP-191 personal-sign digest of `lines` as bytes (see {@link requestDigest}). */
export function requestDigestBytes(lines: string): Buffer {
  const message = Buffer.from(lines, "utf8");
  const prefix = Buffer.from(EIP191_PREFIX + message.length, "utf8");
  return keccak256(Buffer.concat([prefix, message]));
}

/**
 * The EIP-191 personal-sign digest of `lines` (what ethers' `hashMessage` gives), as 0x hex.
 * It is what the caller signs and, for a query, the receipt's `requestHash`.
 */
export function requestDigest(lines: string): string {
  return "0x" + requestDigestBytes(lines).toString("hex");
}
