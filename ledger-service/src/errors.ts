/**
 * The one error base of the service. Every error has a stable machine `code`
 * that the HTTP layer maps to an RFC 9457 problem-details response; messages
 * say what was wrong and what was expected, and may change between versions.
 */
export type ErrorCode =
  | "INVALID_USCC"
  | "VALIDATION_FAILED"
  | "MALFORMED_BODY"
  | "SIGNATURE_INVALID"
  | "TIMESTAMP_STALE"
  | "NONCE_REUSED"
  | "ROLE_REQUIRED"
  | "NOT_YOUR_RESOURCE"
  | "CONSENT_NOT_FOUND"
  | "CONSENT_PENDING"
  | "CONSENT_REJECTED"
  | "CONSENT_REVOKED"
  | "CONSENT_EXPIRED"
  | "CONSENT_NOT_YET_VALID"
  | "SCOPE_EXCEEDED"
  | "PURPOSE_NOT_ALLOWED"
  | "WRONG_BANK"
  | "ENTERPRISE_MISMATCH"
  | "ENTERPRISE_UNKNOWN"
  | "CATEGORY_NOT_ALLOWED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "QUERY_NOT_ANCHORED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "CHAIN_UNAVAILABLE"
  | "ANCHORING_BEHIND"
  | "INTERNAL";

const STATUS_OF_CODE: Record<ErrorCode, number> = {
  INVALID_USCC: 400,
  VALIDATION_FAILED: 400,
  MALFORMED_BODY: 400,
  SIGNATURE_INVALID: 401,
  TIMESTAMP_STALE: 401,
  NONCE_REUSED: 401,
  ROLE_REQUIRED: 403,
  NOT_YOUR_RESOURCE: 403,
  CONSENT_NOT_FOUND: 403,
  CONSENT_PENDING: 403,
  CONSENT_REJECTED: 403,
  CONSENT_REVOKED: 403,
  CONSENT_EXPIRED: 403,
  CONSENT_NOT_YET_VALID: 403,
  SCOPE_EXCEEDED: 403,
  PURPOSE_NOT_ALLOWED: 403,
  WRONG_BANK: 403,
  ENTERPRISE_MISMATCH: 403,
  ENTERPRISE_UNKNOWN: 403,
  CATEGORY_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUERY_NOT_ANCHORED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  CHAIN_UNAVAILABLE: 503,
  ANCHORING_BEHIND: 503,
  INTERNAL: 500,
};

export interface LedgerErrorOptions {
  /** Extra members for the problem-details body (e.g. `errors`, `consentId`). */
  details?: Record<string, unknown>;
  /** Seconds for a `Retry-After` header (429, 409 QUERY_NOT_ANCHORED, 503). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class LedgerError extends Error {
  override readonly name = "LedgerError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: LedgerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = STATUS_OF_CODE[code];
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function statusOfCode(code: ErrorCode): number {
  return STATUS_OF_CODE[code];
}
