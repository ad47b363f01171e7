// "Nothing on-chain identifies a company without its salt": after a full life cycle of one
// enterprise (binding, consents online and offline, revocations, anchoring, outcome, repayment,
// re-binding), no transaction's calldata, no event and no storage write holds a hash of its USCC
// alone, while its salted commitment is found in all three (so the scan does look).
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";

import type {
  AnchorRegistry,
  ConsentRegistry,
  CreditLedger,
  OutcomeRegistry,
} from "../../typechain-types";
import {
  CONSENT_TYPES,
  OUTCOME_TYPES,
  REPAYMENT_TYPES,
  REVOCATION_TYPES,
  creditLedgerDomain,
} from "./eip712-types";
import { latestTime, random32, setNextBlockTime } from "./helpers";
import { makeReceipts, proofOf, receiptLeaf, receiptTree } from "./receipts";
import { REBINDING_DELAY, ROLE, commitmentOf } from "./roles";

const USCC = "91350100M000100Y43";
const SALT = ethers.hexlify(ethers.randomBytes(32));
const COMMITMENT = commitmentOf(USCC, SALT);
const coder = ethers.AbiCoder.defaultAbiCoder();
const BARE_HASHES = {
  "keccak256(utf8 uscc)": ethers.keccak256(ethers.toUtf8Bytes(USCC)),
  "keccak256(abi.encode(string uscc))": ethers.keccak256(coder.encode(["string"], [USCC])),
};

interface StructLog {
  op: string;
  stack?: string[];
}

/** Lower-case hex without 0x, a stack word padded to 32 bytes. */
function word(value: string): string {
  return value.replace(/^0x/, "").toLowerCase().padStart(64, "0");
}

/** What one transaction put on-chain: its calldata, its logs, and the slots and values it stored. */
async function footprint(hash: string) {
  const tx = await ethers.provider.getTransaction(hash);
  const receipt = await ethers.provider.getTransactionReceipt(hash);
  const trace = (await network.provider.send("debug_traceTransaction", [
    hash,
    { disableMemory: true, disableStorage: true },
  ])) as { structLogs: StructLog[] };
  const stored: string[] = [];
  for (const step of trace.structLogs) {
    if (step.op !== "SSTORE" || step.stack === undefined) continue;
    const stack = step.stack;
    // SSTORE pops the slot (top of stack) and then the value.
    stored.push(word(stack[stack.length - 1]), word(stack[stack.length - 2]));
  }
  return {
    calldata: tx!.data.toLowerCase(),
    logs: receipt!.logs.map((log) => [...log.topics, log.data].join("").toLowerCase()),
    stored,
  };
}

