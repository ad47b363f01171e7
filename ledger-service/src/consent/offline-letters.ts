import { createHash } from "node:crypto";

import { ethers } from "ethers";

import { ContractRevert, readChain } from "../chain/chain-errors";
import { consentStartSeconds } from "../chain/chain-time";
import {
  type Category,
  type Purpose,
  categoriesToMask,
  purposesToMask,
} from "../domain/categories";
import { parseUscc } from "../domain/uscc";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import type { ServiceContext } from "../service-context";
import type { OfflineLetter } from "../store/offline-letter-store";

export interface OfflineSubmission {
  uscc: string;
  categories: Category[];
  purposes: Purpose[];
  validFrom: number | undefined;
  validUntil: number;
  /** The scanned letter, base64. */
  document: string;
}

/**
 * Runs `work` for one letter at a time: a submission and a decision, or two decisions, on the
 * same letter never interleave (the second sees what the first stored).
 */
const letterLocks = new Map<string, Promise<unknown>>();
function oneAtATime<T>(consentId: string, work: () => Promise<T>): Promise<T> {
  const previous = letterLocks.get(consentId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  letterLocks.set(consentId, next);
  void next
    .finally(() => {
      if (letterLocks.get(consentId) === next) letterLocks.delete(consentId);
    })
    .catch(() => undefined);
  return next;
}

/** The largest letter accepted, decoded. */
export const MAX_LETTER_BYTES = 10 * 1024 * 1024;

/** `keccak256(abi.encode(bank, commitment, letterSha256))`, as the contract computes it. */
export function offlineConsentId(bank: string, enterprise: string, letterSha256: string): string {
  return ethers
    .keccak256(
      ethers.AbiCoder.defaultAbiCoder().encode(
        ["address", "bytes32", "bytes32"],
        [bank, enterprise, letterSha256],
      ),
    )
    .toLowerCase();
}

function decodeLetter(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    throw new LedgerError("VALIDATION_FAILED", "document: the letter must be standard base64");
  }
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length === 0)
    throw new LedgerError("VALIDATION_FAILED", "document: the letter is empty");
  if (bytes.length > MAX_LETTER_BYTES) {
    throw new LedgerError(
      "PAYLOAD_TOO_LARGE",
      `document: a letter may have at most ${MAX_LETTER_BYTES} bytes`,
    );
  }
  return bytes;
}

/**
 * A bank uploads an enterprise's signed consent letter. It stays off-chain, pending, until an
 * operator verifies it; the enterprise sees it among its consents from now on. Submitting the
 * same letter again answers the same consent.
 */
export async function submitOfflineLetter(
  ctx: ServiceContext,
  caller: Caller,
  submission: OfflineSubmission,
): Promise<{ status: 200 | 201; body: { consentId: string; status: string } }> {
  const uscc = parseUscc(submission.uscc);
  const bytes = decodeLetter(submission.document);
  const enterprise = await ctx.enterprises.get(uscc);
  if (!enterprise)
    throw new LedgerError("ENTERPRISE_UNKNOWN", `no enterprise ${uscc} is registered here`);
  const nowSeconds = Math.floor(ctx.now() / 1000);
  const validFrom = submission.validFrom ?? (await consentStartSeconds(ctx.rawRpc, ctx.now()));
  if (submission.validUntil <= validFrom || submission.validUntil <= nowSeconds) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "validUntil: must be later than validFrom and than now",
    );
  }

  const bank = ethers.getAddress(caller.signer);
  const letterSha256 = "0x" + createHash("sha256").update(bytes).digest("hex");
  const consentId = offlineConsentId(bank, enterprise.commitment, letterSha256);
  return oneAtATime(consentId, async () => {
    const existing = await ctx.offlineLetters.get(consentId);
    if (existing) {
      const sameTerms =
        existing.categories.join() === submission.categories.join() &&
        existing.purposes.join() === submission.purposes.join() &&
        existing.validUntil === submission.validUntil &&
        (submission.validFrom === undefined || existing.validFrom === submission.validFrom);
      if (!sameTerms) {
        throw new LedgerError(
          "CONFLICT",
          `this letter was submitted before with other terms, as consent ${consentId}`,
        );
      }
      return { status: 200 as const, body: { consentId, status: letterStatus(existing) } };
    }

    const letter: OfflineLetter = {
      consentId,
      bank,
      uscc,
      enterprise: enterprise.commitment,
      categories: submission.categories,
      purposes: submission.purposes,
      validFrom,
      validUntil: submission.validUntil,
      letterSha256,
      documentBytes: bytes.length,
      status: "PENDING",
      reason: null,
      submittedAt: new Date(ctx.now()).toISOString(),
      decidedBy: null,
      decidedAt: null,
      txHash: null,
    };
    await ctx.offlineLetters.add(letter, submission.document);
    await ctx.consentIndex.add({
      consentId,
      bank,
      enterprise: enterprise.commitment,
      mode: "OFFLINE",
      at: letter.submittedAt,
    });
    ctx.logger.info(
      {
        event: "consent.letter-submitted",
        consentId,
        bank,
        enterprise: enterprise.commitment,
        bytes: bytes.length,
      },
      "offline letter pending verification; visible to the enterprise",
    );
    return { status: 201 as const, body: { consentId, status: "PENDING" } };
  });
}

