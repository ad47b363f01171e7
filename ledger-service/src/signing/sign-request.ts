import { randomBytes } from "node:crypto";

import { SigningKey, computeAddress, type Wallet } from "ethers";

import { LedgerError } from "../errors";
import { bodySha256Hex, requestDigestBytes, signingLines } from "./signing-lines";

/** What a client signs; the nonce and the timestamp are made up when not given. */
export interface RequestToSign {
  chainId: bigint | number;
  ledger: string;
  method: string;
  /** Path and query string exactly as they will be sent. */
  target: string;
  /** The exact body bytes that will be sent (a string is sent as UTF-8). */
  body?: Uint8Array | string;
  /** Unix ms; defaults to `Date.now()`. */
  timestamp?: number | string;
  /** Lower-case hex of 16 to 64 bytes; defaults to 16 random bytes. */
  nonce?: string;
}

/** The four headers to send, by their lower-case names. */
export type SignedRequestHeaders = {
  "x-signer": string;
  "x-timestamp": string;
  "x-nonce": string;
  "x-signature": string;
};

const NONCE = /^(?:[0-9a-f]{2}){16,64}$/;
const TIMESTAMP = /^[1-9][0-9]{0,15}$/;

/**
 * Signs a request the way the service verifies it (the client side: tests, the demo, bank
 * integrations). X-Signer carries the EIP-55 checksummed address; the signature is ethers'
 * deterministic (RFC 6979) one, with low s and v 27 or 28.
 */
export function signRequest(
  signer: Wallet | { readonly privateKey: string },
  request: RequestToSign,
): SignedRequestHeaders {
  const timestamp = String(request.timestamp ?? Date.now());
  const nonce = request.nonce ?? randomBytes(16).toString("hex");
  if (!TIMESTAMP.test(timestamp)) {
    throw new LedgerError("VALIDATION_FAILED", "timestamp must be Unix ms in decimal digits");
  }
  if (!NONCE.test(nonce)) {
    throw new LedgerError("VALIDATION_FAILED", "nonce must be 16 to 64 bytes as lower-case hex");
  }

  const lines = signingLines({
    chainId: request.chainId,
    ledger: request.ledger,
    method: request.method,
    target: request.target,
    timestamp,
    nonce,
    bodySha256Hex: bodySha256Hex(request.body),
  });
  const key = new SigningKey(signer.privateKey);

  return {
    "x-signer": computeAddress(key.publicKey),
    "x-timestamp": timestamp,
    "x-nonce": nonce,
    "x-signature": key.sign(requestDigestBytes(lines)).serialized,
  };
}
