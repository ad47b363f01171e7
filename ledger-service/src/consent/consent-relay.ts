import { ethers } from "ethers";

import { ContractRevert, readChain } from "../chain/chain-errors";
import { type ErrorCode, LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import type { ServiceContext } from "../service-context";
import { CONSENT_TYPES, ledgerDomain } from "./eip712-types";
import { markRequestAnswered } from "./consent-requests";
import { CONSENT_STATUS } from "./consent-terms";
import { commitmentOfCaller } from "./ownership";
import {
  CONSENT_FIELDS,
  type ConsentMessage,
  REVOCATION_FIELDS,
  readConsentMessage,
  readRevocationMessage,
  readSignedMessage,
} from "./typed-messages";

/** How the contracts' refusals of a relayed consent or revocation answer over HTTP. */
const REVERT_CODES: Record<string, ErrorCode> = {
  InvalidCategories: "VALIDATION_FAILED",
  InvalidPurposes: "VALIDATION_FAILED",
  InvalidValidity: "VALIDATION_FAILED",
  SignatureExpired: "VALIDATION_FAILED",
  NotABank: "VALIDATION_FAILED",
  InvalidEnterpriseSignature: "VALIDATION_FAILED",
  EnterpriseNotBound: "ENTERPRISE_UNKNOWN",
  NonceAlreadyUsed: "CONFLICT",
  ConsentNotFound: "NOT_FOUND",
  NotEnterpriseAccount: "NOT_YOUR_RESOURCE",
};

function fromRevert(error: unknown): unknown {
  if (!(error instanceof ContractRevert)) return error;
  const code = REVERT_CODES[error.errorName] ?? "CONFLICT";
  return new LedgerError(code, `the ledger refused it: ${error.message}`, {
    details: { contractError: error.errorName },
  });
}

export interface RelayAnswer {
  status: 200 | 201;
  body: { consentId: string; status: string; txHash: string | null };
}

/** The transaction that emitted an event about `consentId`, read back from the chain. */
async function txOfEvent(
  ctx: ServiceContext,
  kind: "ConsentGranted" | "ConsentRevoked",
  consentId: string,
): Promise<string | null> {
  const { consents } = ctx.contracts;
  const filter =
    kind === "ConsentGranted"
      ? consents.filters.ConsentGranted(consentId)
      : consents.filters.ConsentRevoked(consentId);
  const events = await readChain(() => consents.queryFilter(filter));
  return events[0]?.transactionHash ?? null;
}

/**
 * Relays an enterprise-signed consent with the OPERATOR key. The operator cannot forge one:
 * the contract records it only under the enterprise's bound account's signature, and the
 * service checks the same before spending a transaction. Relaying it again answers 200 with
 * the same id.
 */
export async function relayConsent(
  ctx: ServiceContext,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<RelayAnswer> {
  const { message: raw, signature } = readSignedMessage(body, CONSENT_FIELDS);
  const message = readConsentMessage(raw);
  await requireConsentSubmitter(ctx, caller, message);
  const consentId = ethers.TypedDataEncoder.hashStruct(
    "Consent",
    CONSENT_TYPES,
    message,
  ).toLowerCase();

  const existing = await readChain(() => ctx.contracts.consents.getConsent(consentId));
  if (Number(existing.status) !== 0)
    return relayedBefore(ctx, consentId, CONSENT_STATUS[Number(existing.status)]);

  const domain = ledgerDomain(ctx.contracts.chainId, ctx.contracts.addresses.ConsentRegistry);
  const account = await readChain(() => ctx.contracts.ledger.enterpriseAccount(message.enterprise));
  if (account === ethers.ZeroAddress) {
    throw new LedgerError(
      "ENTERPRISE_UNKNOWN",
      "the consent's enterprise is not bound to any account",
    );
  }
  let signer: string;
  try {
    signer = ethers.verifyTypedData(domain, CONSENT_TYPES, message, signature);
  } catch {
    throw new LedgerError("VALIDATION_FAILED", "signature: not a valid signature of this consent");
  }
  if (signer !== account) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "signature: not made by the enterprise's bound account for this chain and contract",
    );
  }
  if (message.deadline < BigInt(Math.floor(ctx.now() / 1000))) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "message.deadline: the signature's deadline has passed",
    );
  }

  let receipt: ethers.TransactionReceipt;
  try {
    receipt = await ctx.senders.operator.send((runner) =>
      ctx.contracts.consents.connect(runner).grantConsent(message, signature),
    );
  } catch (error) {
    if (error instanceof ContractRevert && error.errorName === "ConsentAlreadyRecorded") {
      return relayedBefore(ctx, consentId, "ACTIVE");
    }
    throw fromRevert(error);
  }
  await markRequestAnswered(ctx, message, consentId);
  await ctx.consentStore.putRelay({
    consentId,
    txHash: receipt.hash,
    blockNumber: receipt.blockNumber,
    relayedFor: caller.signer,
    relayedAt: new Date(ctx.now()).toISOString(),
  });
  ctx.logger.info(
    {
      event: "consent.relayed",
      consentId,
      bank: message.bank,
      by: caller.signer,
      txHash: receipt.hash,
    },
    "consent relayed",
  );
  return { status: 201, body: { consentId, status: "ACTIVE", txHash: receipt.hash } };
}