export function letterStatus(letter: OfflineLetter): "PENDING" | "ACTIVE" | "REJECTED" {
  return letter.status === "APPROVED" ? "ACTIVE" : letter.status;
}

/**
 * The operator's decision on a pending letter. Approval writes the consent on-chain with the
 * letter's hash (the contract records the service's OPERATOR account as approver; the
 * deciding account is kept here); rejection stays off-chain with its reason. A bank cannot
 * verify its own letter. Deciding the same way again answers the same.
 */
export async function verifyOfflineLetter(
  ctx: ServiceContext,
  caller: Caller,
  consentId: string,
  decision: { approved: boolean; reason: string | undefined },
): Promise<{ consentId: string; status: "ACTIVE" | "REJECTED"; txHash: string | null }> {
  return oneAtATime(consentId, () => decideLetter(ctx, caller, consentId, decision));
}

async function decideLetter(
  ctx: ServiceContext,
  caller: Caller,
  consentId: string,
  decision: { approved: boolean; reason: string | undefined },
): Promise<{ consentId: string; status: "ACTIVE" | "REJECTED"; txHash: string | null }> {
  const letter = await ctx.offlineLetters.get(consentId);
  if (!letter) throw new LedgerError("NOT_FOUND", `no offline letter ${consentId} was submitted`);
  if (letter.bank.toLowerCase() === caller.signer) {
    throw new LedgerError("NOT_YOUR_RESOURCE", "a bank cannot verify its own letter");
  }
  const wanted = decision.approved ? "APPROVED" : "REJECTED";
  // An approval whose block a rollback removed is approved again rather than answered.
  const lostOnChain =
    letter.status === "APPROVED" &&
    wanted === "APPROVED" &&
    Number((await readChain(() => ctx.contracts.consents.getConsent(consentId))).status) === 0;
  if (letter.status !== "PENDING" && !lostOnChain) {
    if (letter.status !== wanted) {
      throw new LedgerError(
        "CONFLICT",
        `letter ${consentId} was already ${letter.status.toLowerCase()}`,
      );
    }
    return {
      consentId,
      status: wanted === "APPROVED" ? "ACTIVE" : "REJECTED",
      txHash: letter.txHash,
    };
  }
  if (!decision.approved && !decision.reason) {
    throw new LedgerError("VALIDATION_FAILED", "reason: a rejection needs its reason");
  }

  let txHash: string | null = null;
  if (decision.approved) {
    try {
      const receipt = await ctx.senders.operator.send((runner) =>
        ctx.contracts.consents
          .connect(runner)
          .recordOfflineConsent(
            letter.enterprise,
            letter.bank,
            categoriesToMask(letter.categories),
            purposesToMask(letter.purposes),
            letter.validFrom,
            letter.validUntil,
            letter.letterSha256,
          ),
      );
      txHash = receipt.hash;
    } catch (error) {
      if (error instanceof ContractRevert) {
        const code = error.errorName === "InvalidValidity" ? "VALIDATION_FAILED" : "CONFLICT";
        throw new LedgerError(code, `the ledger refused the letter: ${error.message}`, {
          details: { contractError: error.errorName },
        });
      }
      throw error;
    }
  }
  const decided: OfflineLetter = {
    ...letter,
    status: wanted,
    reason: decision.approved ? null : (decision.reason ?? null),
    decidedBy: caller.signer,
    decidedAt: new Date(ctx.now()).toISOString(),
    txHash,
  };
  await ctx.offlineLetters.update(decided);
  ctx.logger.info(
    { event: "consent.letter-decided", consentId, decision: wanted, by: caller.signer, txHash },
    "offline letter decided",
  );
  return { consentId, status: wanted === "APPROVED" ? "ACTIVE" : "REJECTED", txHash };
}
