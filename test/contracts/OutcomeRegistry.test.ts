import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Signature, TypedDataEncoder } from "ethers";
import { describe, expect, it } from "vitest";

import type { AnchorRegistry, CreditLedger, OutcomeRegistry } from "../../typechain-types";
import {
  OUTCOME_TYPES,
  type OutcomeMessage,
  REPAYMENT_TYPES,
  type RepaymentMessage,
  creditLedgerDomain,
} from "./eip712-types";
import {
  expectEvent,
  expectRevert,
  fieldsOf,
  fixture,
  latestTime,
  mined,
  random32,
  setNextBlockTime,
} from "./helpers";
import { type Receipt, makeReceipts, proofOf, receiptLeaf, receiptTree } from "./receipts";
import { REBINDING_DELAY, ROLE, commitmentOf } from "./roles";

const ENTERPRISE = commitmentOf("91350100M000100Y43", ethers.id("salt of enterprise one"));
const CONSENT_ID = ethers.id("consent of enterprise one to the bank");
const OTHER_CONSENT_ID = ethers.id("consent of enterprise one to the other bank");
const DECISION = { None: 0n, Approved: 1n, Declined: 2n, Withdrawn: 3n } as const;
const REPAYMENT = { None: 0n, Performing: 1n, Overdue: 2n, Defaulted: 3n, Repaid: 4n } as const;
const DAY = 86_400n;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const deployOutcomeRegistry = fixture(async () => {
  const [admin, anchorer, bank, otherBank, relayer, stranger] = await ethers.getSigners();
  const ledger = (await ethers.deployContract("CreditLedger", [
    admin.address,
    REBINDING_DELAY,
  ])) as unknown as CreditLedger;
  await ledger.grantRole(ROLE.ANCHORER, anchorer.address);
  await ledger.grantRole(ROLE.BANK, bank.address);
  await ledger.grantRole(ROLE.BANK, otherBank.address);
  const anchors = (await ethers.deployContract("AnchorRegistry", [
    ledger.target,
  ])) as unknown as AnchorRegistry;
  const registry = (await ethers.deployContract("OutcomeRegistry", [
    ledger.target,
    anchors.target,
  ])) as unknown as OutcomeRegistry;

  // Batch 1: three queries of the bank, then one of the other bank. Seq 5 is served but not
  // yet anchored.
  const ours = makeReceipts(3, {
    bank: bank.address,
    consentId: CONSENT_ID,
    enterprise: ENTERPRISE,
  });
  const theirs = makeReceipts(1, {
    bank: otherBank.address,
    consentId: OTHER_CONSENT_ID,
    enterprise: ENTERPRISE,
    firstSeq: 4n,
    prevLeaf: receiptLeaf(ours[2]),
  });
  const batch = [...ours, ...theirs];
  const tree = receiptTree(batch);
  await anchors.connect(anchorer).anchor(tree.root, 1, 4, 4);
  const [unanchored] = makeReceipts(1, {
    bank: bank.address,
    consentId: CONSENT_ID,
    enterprise: ENTERPRISE,
    firstSeq: 5n,
    prevLeaf: receiptLeaf(theirs[0]),
  });
  const { chainId } = await ethers.provider.getNetwork();
  return {
    ledger,
    anchors,
    registry,
    tree,
    ours,
    theirs: theirs[0],
    unanchored,
    chainId,
    admin,
    anchorer,
    bank,
    otherBank,
    relayer,
    stranger,
  };
});

type Fixture = Awaited<ReturnType<typeof deployOutcomeRegistry>>;

function termsHash(
  amountFen: bigint,
  termMonths: bigint,
  rateBps: bigint,
  decidedAt: bigint,
): string {
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(
      ["uint256", "uint16", "uint32", "uint64", "bytes32"],
      [amountFen, termMonths, rateBps, decidedAt, ethers.id("terms salt")],
    ),
  );
}

