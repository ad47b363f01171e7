import { randomBytes } from "node:crypto";

import { ethers } from "ethers";

import { readChain } from "../chain/chain-errors";
import { consentStartSeconds } from "../chain/chain-time";
import { ROLE_IDS } from "../chain/ledger-contracts";
import {
  type Category,
  type Purpose,
  categoriesToMask,
  purposesToMask,
} from "../domain/categories";
import { parseUscc } from "../domain/uscc";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import { isoTime } from "../http/request-body";
import type { ServiceContext } from "../service-context";
import { authorisationText } from "./authorisation-text";
import { CONSENT_TYPES, REVOCATION_TYPES, type TypedDataDraft, ledgerDomain } from "./eip712-types";
import { requestForDraft } from "./consent-requests";
import { requireOwnEnterprise } from "./ownership";
import { jsonMessage } from "./typed-messages";

export interface ConsentDraftRequest {
  uscc: string;
  bank: string;
  categories: Category[];
  purposes: Purpose[];
  /** Unix seconds; the draft's time when absent. */
  validFrom: number | undefined;
  validUntil: number;
  requestId: string | undefined;
}

export type ConsentDraft = TypedDataDraft<Record<string, string | number>> & { text: string };

function randomUint256(): bigint {
  return BigInt(ethers.hexlify(randomBytes(32)));
}

/**
 * The typed data of a consent for the enterprise's own signer to sign, with the
 * authorisation text whose keccak256 is the document hash. Only the enterprise's bound
 * account gets it: the message carries the salted commitment.
 */
export async function draftConsent(
  ctx: ServiceContext,
  caller: Caller,
  request: ConsentDraftRequest,
): Promise<ConsentDraft> {
  const uscc = parseUscc(request.uscc);
  const enterprise = await ctx.enterprises.get(uscc);
  if (!enterprise)
    throw new LedgerError("ENTERPRISE_UNKNOWN", `no enterprise ${uscc} is registered here`);
  await requireOwnEnterprise(ctx, caller, enterprise);
  if (!(await readChain(() => ctx.contracts.ledger.hasRole(ROLE_IDS.BANK, request.bank)))) {
    throw new LedgerError("VALIDATION_FAILED", `bank: ${request.bank} is not a registered bank`);
  }

  const answered = request.requestId
    ? await requestForDraft(ctx, request.requestId, enterprise.commitment, request.bank)
    : undefined;

  const nowSeconds = Math.floor(ctx.now() / 1000);
  const validFrom = request.validFrom ?? (await consentStartSeconds(ctx.rawRpc, ctx.now()));
  if (request.validUntil <= validFrom || request.validUntil <= nowSeconds) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "validUntil: must be later than validFrom and than now",
    );
  }

  const text = authorisationText({
    enterpriseName: enterprise.name,
    uscc,
    bank: request.bank,
    categories: request.categories,
    purposes: request.purposes,
    validFromIso: isoTime(validFrom),
    validUntilIso: isoTime(request.validUntil),
    request: answered ? { requestId: answered.requestId, note: answered.note } : undefined,
  });
  const documentHash = ethers.keccak256(ethers.toUtf8Bytes(text));
  await ctx.consentStore.putDocument({
    documentHash,
    text,
    uscc,
    bank: request.bank,
    requestId: answered?.requestId ?? null,
    createdAt: new Date(ctx.now()).toISOString(),
  });

  const message = {
    enterprise: enterprise.commitment,
    bank: request.bank,
    categories: BigInt(categoriesToMask(request.categories)),
    purposes: BigInt(purposesToMask(request.purposes)),
    validFrom: BigInt(validFrom),
    validUntil: BigInt(request.validUntil),
    documentHash,
    nonce: randomUint256(),
    deadline: BigInt(nowSeconds + ctx.config.draftDeadlineSeconds),
  };
  return {
    domain: ledgerDomain(ctx.contracts.chainId, ctx.contracts.addresses.ConsentRegistry),
    types: CONSENT_TYPES,
    primaryType: "Consent",
    message: jsonMessage(message),
    text,
  };
}

/** The typed data of a revocation of one of the enterprise's own consents. */
export async function draftRevocation(
  ctx: ServiceContext,
  consentId: string,
): Promise<TypedDataDraft<Record<string, string | number>>> {
  const nowSeconds = Math.floor(ctx.now() / 1000);
  return {
    domain: ledgerDomain(ctx.contracts.chainId, ctx.contracts.addresses.ConsentRegistry),
    types: REVOCATION_TYPES,
    primaryType: "Revocation",
    message: jsonMessage({
      consentId,
      nonce: randomUint256(),
      deadline: BigInt(nowSeconds + ctx.config.draftDeadlineSeconds),
    }),
  };
}
