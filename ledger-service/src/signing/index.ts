/** Signed HTTP requests: the lines a caller signs, their verification and the nonce store. */
export { keccak256, keccak256Hex } from "./keccak";
export { InMemoryNonceStore, DEFAULT_MAX_NONCE_ENTRIES } from "./nonce-store";
export type { NonceStore, InMemoryNonceStoreOptions } from "./nonce-store";
export { REQUEST_TIME_WINDOW_MS, verifyRequestSignature } from "./request-signature";
export type {
  IncomingSignedRequest,
  RequestVerificationContext,
  VerifiedRequest,
} from "./request-signature";
export { SECP256K1_BACKEND, recoverAddress } from "./secp256k1-recover";
export type { Secp256k1Backend } from "./secp256k1-recover";
export { signRequest } from "./sign-request";
export type { RequestToSign, SignedRequestHeaders } from "./sign-request";
export {
  NONCE_HEADER,
  SIGNATURE_HEADER,
  SIGNER_HEADER,
  TIMESTAMP_HEADER,
  parseSignedHeaders,
} from "./signed-headers";
export type { SignedHeaders, SignedHeadersInput } from "./signed-headers";
export {
  REQUEST_SIGNING_TAG,
  bodySha256Hex,
  requestDigest,
  requestDigestBytes,
  signingLines,
} from "./signing-lines";
export type { SigningLinesInput } from "./signing-lines";
