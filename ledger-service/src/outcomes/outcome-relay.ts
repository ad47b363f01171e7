import { ethers } from "ethers";

import { readChain } from "../chain/chain-errors";
import { OUTCOME_TYPES, ledgerDomain } from "../consent/eip712-types";
import { readSignedMessage } from "../consent/typed-messages";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import type { ServiceContext } from "../service-context";
import { type OutcomeEntry, outcomeStoreFor } from "../store/outcome-store";
import type { StoredReceipt } from "../store/receipt-log";
import { OUTCOME_FIELDS, type OutcomeMessage, readOutcomeMessage } from "./outcome-messages";
import { requireQueryServedTo } from "./outcome-parties";
import { anchoringRetrySeconds, fromOutcomeRevert, outcomeRevertOf } from "./outcome-reverts";
import {
  type Decision,
  type LoanTerms,
  readLoanTerms,
  requireTermsFitDecision,
  termsHash,
} from "./outcome-terms";
import { anchoredReceiptProof } from "./receipt-proof";

export interface OutcomeRelayAnswer {
  status: 200 | 201;
  body: { outcomeId: string; txHash: string };
}

interface CheckedOutcome {
  outcomeId: string;
  message: OutcomeMessage;
  decision: Decision;
  terms: LoanTerms;
  signature: string;
  stored: StoredReceipt;
}

/** Unix seconds of a block as an ISO time. */
async function blockTime(ctx: ServiceContext, blockNumber: number): Promise<string> {
  const provider = ctx.contracts.outcomes.runner!.provider!;
  const block = await readChain(() => provider.getBlock(blockNumber));
  if (!block) throw new LedgerError("CHAIN_UNAVAILABLE", `block ${blockNumber} could not be read`);
  return new Date(block.timestamp * 1000).toISOString();
}

/**
 * Reads `{message, signature, terms}` and checks what the service can before any
 * transaction: the terms hash to the message's termsHash, the message is the caller's, its
 * query was served here to the caller under the message's consent.
 */
async function readRelayRequest(
  ctx: ServiceContext,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<CheckedOutcome> {
  const { message: raw, signature } = readSignedMessage(body, OUTCOME_FIELDS);
  const { message, decision } = readOutcomeMessage(raw);
  const terms = readLoanTerms(body.terms);
  if (message.bank.toLowerCase() !== caller.signer) {
    throw new LedgerError("NOT_YOUR_RESOURCE", "message.bank: the outcome is another bank's");
  }
  const stored = await requireQueryServedTo(ctx, caller, message.queryId);
  if (stored.receipt.consentId.toLowerCase() !== message.consentId) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `message.consentId: query ${message.queryId} was served under another consent`,
    );
  }
  if (termsHash(terms) !== message.termsHash) {
    throw new LedgerError("VALIDATION_FAILED", "terms: they do not hash to message.termsHash");
  }
  if (BigInt(terms.decidedAt) !== message.decidedAt) {
    throw new LedgerError("VALIDATION_FAILED", "terms.decidedAt: must equal message.decidedAt");
  }
  requireTermsFitDecision(decision, terms, "terms.");
  const outcomeId = ethers.TypedDataEncoder.hashStruct("Outcome", OUTCOME_TYPES, message);
  return { outcomeId: outcomeId.toLowerCase(), message, decision, terms, signature, stored };
}

function requireBankSignature(ctx: ServiceContext, checked: CheckedOutcome): void {
  const domain = ledgerDomain(ctx.contracts.chainId, ctx.contracts.addresses.OutcomeRegistry);
  let signer: string;
  try {
    signer = ethers.verifyTypedData(domain, OUTCOME_TYPES, checked.message, checked.signature);
  } catch {
    throw new LedgerError("VALIDATION_FAILED", "signature: not a valid signature of this outcome");
  }
  if (signer !== checked.message.bank) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "signature: not made by the message's bank for this chain and contract",
    );
  }
  if (checked.message.deadline < BigInt(Math.floor(ctx.now() / 1000))) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "message.deadline: the signature's deadline has passed",
    );
  }
}

