import { LedgerError } from "../errors";
import type { NonceStore } from "./nonce-store";
import { recoverAddress } from "./secp256k1-recover";
import { parseSignedHeaders, type SignedHeadersInput } from "./signed-headers";
import { bodySha256Hex, requestDigestBytes, signingLines } from "./signing-lines";

/** How far X-Timestamp may be from the server's clock, either way (inclusive). */
export const REQUEST_TIME_WINDOW_MS = 5 * 60 * 1000;

/** A request as received, before anything has been believed about it. */
export interface IncomingSignedRequest {
  method: string;
  /** The request target exactly as sent (`req.originalUrl` in Express). */
  target: string;
  /** Node's lower-case header record (`req.headers`). */
  headers: SignedHeadersInput;
  /** The raw body bytes as received; undefined or empty when there is none. */
  body?: Uint8Array | string;
}

/** The deployment the request must be addressed to, and the verifier's state. */
export interface RequestVerificationContext {
  chainId: bigint | number;
  ledger: string;
  nonceStore: NonceStore;
  /** Unix ms; defaults to `Date.now()`. */
  now?: number;
  /** Defaults to {@link REQUEST_TIME_WINDOW_MS}. */
  windowMs?: number;
}

export interface VerifiedRequest {
  /** The lower-case address that signed the request. */
  signer: string;
  /** The EIP-191 digest that was signed, 0x hex: a query receipt's `requestHash`. */
  digest: string;
  /** X-Signature in lower-case 0x hex: a query receipt's `bankSignature`. */
  signature: string;
}

/**
 * Verifies a signed request. The checks run in this order and the first failure answers:
 *
 * 1. headers present and well formed, and the method and target signable: VALIDATION_FAILED 400;
 * 2. X-Timestamp within `windowMs` of `now`, either way: TIMESTAMP_STALE 401;
 * 3. the signature over the eight lines recovers to X-Signer: SIGNATURE_INVALID 401;
 * 4. (signer, nonce) not used within the window: NONCE_REUSED 401.
 *
 * Only a request that passes 1-3 uses up its nonce. Recovery runs on libsecp256k1.
 */
export async function verifyRequestSignature(
  request: IncomingSignedRequest,
  context: RequestVerificationContext,
): Promise<VerifiedRequest> {
  const now = context.now ?? Date.now();
  const windowMs = context.windowMs ?? REQUEST_TIME_WINDOW_MS;
  const headers = parseSignedHeaders(request.headers);
  const lines = signingLines({
    chainId: context.chainId,
    ledger: context.ledger,
    method: request.method,
    target: request.target,
    timestamp: headers.timestamp,
    nonce: headers.nonce,
    bodySha256Hex: bodySha256Hex(request.body),
  });

  const skewMs = headers.timestampMs - now;
  if (Math.abs(skewMs) > windowMs) {
    throw new LedgerError(
      "TIMESTAMP_STALE",
      `X-Timestamp is ${skewMs} ms from the server's clock; at most ${windowMs} ms either way`,
      { details: { serverTime: now, windowMs } },
    );
  }

  const digest = requestDigestBytes(lines);
  const recovered = recoverAddress(digest, Buffer.from(headers.signature.slice(2), "hex"));
  if (recovered !== headers.signer) {
    throw new LedgerError(
      "SIGNATURE_INVALID",
      "X-Signature is not X-Signer's signature over this request's eight lines",
      { details: { header: "X-Signature", digest: "0x" + digest.toString("hex") } },
    );
  }

  const keepUntil = headers.timestampMs + windowMs;
  if (!(await context.nonceStore.claim(headers.signer, headers.nonce, keepUntil, now))) {
    throw new LedgerError("NONCE_REUSED", "X-Nonce was already used by this signer", {
      details: { header: "X-Nonce" },
    });
  }

  return {
    signer: headers.signer,
    digest: "0x" + digest.toString("hex"),
    signature: headers.signature,
  };
}

// The whole request-signing API is also reachable from this module, the one the design names.
export { parseSignedHeaders } from "./signed-headers";
export { signRequest } from "./sign-request";
export { bodySha256Hex, requestDigest, signingLines } from "./signing-lines";
