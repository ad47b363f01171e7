import { LedgerError } from "../errors";

/** Header values as Node's `IncomingHttpHeaders` holds them: lower-case names. */
export type SignedHeadersInput = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The four signing headers, checked for form. */
export interface SignedHeaders {
  /** X-Signer in lower case (the header may use any case; no EIP-55 check, see below). */
  signer: string;
  /** X-Timestamp exactly as sent (it is one of the signed lines). */
  timestamp: string;
  /** X-Timestamp as a number of Unix milliseconds. */
  timestampMs: number;
  /** X-Nonce as sent: lower-case hex, 16 to 64 bytes. */
  nonce: string;
  /** X-Signature in lower case: r, s and v, 65 bytes. */
  signature: string;
}

export const SIGNER_HEADER = "x-signer";
export const TIMESTAMP_HEADER = "x-timestamp";
export const NONCE_HEADER = "x-nonce";
export const SIGNATURE_HEADER = "x-signature";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
// Unix milliseconds without sign or leading zeros; 16 digits reach past the year 286,000, and the
// value must also be a safe integer. Anything that fits but is far off fails the time window.
const TIMESTAMP = /^[1-9][0-9]{0,15}$/;
const NONCE = /^(?:[0-9a-f]{2}){16,64}$/;
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;

// secp256k1's group order n and n / 2, as 64 lower-case hex digits, so that r and s compare as
// strings of equal length without parsing big integers.
const CURVE_ORDER_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
const HALF_CURVE_ORDER_HEX = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0";
const ZERO_HEX = "0".repeat(64);

function malformed(header: string, expected: string): LedgerError {
  return new LedgerError("VALIDATION_FAILED", `${header} must be ${expected}`, {
    details: { header },
  });
}

function single(headers: SignedHeadersInput, name: string, display: string): string {
  const value = headers[name];
  const values = value === undefined ? [] : typeof value === "string" ? [value] : value;
  if (values.every((v) => v === "")) {
    throw new LedgerError("VALIDATION_FAILED", `${display} header is missing`, {
      details: { header: display },
    });
  }
  if (values.length > 1) throw malformed(display, "sent exactly once");
  return values[0]!;
}

/**
 * Why a signature is not in the one form the service accepts, or undefined when it is: 65 bytes,
 * 0 < r < n, 0 < s <= n/2 (low s, so a signature has no second valid encoding), v 27 or 28.
 */
function signatureFormProblem(signature: string): string | undefined {
  const r = signature.slice(2, 66);
  const s = signature.slice(66, 130);
  const v = signature.slice(130);

  if (r === ZERO_HEX || r >= CURVE_ORDER_HEX) return "r in 1..n-1";
  if (s === ZERO_HEX || s > HALF_CURVE_ORDER_HEX) return "low s (1..n/2)";
  if (v !== "1b" && v !== "1c") return "v 27 or 28";
  return undefined;
}

/**
 * Checks that X-Signer, X-Timestamp, X-Nonce and X-Signature are present and well formed, in
 * that order, and answers the first problem as VALIDATION_FAILED (400) naming the header.
 *
 * X-Signer is accepted in any case and returned in lower case. Its EIP-55 checksum is not
 * checked: the signature binds the address's bytes, so a wrong case cannot admit anyone.
 */
export function parseSignedHeaders(headers: SignedHeadersInput): SignedHeaders {
  const signer = single(headers, SIGNER_HEADER, "X-Signer");
  if (!ADDRESS.test(signer)) throw malformed("X-Signer", "a 0x-prefixed 20-byte hex address");

  const timestamp = single(headers, TIMESTAMP_HEADER, "X-Timestamp");
  const timestampMs = Number(timestamp);
  if (!TIMESTAMP.test(timestamp) || !Number.isSafeInteger(timestampMs)) {
    throw malformed("X-Timestamp", "Unix milliseconds in decimal digits");
  }

  const nonce = single(headers, NONCE_HEADER, "X-Nonce");
  if (!NONCE.test(nonce)) {
    throw malformed("X-Nonce", "16 to 64 bytes as lower-case hex without 0x");
  }

  const rawSignature = single(headers, SIGNATURE_HEADER, "X-Signature");
  if (!SIGNATURE.test(rawSignature)) throw malformed("X-Signature", "65 bytes as 0x-prefixed hex");
  const signature = rawSignature.toLowerCase();
  const problem = signatureFormProblem(signature);
  if (problem !== undefined) throw malformed("X-Signature", `a signature with ${problem}`);

  return { signer: signer.toLowerCase(), timestamp, timestampMs, nonce, signature };
}