/** An Approved outcome of `receipt`'s query, decided now, signable for an hour. */
async function draftOutcome(
  receipt: Receipt,
  overrides: Partial<OutcomeMessage> = {},
): Promise<OutcomeMessage> {
  const now = await latestTime();
  return {
    queryId: receiptLeaf(receipt),
    consentId: receipt.consentId,
    bank: receipt.bank,
    decision: DECISION.Approved,
    termsHash: termsHash(50_000_000n, 12n, 385n, now),
    decidedAt: now,
    nonce: random32(),
    deadline: now + 3600n,
    ...overrides,
  };
}

function proofFor(f: Fixture, receipt: Receipt, batchId = 1n) {
  return { anchorer: f.anchorer.address, batchId, receipt, proof: proofOf(f.tree, receipt) };
}

function signOutcome(
  f: Fixture,
  signer: HardhatEthersSigner,
  outcome: OutcomeMessage,
  chainId = f.chainId,
): Promise<string> {
  return signer.signTypedData(
    creditLedgerDomain(chainId, f.registry.target as string),
    OUTCOME_TYPES,
    outcome,
  );
}

function signRepayment(
  f: Fixture,
  signer: HardhatEthersSigner,
  repayment: RepaymentMessage,
): Promise<string> {
  const domain = creditLedgerDomain(f.chainId, f.registry.target as string);
  return signer.signTypedData(domain, REPAYMENT_TYPES, repayment);
}

/** Records an outcome of the bank's first query; returns it with its id. */
async function recordOutcome(f: Fixture, overrides: Partial<OutcomeMessage> = {}) {
  const outcome = await draftOutcome(f.ours[0], overrides);
  const signature = await signOutcome(f, f.bank, outcome);
  await f.registry.connect(f.relayer).recordOutcome(outcome, signature, proofFor(f, f.ours[0]));
  return { outcome, id: TypedDataEncoder.hashStruct("Outcome", OUTCOME_TYPES, outcome) };
}

async function repayment(
  outcomeId: string,
  status: bigint,
  asOf: bigint,
  overrides: Partial<RepaymentMessage> = {},
): Promise<RepaymentMessage> {
  return {
    outcomeId,
    status,
    asOf,
    nonce: random32(),
    deadline: (await latestTime()) + 3600n,
    ...overrides,
  };
}

async function recordRepayment(f: Fixture, message: RepaymentMessage) {
  return mined(
    f.registry.connect(f.relayer).recordRepayment(message, await signRepayment(f, f.bank, message)),
  );
}

