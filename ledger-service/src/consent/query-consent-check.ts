import type { QueryCheckCall } from "../chain/query-check-call";
import { type ErrorCode, LedgerError } from "../errors";

/** `IConsentRegistry.AccessReason`, in the order the contract checks. */
const ACCESS_REASON_CODES: (ErrorCode | null)[] = [
  null,
  "CONSENT_NOT_FOUND",
  "WRONG_BANK",
  "ENTERPRISE_MISMATCH",
  "CONSENT_REVOKED",
  "CONSENT_NOT_YET_VALID",
  "CONSENT_EXPIRED",
  "PURPOSE_NOT_ALLOWED",
  "SCOPE_EXCEEDED",
];

/** A consent kept off-chain while its letter awaits verification, or after a rejection. */
export interface OffChainConsent {
  bank: string;
  enterprise: string;
  status: "PENDING" | "REJECTED" | "APPROVED";
}

export interface QueryConsentRequest {
  consentId: string;
  bank: string;
  /** The enterprise commitment. */
  enterprise: string;
  categoriesMask: number;
  purposeBit: number;
  /** The service's own clock, Unix seconds. */
  nowSeconds: number;
}

export interface ConsentCheckPassed {
  checkedBlock: number;
  blockTime: number;
}

export class ConsentDeniedError extends LedgerError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * Decides whether a bank may read categories of an enterprise for a purpose now, under one
 * consent: one view call answers, at the latest block, whether the caller still holds
 * BANK_ROLE and what the consent allows; the service's own clock must also be inside the
 * validity window. Checks run in DESIGN.md's order; the first failure answers. An unreadable
 * chain answers CHAIN_UNAVAILABLE, never a pass.
 */
export class QueryConsentCheck {
  constructor(
    private readonly call: QueryCheckCall,
    private readonly offChain: (consentId: string) => Promise<OffChainConsent | undefined>,
  ) {}

  async check(request: QueryConsentRequest): Promise<ConsentCheckPassed> {
    const { consentId, bank, enterprise } = request;
    const answer = await this.call.check(
      consentId,
      bank,
      enterprise,
      request.categoriesMask,
      request.purposeBit,
    );
    if (!answer.bankHoldsRole) {
      throw new LedgerError("ROLE_REQUIRED", `${bank} does not hold BANK_ROLE`, {
        details: { requiredRoles: ["BANK"] },
      });
    }
    const reason = ACCESS_REASON_CODES[Number(answer.reason)];

    if (reason === "CONSENT_NOT_FOUND") return this.denyOffChain(request);

    const clockCheckApplies =
      reason === null || reason === "PURPOSE_NOT_ALLOWED" || reason === "SCOPE_EXCEEDED";
    if (clockCheckApplies) {
      const validFrom = Number(answer.validFrom);
      const validUntil = Number(answer.validUntil);
      if (request.nowSeconds < validFrom) {
        throw new ConsentDeniedError(
          "CONSENT_NOT_YET_VALID",
          `consent ${consentId} is valid from ${validFrom}, the service clock is at ${request.nowSeconds}`,
        );
      }
      if (request.nowSeconds >= validUntil) {
        throw new ConsentDeniedError(
          "CONSENT_EXPIRED",
          `consent ${consentId} ended at ${validUntil}, the service clock is at ${request.nowSeconds}`,
        );
      }
    }
    if (reason !== null && reason !== undefined) {
      throw new ConsentDeniedError(reason, describe(reason, consentId, Number(answer.blockNumber)));
    }
    return { checkedBlock: Number(answer.blockNumber), blockTime: Number(answer.blockTime) };
  }

  private async denyOffChain(request: QueryConsentRequest): Promise<never> {
    const letter = await this.offChain(request.consentId);
    if (!letter) {
      throw new ConsentDeniedError("CONSENT_NOT_FOUND", `no consent ${request.consentId} exists`);
    }
    if (letter.bank.toLowerCase() !== request.bank.toLowerCase()) {
      throw new ConsentDeniedError("WRONG_BANK", `consent ${request.consentId} is another bank's`);
    }
    if (letter.enterprise.toLowerCase() !== request.enterprise.toLowerCase()) {
      throw new ConsentDeniedError(
        "ENTERPRISE_MISMATCH",
        `consent ${request.consentId} was given by another enterprise`,
      );
    }
    if (letter.status === "REJECTED") {
      throw new ConsentDeniedError("CONSENT_REJECTED", `consent ${request.consentId} was rejected`);
    }
    throw new ConsentDeniedError(
      "CONSENT_PENDING",
      `consent ${request.consentId} awaits verification of its offline letter`,
    );
  }
}

function describe(code: ErrorCode, consentId: string, block: number): string {
  const what: Partial<Record<ErrorCode, string>> = {
    WRONG_BANK: "was granted to another bank",
    ENTERPRISE_MISMATCH: "was given by another enterprise",
    CONSENT_REVOKED: "has been revoked",
    CONSENT_NOT_YET_VALID: "is not valid yet",
    CONSENT_EXPIRED: "has expired",
    PURPOSE_NOT_ALLOWED: "does not allow this purpose",
    SCOPE_EXCEEDED: "does not cover every requested category",
  };
  return `consent ${consentId} ${what[code] ?? "refuses the query"} (checked at block ${block})`;
}
