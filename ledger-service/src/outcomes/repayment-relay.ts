import { ethers } from "ethers";

import { readChain } from "../chain/chain-errors";
import { REPAYMENT_TYPES, ledgerDomain } from "../consent/eip712-types";
import { readSignedMessage } from "../consent/typed-messages";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import { isoTime } from "../http/request-body";
import type { ServiceContext } from "../service-context";
import { type StoredOutcome, type StoredRepayment, outcomeStoreFor } from "../store/outcome-store";
import { REPAYMENT_FIELDS, type RepaymentMessage, readRepaymentMessage } from "./outcome-messages";
import { requireOwnOutcome } from "./outcome-parties";
import { anchoringRetrySeconds, fromOutcomeRevert, outcomeRevertOf } from "./outcome-reverts";
import type { RepaymentStatus } from "./outcome-terms";

export interface RepaymentAnswer {
  outcomeId: string;
  status: RepaymentStatus;
  /** ISO time the update is as of. */
  asOf: string;
  txHash: string;
}

function answerOf(repayment: StoredRepayment): RepaymentAnswer {
  return {
    outcomeId: repayment.outcomeId,
    status: repayment.status,
    asOf: isoTime(repayment.asOf),
    txHash: repayment.txHash,
  };
}

function requireBankSignature(
  ctx: ServiceContext,
  outcome: StoredOutcome,
  message: RepaymentMessage,
  signature: string,
): void {
  const domain = ledgerDomain(ctx.contracts.chainId, ctx.contracts.addresses.OutcomeRegistry);
  let signer: string;
  try {
    signer = ethers.verifyTypedData(domain, REPAYMENT_TYPES, message, signature);
  } catch {
    throw new LedgerError("VALIDATION_FAILED", "signature: not a valid signature of this update");
  }
  if (signer !== outcome.bank) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "signature: not made by the outcome's bank for this chain and contract",
    );
  }
  if (message.deadline < BigInt(Math.floor(ctx.now() / 1000))) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "message.deadline: the signature's deadline has passed",
    );
  }
}

/**
 * The transaction that recorded this very update (same nonce) if one did: found after the
 * contract refused it as a replay, when the service had not stored it (a crash after mining,
 * or a relay by someone else).
 */
async function minedUpdate(
  ctx: ServiceContext,
  message: RepaymentMessage,
): Promise<{ txHash: string; blockNumber: number } | undefined> {
  const { outcomes } = ctx.contracts;
  const events = await readChain(() =>
    outcomes.queryFilter(outcomes.filters.RepaymentUpdated(message.outcomeId)),
  );
  const provider = outcomes.runner!.provider!;
  for (const event of events) {
    if (event.args.asOf !== message.asOf || event.args.status !== message.status) continue;
    const tx = await readChain(() => provider.getTransaction(event.transactionHash));
    const call = tx ? outcomes.interface.parseTransaction({ data: tx.data }) : null;
    if (call?.name === "recordRepayment" && call.args[0].nonce === message.nonce) {
      return { txHash: event.transactionHash, blockNumber: event.blockNumber };
    }
  }
  return undefined;
}

async function storeUpdate(
  ctx: ServiceContext,
  message: RepaymentMessage,
  status: RepaymentStatus,
  signature: string,
  mined: { txHash: string; blockNumber: number },
): Promise<StoredRepayment> {
  const provider = ctx.contracts.outcomes.runner!.provider!;
  const block = await readChain(() => provider.getBlock(mined.blockNumber));
  const repayment: StoredRepayment = {
    outcomeId: message.outcomeId,
    status,
    asOf: Number(message.asOf),
    nonce: message.nonce.toString(),
    signature,
    txHash: mined.txHash,
    blockNumber: mined.blockNumber,
    recordedAt: new Date((block?.timestamp ?? Math.floor(ctx.now() / 1000)) * 1000).toISOString(),
  };
  await outcomeStoreFor(ctx).putRepayment(repayment);
  return repayment;
}

/**
 * Relays the bank's signed repayment update of one of its approved loans with the OPERATOR
 * key and adds it to the outcome's history. The contract keeps the order: each update later
 * than the last, none after REPAID or DEFAULTED, approved loans only (409 CONFLICT
 * otherwise). Relaying the same signed update again answers 200 with the same body.
 */
export async function relayRepayment(
  ctx: ServiceContext,
  caller: Caller,
  outcomeId: string,
  body: Record<string, unknown>,
): Promise<RepaymentAnswer> {
  const { message: raw, signature } = readSignedMessage(body, REPAYMENT_FIELDS);
  const { message, status } = readRepaymentMessage(raw);
  if (message.outcomeId !== outcomeId) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "message.outcomeId: must be the outcome in the path",
    );
  }
  const outcome = await requireOwnOutcome(ctx, caller, outcomeId);
  const nonce = message.nonce.toString();
  const before = outcome.repayments.find((r) => r.nonce === nonce && r.signature === signature);
  if (before) return answerOf(before);
  requireBankSignature(ctx, outcome, message, signature);

  let receipt: ethers.TransactionReceipt;
  try {
    receipt = await ctx.senders.operator.send((runner) =>
      ctx.contracts.outcomes.connect(runner).recordRepayment(message, signature),
    );
  } catch (error) {
    const revert = outcomeRevertOf(error, ctx.contracts.outcomes.interface);
    // The contract checks the nonce before the order, so a replay is refused as a used nonce.
    if (revert?.errorName === "NonceAlreadyUsed") {
      const mined = await minedUpdate(ctx, message);
      if (mined) return answerOf(await storeUpdate(ctx, message, status, signature, mined));
    }
    throw fromOutcomeRevert(error, revert, anchoringRetrySeconds(ctx.config.anchorIntervalMs));
  }

  const mined = { txHash: receipt.hash, blockNumber: receipt.blockNumber };
  const repayment = await storeUpdate(ctx, message, status, signature, mined);
  ctx.logger.info(
    {
      event: "outcome.repayment-recorded",
      outcomeId,
      bank: caller.signer,
      status,
      txHash: receipt.hash,
      block: receipt.blockNumber,
    },
    "repayment update relayed",
  );
  return answerOf(repayment);
}