describe("OutcomeRegistry", () => {
  describe("EIP-712 types and ids", () => {
    it("has the Outcome and Repayment type strings that ethers derives from the published types", async () => {
      const { registry } = await deployOutcomeRegistry();

      const outcomeType = TypedDataEncoder.from(OUTCOME_TYPES).encodeType("Outcome");
      const repaymentType = TypedDataEncoder.from(REPAYMENT_TYPES).encodeType("Repayment");
      expect(await registry.OUTCOME_TYPE()).toBe(outcomeType);
      expect(await registry.REPAYMENT_TYPE()).toBe(repaymentType);
      expect(await registry.OUTCOME_TYPEHASH()).toBe(ethers.id(outcomeType));
      expect(await registry.REPAYMENT_TYPEHASH()).toBe(ethers.id(repaymentType));
    });

    it("uses the domain CreditLedger, version 1, this chain and this contract", async () => {
      const f = await deployOutcomeRegistry();

      const domain = creditLedgerDomain(f.chainId, f.registry.target as string);
      expect(await f.registry.domainSeparator()).toBe(TypedDataEncoder.hashDomain(domain));
      expect(await f.registry.LEDGER()).toBe(f.ledger.target);
      expect(await f.registry.ANCHORS()).toBe(f.anchors.target);
    });

    it("makes the outcome id the struct hash that TypedDataEncoder computes", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0]);
      const expected = TypedDataEncoder.hashStruct("Outcome", OUTCOME_TYPES, outcome);

      expect(await f.registry.outcomeId(outcome)).toBe(expected);
      const signature = await signOutcome(f, f.bank, outcome);
      expect(
        await f.registry.recordOutcome.staticCall(outcome, signature, proofFor(f, f.ours[0])),
      ).toBe(expected);
    });
  });

  describe("recording outcomes", () => {
    it("records a bank's signed outcome for an anchored query of its own, relayed by anyone", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[1]);
      const signature = await signOutcome(f, f.bank, outcome);
      const id = TypedDataEncoder.hashStruct("Outcome", OUTCOME_TYPES, outcome);

      const receipt = await mined(
        f.registry.connect(f.stranger).recordOutcome(outcome, signature, proofFor(f, f.ours[1])),
      );

      expectEvent(receipt, f.registry, "OutcomeRecorded", [
        id,
        outcome.queryId,
        CONSENT_ID,
        f.bank.address,
        DECISION.Approved,
        outcome.termsHash,
        outcome.decidedAt,
      ]);
      expect(fieldsOf(await f.registry.getOutcome(id))).toEqual({
        queryId: outcome.queryId,
        consentId: CONSENT_ID,
        bank: f.bank.address,
        decision: DECISION.Approved,
        termsHash: outcome.termsHash,
        decidedAt: outcome.decidedAt,
        repaymentStatus: REPAYMENT.None,
        lastAsOf: 0n,
        recordedBlock: BigInt(receipt.blockNumber),
      });
      expect(await f.registry.outcomeOfQuery(outcome.queryId)).toBe(id);
      expect(await f.registry.isNonceUsed(f.bank.address, outcome.nonce)).toBe(true);
    });

    it("records declined and withdrawn decisions", async () => {
      const f = await deployOutcomeRegistry();

      for (const [index, decision] of [
        [1, DECISION.Declined],
        [2, DECISION.Withdrawn],
      ] as const) {
        const outcome = await draftOutcome(f.ours[index], { decision, termsHash: ethers.ZeroHash });
        await f.registry.recordOutcome(
          outcome,
          await signOutcome(f, f.bank, outcome),
          proofFor(f, f.ours[index]),
        );
        const id = await f.registry.outcomeId(outcome);
        expect((await f.registry.getOutcome(id)).decision).toBe(decision);
      }
    });

    it("answers zero for a query without an outcome and an empty record for an unknown id", async () => {
      const f = await deployOutcomeRegistry();

      expect(await f.registry.outcomeOfQuery(receiptLeaf(f.ours[0]))).toBe(ethers.ZeroHash);
      expect((await f.registry.getOutcome(ethers.id("nothing"))).bank).toBe(ethers.ZeroAddress);
    });

    it("refuses a second outcome for the same query, replayed or newly signed", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0]);
      const signature = await signOutcome(f, f.bank, outcome);
      await f.registry.recordOutcome(outcome, signature, proofFor(f, f.ours[0]));
      const id = await f.registry.outcomeId(outcome);

      await expectRevert(
        f.registry.recordOutcome(outcome, signature, proofFor(f, f.ours[0])),
        f.registry,
        "OutcomeAlreadyRecorded",
        [outcome.queryId, id],
      );
      const changed = { ...outcome, decision: DECISION.Withdrawn, nonce: random32() };
      await expectRevert(
        f.registry.recordOutcome(
          changed,
          await signOutcome(f, f.bank, changed),
          proofFor(f, f.ours[0]),
        ),
        f.registry,
        "OutcomeAlreadyRecorded",
        [outcome.queryId, id],
      );
    });

    it("refuses another bank attesting an outcome of a query served to the first bank", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0], { bank: f.otherBank.address });
      const leaf = receiptLeaf(f.ours[0]);

      await expectRevert(
        f.registry.recordOutcome(
          outcome,
          await signOutcome(f, f.otherBank, outcome),
          proofFor(f, f.ours[0]),
        ),
        f.registry,
        "ReceiptMismatch",
        [leaf, leaf],
      );
      // Nor can it sign in the first bank's name.
      const inOurName = await draftOutcome(f.ours[0]);
      await expectRevert(
        f.registry.recordOutcome(
          inOurName,
          await signOutcome(f, f.otherBank, inOurName),
          proofFor(f, f.ours[0]),
        ),
        f.registry,
        "InvalidBankSignature",
        [f.bank.address],
      );
    });

    it("refuses a receipt that is not the outcome's query", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0]);

      await expectRevert(
        f.registry.recordOutcome(
          outcome,
          await signOutcome(f, f.bank, outcome),
          proofFor(f, f.ours[1]),
        ),
        f.registry,
        "ReceiptMismatch",
        [outcome.queryId, receiptLeaf(f.ours[1])],
      );
    });

    it("refuses an outcome naming another consent than its receipt", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0], { consentId: OTHER_CONSENT_ID });

      await expectRevert(
        f.registry.recordOutcome(
          outcome,
          await signOutcome(f, f.bank, outcome),
          proofFor(f, f.ours[0]),
        ),
        f.registry,
        "ReceiptMismatch",
        [outcome.queryId, outcome.queryId],
      );
    });

    it("refuses a query whose receipt is not anchored yet", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.unanchored);
      const signature = await signOutcome(f, f.bank, outcome);
      const proof = { anchorer: f.anchorer.address, batchId: 2n, receipt: f.unanchored, proof: [] };

      await expectRevert(
        f.registry.recordOutcome(outcome, signature, proof),
        f.registry,
        "QueryNotAnchored",
        [outcome.queryId, f.anchorer.address, 2n],
      );
      // Claiming it is in batch 1 does not help either.
      await expectRevert(
        f.registry.recordOutcome(outcome, signature, {
          ...proof,
          batchId: 1n,
          proof: proofOf(f.tree, f.ours[0]),
        }),
        f.registry,
        "QueryNotAnchored",
        [outcome.queryId, f.anchorer.address, 1n],
      );
    });

    it("accepts the same outcome once its batch is anchored", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.unanchored);
      const signature = await signOutcome(f, f.bank, outcome);
      const tree = receiptTree([f.unanchored]);
      await f.anchors.connect(f.anchorer).anchor(tree.root, 5, 5, 1);

      await f.registry.recordOutcome(outcome, signature, {
        anchorer: f.anchorer.address,
        batchId: 2n,
        receipt: f.unanchored,
        proof: [],
      });

      expect(await f.registry.outcomeOfQuery(outcome.queryId)).toBe(
        await f.registry.outcomeId(outcome),
      );
    });

    it("refuses a tampered inclusion proof or another anchorer's batch", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0]);
      const signature = await signOutcome(f, f.bank, outcome);
      const good = proofFor(f, f.ours[0]);

      await expectRevert(
        f.registry.recordOutcome(outcome, signature, {
          ...good,
          proof: [ethers.id("x"), ...good.proof.slice(1)],
        }),
        f.registry,
        "QueryNotAnchored",
        [outcome.queryId, f.anchorer.address, 1n],
      );
      await expectRevert(
        f.registry.recordOutcome(outcome, signature, { ...good, anchorer: f.stranger.address }),
        f.registry,
        "QueryNotAnchored",
        [outcome.queryId, f.stranger.address, 1n],
      );
    });

    it("refuses an outcome after its deadline", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0]);
      const signature = await signOutcome(f, f.bank, outcome);

      await setNextBlockTime(outcome.deadline + 1n);
      await expectRevert(
        f.registry.recordOutcome(outcome, signature, proofFor(f, f.ours[0])),
        f.registry,
        "SignatureExpired",
        [outcome.deadline, outcome.deadline + 1n],
      );
    });

    it("refuses a decision other than approved, declined or withdrawn", async () => {
      const f = await deployOutcomeRegistry();

      for (const decision of [0n, 4n, 255n]) {
        const outcome = await draftOutcome(f.ours[0], { decision });
        await expectRevert(
          f.registry.recordOutcome(
            outcome,
            await signOutcome(f, f.bank, outcome),
            proofFor(f, f.ours[0]),
          ),
          f.registry,
          "InvalidDecision",
          [decision],
        );
      }
    });

    it("refuses an outcome of a bank that no longer holds BANK_ROLE", async () => {
      const f = await deployOutcomeRegistry();
      await f.ledger.revokeRole(ROLE.BANK, f.bank.address);
      const outcome = await draftOutcome(f.ours[0]);

      await expectRevert(
        f.registry.recordOutcome(
          outcome,
          await signOutcome(f, f.bank, outcome),
          proofFor(f, f.ours[0]),
        ),
        f.registry,
        "NotABank",
        [f.bank.address],
      );
    });

    it("refuses a nonce the bank has already used", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome: first } = await recordOutcome(f);
      const second = await draftOutcome(f.ours[1], { nonce: first.nonce });

      await expectRevert(
        f.registry.recordOutcome(
          second,
          await signOutcome(f, f.bank, second),
          proofFor(f, f.ours[1]),
        ),
        f.registry,
        "NonceAlreadyUsed",
        [f.bank.address, first.nonce],
      );
    });

    it("refuses a high-s signature and one signed for another chain id", async () => {
      const f = await deployOutcomeRegistry();
      const outcome = await draftOutcome(f.ours[0]);
      const sig = Signature.from(await signOutcome(f, f.bank, outcome));
      const highS = ethers.concat([
        sig.r,
        ethers.toBeHex(SECP256K1_N - BigInt(sig.s), 32),
        sig.v === 27 ? "0x1c" : "0x1b",
      ]);

      for (const signature of [highS, await signOutcome(f, f.bank, outcome, f.chainId + 1n)]) {
        await expectRevert(
          f.registry.recordOutcome(outcome, signature, proofFor(f, f.ours[0])),
          f.registry,
          "InvalidBankSignature",
          [f.bank.address],
        );
      }
    });
  });

  describe("repayment updates", () => {
    it("accepts a first update dated on the decision day", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);
      const message = await repayment(id, REPAYMENT.Performing, outcome.decidedAt);

      const receipt = await recordRepayment(f, message);

      expectEvent(receipt, f.registry, "RepaymentUpdated", [
        id,
        f.bank.address,
        REPAYMENT.Performing,
        outcome.decidedAt,
      ]);
      const record = await f.registry.getOutcome(id);
      expect([record.repaymentStatus, record.lastAsOf]).toEqual([
        REPAYMENT.Performing,
        outcome.decidedAt,
      ]);
      expect(await f.registry.isNonceUsed(f.bank.address, message.nonce)).toBe(true);
    });

    it("refuses a first update dated before the decision", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);

      await expectRevert(
        recordRepayment(f, await repayment(id, REPAYMENT.Performing, outcome.decidedAt - 1n)),
        f.registry,
        "RepaymentOutOfOrder",
        [id, outcome.decidedAt, outcome.decidedAt - 1n],
      );
    });

    it("takes updates in strictly increasing asOf order", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);
      const t0 = outcome.decidedAt;
      await recordRepayment(f, await repayment(id, REPAYMENT.Performing, t0 + 30n * DAY));

      for (const asOf of [t0 + 30n * DAY, t0 + 29n * DAY, t0]) {
        await expectRevert(
          recordRepayment(f, await repayment(id, REPAYMENT.Overdue, asOf)),
          f.registry,
          "RepaymentOutOfOrder",
          [id, t0 + 30n * DAY, asOf],
        );
      }
      await recordRepayment(f, await repayment(id, REPAYMENT.Overdue, t0 + 30n * DAY + 1n));
      await recordRepayment(f, await repayment(id, REPAYMENT.Performing, t0 + 60n * DAY));
      const record = await f.registry.getOutcome(id);
      expect([record.repaymentStatus, record.lastAsOf]).toEqual([
        REPAYMENT.Performing,
        t0 + 60n * DAY,
      ]);
    });

    it("closes the loan at Repaid or Defaulted", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome: first, id: repaid } = await recordOutcome(f);
      const second = await draftOutcome(f.ours[1]);
      await f.registry.recordOutcome(
        second,
        await signOutcome(f, f.bank, second),
        proofFor(f, f.ours[1]),
      );
      const defaulted = await f.registry.outcomeId(second);
      await recordRepayment(f, await repayment(repaid, REPAYMENT.Repaid, first.decidedAt + DAY));
      await recordRepayment(
        f,
        await repayment(defaulted, REPAYMENT.Defaulted, second.decidedAt + DAY),
      );

      await expectRevert(
        recordRepayment(
          f,
          await repayment(repaid, REPAYMENT.Performing, first.decidedAt + 2n * DAY),
        ),
        f.registry,
        "RepaymentClosed",
        [repaid, REPAYMENT.Repaid],
      );
      await expectRevert(
        recordRepayment(
          f,
          await repayment(defaulted, REPAYMENT.Repaid, second.decidedAt + 2n * DAY),
        ),
        f.registry,
        "RepaymentClosed",
        [defaulted, REPAYMENT.Defaulted],
      );
    });

    it("refuses updates to a declined or withdrawn outcome", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f, { decision: DECISION.Declined });

      await expectRevert(
        recordRepayment(f, await repayment(id, REPAYMENT.Performing, outcome.decidedAt)),
        f.registry,
        "OutcomeNotApproved",
        [id, DECISION.Declined],
      );
    });

    it("refuses an update of an unknown outcome", async () => {
      const f = await deployOutcomeRegistry();
      const id = ethers.id("no such outcome");

      await expectRevert(
        recordRepayment(f, await repayment(id, REPAYMENT.Performing, 1n)),
        f.registry,
        "OutcomeNotFound",
        [id],
      );
    });

    it("refuses an update signed by another bank", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);
      const message = await repayment(id, REPAYMENT.Overdue, outcome.decidedAt + DAY);

      await expectRevert(
        f.registry.recordRepayment(message, await signRepayment(f, f.otherBank, message)),
        f.registry,
        "InvalidBankSignature",
        [f.bank.address],
      );
    });

    it("refuses a status outside Performing, Overdue, Defaulted and Repaid", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);

      for (const status of [0n, 5n]) {
        await expectRevert(
          recordRepayment(f, await repayment(id, status, outcome.decidedAt)),
          f.registry,
          "InvalidRepaymentStatus",
          [status],
        );
      }
    });

    it("refuses an update after its deadline", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);
      const message = await repayment(id, REPAYMENT.Performing, outcome.decidedAt);
      const signature = await signRepayment(f, f.bank, message);

      await setNextBlockTime(message.deadline + 1n);
      await expectRevert(
        f.registry.recordRepayment(message, signature),
        f.registry,
        "SignatureExpired",
        [message.deadline, message.deadline + 1n],
      );
    });

    it("refuses a replayed update and a nonce the outcome used", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);
      const message = await repayment(id, REPAYMENT.Performing, outcome.decidedAt);
      const signature = await signRepayment(f, f.bank, message);
      await f.registry.recordRepayment(message, signature);

      await expectRevert(
        f.registry.recordRepayment(message, signature),
        f.registry,
        "NonceAlreadyUsed",
        [f.bank.address, message.nonce],
      );
      await expectRevert(
        recordRepayment(
          f,
          await repayment(id, REPAYMENT.Overdue, outcome.decidedAt + DAY, { nonce: outcome.nonce }),
        ),
        f.registry,
        "NonceAlreadyUsed",
        [f.bank.address, outcome.nonce],
      );
    });

    it("still takes updates from a bank that has since lost BANK_ROLE", async () => {
      const f = await deployOutcomeRegistry();
      const { outcome, id } = await recordOutcome(f);
      await f.ledger.revokeRole(ROLE.BANK, f.bank.address);

      await recordRepayment(f, await repayment(id, REPAYMENT.Repaid, outcome.decidedAt + DAY));

      expect((await f.registry.getOutcome(id)).repaymentStatus).toBe(REPAYMENT.Repaid);
    });
  });
});
