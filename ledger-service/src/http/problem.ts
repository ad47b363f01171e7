import type { Response } from "express";

import { LedgerError } from "../errors";

const TITLES: Record<string, string> = {
  INVALID_USCC: "Invalid Unified Social Credit Code",
  VALIDATION_FAILED: "Request failed validation",
  MALFORMED_BODY: "Malformed request body",
  SIGNATURE_INVALID: "Request signature invalid",
  TIMESTAMP_STALE: "Request timestamp outside the accepted window",
  NONCE_REUSED: "Request nonce already used",
  ROLE_REQUIRED: "Caller lacks the required role",
  NOT_YOUR_RESOURCE: "Resource belongs to another party",
  CONSENT_NOT_FOUND: "Consent not found",
  CONSENT_PENDING: "Consent pending verification",
  CONSENT_REJECTED: "Consent rejected",
  CONSENT_REVOKED: "Consent revoked",
  CONSENT_EXPIRED: "Consent expired",
  CONSENT_NOT_YET_VALID: "Consent not yet valid",
  SCOPE_EXCEEDED: "Categories outside the consent's scope",
  PURPOSE_NOT_ALLOWED: "Purpose not allowed by the consent",
  WRONG_BANK: "Consent granted to another bank",
  ENTERPRISE_MISMATCH: "Consent granted by another enterprise",
  ENTERPRISE_UNKNOWN: "Enterprise unknown",
  CATEGORY_NOT_ALLOWED: "Category not allowed for this provider",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  QUERY_NOT_ANCHORED: "Query not anchored yet",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  RATE_LIMITED: "Too many requests",
  CHAIN_UNAVAILABLE: "Chain unavailable",
  ANCHORING_BEHIND: "Anchoring is behind",
  INTERNAL: "Internal error",
};

/** The problem type URI of a code: stable, and documented in the README and OpenAPI. */
export function problemType(code: string): string {
  return `urn:credit-ledger:problem:${code.toLowerCase().replace(/_/g, "-")}`;
}

/** Writes an RFC 9457 problem-details response for `error`. */
export function sendProblem(res: Response, error: LedgerError, instance?: string): void {
  if (error.retryAfterSeconds !== undefined) {
    res.setHeader("Retry-After", String(error.retryAfterSeconds));
  }
  res
    .status(error.status)
    .type("application/problem+json")
    .send(
      JSON.stringify({
        type: problemType(error.code),
        title: TITLES[error.code] ?? error.code,
        status: error.status,
        detail: error.message,
        code: error.code,
        ...(instance === undefined ? {} : { instance }),
        ...error.details,
      }),
    );
}