async function relayedBefore(
  ctx: ServiceContext,
  consentId: string,
  status: string,
): Promise<RelayAnswer> {
  const relay = await ctx.consentStore.getRelay(consentId);
  const txHash = relay?.txHash ?? (await txOfEvent(ctx, "ConsentGranted", consentId));
  return { status: 200, body: { consentId, status, txHash } };
}

/** A bank relays consents naming itself; an enterprise relays its own. */
async function requireConsentSubmitter(
  ctx: ServiceContext,
  caller: Caller,
  message: ConsentMessage,
) {
  if (caller.roles.has("BANK") && message.bank.toLowerCase() === caller.signer) return;
  const own = await commitmentOfCaller(ctx, caller);
  if (own !== undefined && own === message.enterprise) return;
  throw new LedgerError(
    "NOT_YOUR_RESOURCE",
    "the consent names neither the calling bank nor the calling enterprise",
  );
}

/**
 * Relays the enterprise's signed revocation; it answers REVOKED only once mined, with the
 * transaction hash. Revoking again answers the same.
 */
export async function relayRevocation(
  ctx: ServiceContext,
  caller: Caller,
  consentId: string,
  body: Record<string, unknown>,
): Promise<{ consentId: string; status: "REVOKED"; txHash: string | null }> {
  const { message: raw, signature } = readSignedMessage(body, REVOCATION_FIELDS);
  const message = readRevocationMessage(raw);
  if (message.consentId !== consentId) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "message.consentId: must be the consent in the path",
    );
  }
  const record = await readChain(() => ctx.contracts.consents.getConsent(consentId));
  if (Number(record.status) === 0)
    throw new LedgerError("NOT_FOUND", `no consent ${consentId} is on the ledger`);
  const own = await commitmentOfCaller(ctx, caller);
  if (own === undefined || own !== record.enterprise.toLowerCase()) {
    throw new LedgerError("NOT_YOUR_RESOURCE", `consent ${consentId} was not given by the caller`);
  }
  if (CONSENT_STATUS[Number(record.status)] === "REVOKED") return revokedBefore(ctx, consentId);

  let receipt: ethers.TransactionReceipt;
  try {
    receipt = await ctx.senders.operator.send((runner) =>
      ctx.contracts.consents.connect(runner).revokeWithSignature(message, signature),
    );
  } catch (error) {
    if (error instanceof ContractRevert && error.errorName === "ConsentAlreadyRevoked") {
      return revokedBefore(ctx, consentId);
    }
    throw fromRevert(error);
  }
  await ctx.consentStore.putRevocation({
    consentId,
    txHash: receipt.hash,
    blockNumber: receipt.blockNumber,
    relayedFor: caller.signer,
    relayedAt: new Date(ctx.now()).toISOString(),
  });
  ctx.logger.info(
    {
      event: "consent.revoked",
      consentId,
      by: caller.signer,
      txHash: receipt.hash,
      block: receipt.blockNumber,
    },
    "consent revocation relayed",
  );
  return { consentId, status: "REVOKED", txHash: receipt.hash };
}

async function revokedBefore(ctx: ServiceContext, consentId: string) {
  const relay = await ctx.consentStore.getRevocation(consentId);
  const txHash = relay?.txHash ?? (await txOfEvent(ctx, "ConsentRevoked", consentId));
  return { consentId, status: "REVOKED" as const, txHash };
}
