import { randomBytes } from "node:crypto";

import { ethers } from "ethers";

import { type Category, type Purpose } from "../domain/categories";
import { parseUscc } from "../domain/uscc";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import { isoTime } from "../http/request-body";
import type { ServiceContext } from "../service-context";
import type { ConsentRequest } from "../store/consent-request-store";
import { commitmentOfCaller } from "./ownership";

export interface NewConsentRequest {
  uscc: string;
  categories: Category[];
  purposes: Purpose[];
  validFrom: number | undefined;
  validUntil: number;
  note: string | undefined;
}

/** A bank asks an enterprise for consent; the enterprise sees the request in its list. */
export async function createConsentRequest(
  ctx: ServiceContext,
  caller: Caller,
  input: NewConsentRequest,
): Promise<ConsentRequest> {
  const uscc = parseUscc(input.uscc);
  const enterprise = await ctx.enterprises.get(uscc);
  if (!enterprise)
    throw new LedgerError("ENTERPRISE_UNKNOWN", `no enterprise ${uscc} is registered here`);
  const nowSeconds = Math.floor(ctx.now() / 1000);
  if (input.validUntil <= (input.validFrom ?? nowSeconds) || input.validUntil <= nowSeconds) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "validUntil: must be later than validFrom and than now",
    );
  }
  const request: ConsentRequest = {
    requestId: ethers.hexlify(randomBytes(32)),
    bank: ethers.getAddress(caller.signer),
    uscc,
    enterprise: enterprise.commitment,
    categories: input.categories,
    purposes: input.purposes,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil,
    note: input.note ?? null,
    status: "OPEN",
    consentId: null,
    createdAt: new Date(ctx.now()).toISOString(),
    answeredAt: null,
  };
  await ctx.consentRequests.put(request, true);
  ctx.logger.info(
    {
      event: "consent-request.created",
      requestId: request.requestId,
      bank: request.bank,
      enterprise: enterprise.commitment,
    },
    "consent requested",
  );
  return request;
}

/** The request as the API shows it. */
export function consentRequestView(request: ConsentRequest) {
  return {
    requestId: request.requestId,
    status: request.status,
    bank: request.bank,
    uscc: request.uscc,
    categories: request.categories,
    purposes: request.purposes,
    validFrom: request.validFrom === null ? null : isoTime(request.validFrom),
    validUntil: isoTime(request.validUntil),
    note: request.note,
    consentId: request.consentId,
    createdAt: request.createdAt,
    answeredAt: request.answeredAt,
  };
}

/**
 * Requests addressed to the calling enterprise, or made by the calling bank; a caller with
 * both roles sees both.
 */
export async function listConsentRequests(
  ctx: ServiceContext,
  caller: Caller,
  options: { cursor: string | undefined; limit: number; status: string | undefined },
) {
  const own = await commitmentOfCaller(ctx, caller);
  const isBank = caller.roles.has("BANK");
  return ctx.consentRequests.list(options.cursor, options.limit, (request) => {
    if (options.status !== undefined && request.status !== options.status) return false;
    return (
      (own !== undefined && request.enterprise === own) ||
      (isBank && request.bank.toLowerCase() === caller.signer)
    );
  });
}

/** For a draft that answers a request: it must be open, this enterprise's, and for this bank. */
export async function requestForDraft(
  ctx: ServiceContext,
  requestId: string,
  enterprise: string,
  bank: string,
): Promise<ConsentRequest> {
  const request = await ctx.consentRequests.get(requestId);
  if (!request || request.enterprise !== enterprise) {
    throw new LedgerError(
      "NOT_FOUND",
      `no consent request ${requestId} is addressed to this enterprise`,
    );
  }
  if (request.bank.toLowerCase() !== bank.toLowerCase()) {
    throw new LedgerError("VALIDATION_FAILED", "bank: the request was made by another bank");
  }
  if (request.status !== "OPEN") {
    throw new LedgerError("CONFLICT", `consent request ${requestId} was already answered`);
  }
  return request;
}

/** Links a relayed consent to the request its document quotes, if any. */
export async function markRequestAnswered(
  ctx: ServiceContext,
  consent: { documentHash: string; enterprise: string; bank: string },
  consentId: string,
) {
  const document = await ctx.consentStore.getDocument(consent.documentHash);
  if (!document?.requestId) return;
  const request = await ctx.consentRequests.get(document.requestId);
  if (!request || request.status !== "OPEN") return;
  // Anyone can copy a document hash: only the request's enterprise, to its bank, answers it.
  const sameParties =
    request.enterprise.toLowerCase() === consent.enterprise.toLowerCase() &&
    request.bank.toLowerCase() === consent.bank.toLowerCase();
  if (!sameParties) return;
  await ctx.consentRequests.put(
    { ...request, status: "ANSWERED", consentId, answeredAt: new Date(ctx.now()).toISOString() },
    false,
  );
}