describe("no bare USCC hash on-chain", () => {
  const hashes: string[] = [];
  const track = async (tx: Promise<ContractTransactionResponse>) => {
    const sent = await tx;
    await sent.wait();
    hashes.push(sent.hash);
  };

  beforeAll(async () => {
    await network.provider.send("evm_setIntervalMining", [0]);
    const [admin, operator, anchorer, bank, provider, enterprise, newAccount] =
      await ethers.getSigners();
    const deploy = async <T>(name: string, args: unknown[]): Promise<T> => {
      const contract = await ethers.deployContract(name, args);
      hashes.push(contract.deploymentTransaction()!.hash);
      await contract.waitForDeployment();
      return contract as unknown as T;
    };
    const ledger = await deploy<CreditLedger>("CreditLedger", [admin.address, REBINDING_DELAY]);
    const consents = await deploy<ConsentRegistry>("ConsentRegistry", [ledger.target]);
    const anchors = await deploy<AnchorRegistry>("AnchorRegistry", [ledger.target]);
    const outcomes = await deploy<OutcomeRegistry>("OutcomeRegistry", [
      ledger.target,
      anchors.target,
    ]);
    const { chainId } = await ethers.provider.getNetwork();
    const consentDomain = creditLedgerDomain(chainId, consents.target as string);
    const outcomeDomain = creditLedgerDomain(chainId, outcomes.target as string);

    await track(ledger.grantRole(ROLE.OPERATOR, operator.address));
    await track(ledger.grantRole(ROLE.ANCHORER, anchorer.address));
    await track(ledger.grantRole(ROLE.BANK, bank.address));
    await track(ledger.setProviderCategories(provider.address, 0xff));
    await track(ledger.bindEnterprise(COMMITMENT, enterprise.address));

    // An online consent, relayed; a second sent by the enterprise itself; an offline letter.
    const now = await latestTime();
    const consent = {
      enterprise: COMMITMENT,
      bank: bank.address,
      categories: 0xffn,
      purposes: 7n,
      validFrom: now,
      validUntil: now + 86_400n * 30n,
      documentHash: ethers.keccak256(ethers.toUtf8Bytes(`Enterprise ${USCC} authorises ...`)),
      nonce: random32(),
      deadline: now + 3600n,
    };
    const signature = await enterprise.signTypedData(consentDomain, CONSENT_TYPES, consent);
    await track(consents.connect(operator).grantConsent(consent, signature));
    const consentId = await consents.consentId(consent);
    const own = { ...consent, nonce: random32() };
    await track(consents.connect(enterprise).grantConsent(own, "0x"));
    const letter = ethers.sha256(ethers.toUtf8Bytes(`Letter of ${USCC}`));
    await track(
      consents
        .connect(operator)
        .recordOfflineConsent(COMMITMENT, bank.address, 1, 1, now, now + 86_400n, letter),
    );
    await track(consents.connect(enterprise).cancelNonce(COMMITMENT, random32()));

    // Receipts and a data batch anchored; an outcome and a repayment on the first query.
    const receipts = makeReceipts(4, { bank: bank.address, consentId, enterprise: COMMITMENT });
    const tree = receiptTree(receipts);
    await track(anchors.connect(anchorer).anchor(tree.root, 1, 4, 4));
    const importHash = ethers.keccak256(ethers.toUtf8Bytes(`penalties of ${USCC}`));
    await track(
      anchors
        .connect(anchorer)
        .anchorDataBatch(importHash, provider.address, 4, 1, ethers.id("req")),
    );
    const outcome = {
      queryId: receiptLeaf(receipts[0]),
      consentId,
      bank: bank.address,
      decision: 1n,
      termsHash: ethers.id("terms"),
      decidedAt: now,
      nonce: random32(),
      deadline: now + 3600n,
    };
    await track(
      outcomes.recordOutcome(
        outcome,
        await bank.signTypedData(outcomeDomain, OUTCOME_TYPES, outcome),
        {
          anchorer: anchorer.address,
          batchId: 1n,
          receipt: receipts[0],
          proof: proofOf(tree, receipts[0]),
        },
      ),
    );
    const repayment = {
      outcomeId: await outcomes.outcomeId(outcome),
      status: 1n,
      asOf: now,
      nonce: random32(),
      deadline: now + 3600n,
    };
    await track(
      outcomes.recordRepayment(
        repayment,
        await bank.signTypedData(outcomeDomain, REPAYMENT_TYPES, repayment),
      ),
    );

    // Revocations by signature and by transaction, then a contested and a completed re-binding.
    const revocation = { consentId, nonce: random32(), deadline: now + 3600n };
    const revocationSignature = await enterprise.signTypedData(
      consentDomain,
      REVOCATION_TYPES,
      revocation,
    );
    await track(consents.connect(operator).revokeWithSignature(revocation, revocationSignature));
    await track(consents.connect(enterprise).revoke(await consents.consentId(own)));
    await track(ledger.proposeRebinding(COMMITMENT, newAccount.address));
    await track(ledger.connect(enterprise).contestRebinding(COMMITMENT));
    await track(ledger.proposeRebinding(COMMITMENT, newAccount.address));
    await setNextBlockTime((await ledger.pendingRebinding(COMMITMENT)).effectiveAt);
    await track(ledger.completeRebinding(COMMITMENT));
  });

  it("holds no hash of the USCC alone in any calldata, event or storage write", async () => {
    expect(hashes).toHaveLength(23);
    for (const hash of hashes) {
      const { calldata, logs, stored } = await footprint(hash);
      for (const [name, bare] of Object.entries(BARE_HASHES)) {
        const needle = word(bare);
        expect(calldata.includes(needle), `${name} in calldata of ${hash}`).toBe(false);
        expect(
          logs.some((log) => log.includes(needle)),
          `${name} in logs of ${hash}`,
        ).toBe(false);
        expect(stored.includes(needle), `${name} stored by ${hash}`).toBe(false);
      }
    }
  });

  it("finds the salted commitment in calldata, events and storage, so the scan does look", async () => {
    const needle = word(COMMITMENT);
    const seen = { calldata: 0, logs: 0, stored: 0 };
    for (const hash of hashes) {
      const { calldata, logs, stored } = await footprint(hash);
      if (calldata.includes(needle)) seen.calldata++;
      if (logs.some((log) => log.includes(needle))) seen.logs++;
      if (stored.includes(needle)) seen.stored++;
    }

    expect(seen).toEqual({
      // bindEnterprise, grantConsent x2, recordOfflineConsent, cancelNonce, recordOutcome (its
      // receipt), proposeRebinding x2, contestRebinding, completeRebinding.
      calldata: 10,
      // EnterpriseBound, ConsentGranted x3, NonceCancelled, ConsentRevoked x2,
      // RebindingProposed x2, RebindingContested, EnterpriseRebound.
      logs: 11,
      // commitmentOf on binding and completion, three consent records, two reservations.
      stored: 7,
    });
  });
});