function entryOf(
  checked: CheckedOutcome,
  mined: { txHash: string; blockNumber: number; recordedAt: string },
): OutcomeEntry {
  const { message } = checked;
  return {
    outcomeId: checked.outcomeId,
    queryId: message.queryId,
    consentId: message.consentId,
    bank: message.bank,
    enterprise: checked.stored.receipt.enterprise.toLowerCase(),
    decision: checked.decision,
    terms: checked.terms,
    termsHash: message.termsHash,
    nonce: message.nonce.toString(),
    deadline: Number(message.deadline),
    signature: checked.signature,
    ...mined,
  };
}

/**
 * The outcome is on-chain already. If this service has not stored it (a crash after mining,
 * or someone relayed it directly) it is stored now from the transaction that recorded it.
 */
async function recordedBefore(
  ctx: ServiceContext,
  checked: CheckedOutcome,
): Promise<OutcomeRelayAnswer> {
  const store = outcomeStoreFor(ctx);
  const known = await store.get(checked.outcomeId);
  if (known) return { status: 200, body: { outcomeId: known.outcomeId, txHash: known.txHash } };

  const { outcomes } = ctx.contracts;
  const filter = outcomes.filters.OutcomeRecorded(checked.outcomeId);
  const [event] = await readChain(() => outcomes.queryFilter(filter));
  if (!event) {
    throw new LedgerError("CHAIN_UNAVAILABLE", "the outcome's recording event could not be read", {
      retryAfterSeconds: 2,
    });
  }
  const mined = {
    txHash: event.transactionHash,
    blockNumber: event.blockNumber,
    recordedAt: await blockTime(ctx, event.blockNumber),
  };
  await store.put(entryOf(checked, mined));
  return { status: 200, body: { outcomeId: checked.outcomeId, txHash: mined.txHash } };
}

/**
 * Relays a bank-signed outcome with the OPERATOR key, adding the query's receipt and its
 * Merkle proof so that the contract checks the query was anchored for that bank under that
 * consent. The operator cannot forge one: the contract records it only under the bank's
 * signature, which the service checks first. Relaying it again answers 200 with the same
 * body; another outcome for the same query answers 409 CONFLICT.
 */
export async function relayOutcome(
  ctx: ServiceContext,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<OutcomeRelayAnswer> {
  const checked = await readRelayRequest(ctx, caller, body);
  const { outcomes } = ctx.contracts;
  const recorded = (
    await readChain(() => outcomes.outcomeOfQuery(checked.message.queryId))
  ).toLowerCase();
  if (recorded === checked.outcomeId) return recordedBefore(ctx, checked);
  if (recorded !== ethers.ZeroHash) {
    throw new LedgerError("CONFLICT", `query ${checked.message.queryId} has another outcome`, {
      details: { outcomeId: recorded },
    });
  }
  requireBankSignature(ctx, checked);
  const proof = await anchoredReceiptProof(ctx, checked.stored);

  let receipt: ethers.TransactionReceipt;
  try {
    receipt = await ctx.senders.operator.send((runner) =>
      outcomes.connect(runner).recordOutcome(checked.message, checked.signature, proof),
    );
  } catch (error) {
    const revert = outcomeRevertOf(error, outcomes.interface);
    const sameOutcome =
      revert?.errorName === "OutcomeAlreadyRecorded" &&
      String(revert.args[1]).toLowerCase() === checked.outcomeId;
    if (sameOutcome) return recordedBefore(ctx, checked);
    throw fromOutcomeRevert(error, revert, anchoringRetrySeconds(ctx.config.anchorIntervalMs));
  }

  const mined = {
    txHash: receipt.hash,
    blockNumber: receipt.blockNumber,
    recordedAt: await blockTime(ctx, receipt.blockNumber),
  };
  await outcomeStoreFor(ctx).put(entryOf(checked, mined));
  ctx.logger.info(
    {
      event: "outcome.recorded",
      outcomeId: checked.outcomeId,
      queryId: checked.message.queryId,
      consentId: checked.message.consentId,
      bank: caller.signer,
      decision: checked.decision,
      txHash: receipt.hash,
      block: receipt.blockNumber,
    },
    "outcome relayed",
  );
  return { status: 201, body: { outcomeId: checked.outcomeId, txHash: receipt.hash } };
}
