import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { LedgerClient } from "../../ledger-service/src/client/ledger-client";
import { checkOutcomes } from "../../ledger-service/src/audit/outcome-integrity";
import { outcomeStoreFor } from "../../ledger-service/src/store/outcome-store";
import { type TestLedger, startTestLedger } from "./harness";
import { type DraftAnswer, grantConsent, inDays } from "./flows";

type Problem = { code: string; status: number; detail: string };
type Terms = {
  amountFen: string;
  termMonths: number;
  annualRateBps: number;
  decidedAt: number;
  salt: string;
};
type OutcomeDraft = DraftAnswer & { terms: Terms };
type Relayed = { outcomeId: string; txHash: string };
type Repaid = { outcomeId: string; status: string; asOf: string; txHash: string };
type OutcomeView = Record<string, unknown> & {
  outcomeId: string;
  terms: Record<string, unknown>;
  repaymentStatus: string;
  repayments: { status: string; asOf: string; txHash: string }[];
};
type OutcomeList = { outcomes: OutcomeView[]; next?: string };

const DAY = 86_400;

let t: TestLedger;
let uscc: string;
let consentId: string;

beforeAll(async () => {
  // Anchoring only when a test asks for it, so that "not anchored yet" is observable.
  t = await startTestLedger({ anchorIntervalMs: 3_600_000 });
  uscc = t.summary.enterprises[0].uscc;
  consentId = await grantConsent(t.enterprises[0], {
    uscc,
    bank: t.bank.address,
    categories: ["BASIC", "TAX"],
    purposes: ["PRE_LOAN"],
    validUntil: inDays(30, t.now()),
  });
});
afterAll(async () => {
  await t?.close();
});

async function serveQuery(): Promise<string> {
  const served = await t.bank.post<{ queryId: string }>("/v1/queries", {
    uscc,
    categories: ["TAX"],
    purpose: "PRE_LOAN",
    consentId,
  });
  expect(served.status).toBe(200);
  return served.body.queryId;
}

async function anchoredQuery(): Promise<string> {
  const queryId = await serveQuery();
  await t.service.ctx.anchorer.anchorPending();
  return queryId;
}

function isoSecondsAgo(seconds: number): string {
  return new Date((Math.floor(t.now() / 1000) - seconds) * 1000).toISOString();
}

function draftBody(queryId: string, overrides: Record<string, unknown> = {}) {
  return {
    queryId,
    decision: "APPROVED",
    amountFen: "50000000",
    termMonths: 12,
    annualRateBps: 385,
    decidedAt: isoSecondsAgo(90 * DAY),
    ...overrides,
  };
}

async function draftAndSign(
  queryId: string,
  overrides: Record<string, unknown> = {},
  signer: LedgerClient = t.bank,
) {
  const drafted = await t.bank.post<OutcomeDraft>(
    "/v1/outcomes/drafts",
    draftBody(queryId, overrides),
  );
  expect(drafted.status).toBe(200);
  const draft = drafted.body;
  const signature = await signer.wallet.signTypedData(draft.domain, draft.types, draft.message);
  return { draft, signature };
}

async function recordOutcome(queryId: string, overrides: Record<string, unknown> = {}) {
  const { draft, signature } = await draftAndSign(queryId, overrides);
  const relayed = await t.bank.post<Relayed>("/v1/outcomes", {
    message: draft.message,
    signature,
    terms: draft.terms,
  });
  expect(relayed.status).toBe(201);
  return { draft, outcomeId: relayed.body.outcomeId };
}

function localTermsHash(terms: Terms): string {
  const encoded = ethers.AbiCoder.defaultAbiCoder().encode(
    ["uint256", "uint16", "uint32", "uint64", "bytes32"],
    [BigInt(terms.amountFen), terms.termMonths, terms.annualRateBps, terms.decidedAt, terms.salt],
  );
  return ethers.keccak256(encoded);
}

async function signRepayment(outcomeId: string, status: string, asOf: string) {
  const drafted = await t.bank.post<DraftAnswer>(`/v1/outcomes/${outcomeId}/repayment/drafts`, {
    status,
    asOf,
  });
  expect(drafted.status).toBe(200);
  const draft = drafted.body;
  const signature = await t.bank.wallet.signTypedData(draft.domain, draft.types, draft.message);
  return { message: draft.message, signature };
}

function relayRepayment(outcomeId: string, signed: { message: unknown; signature: string }) {
  return t.bank.post<Repaid & Problem>(`/v1/outcomes/${outcomeId}/repayment`, signed);
}

describe("recording an outcome", () => {
  it("refuses an outcome before the query is anchored, then records it once anchored", async () => {
    const queryId = await serveQuery();
    const { draft, signature } = await draftAndSign(queryId);
    expect(draft.primaryType).toBe("Outcome");
    expect(draft.domain).toEqual({
      name: "CreditLedger",
      version: "1",
      chainId: 31337,
      verifyingContract: t.service.ctx.contracts.addresses.OutcomeRegistry,
    });
    expect(draft.terms).toMatchObject({
      amountFen: "50000000",
      termMonths: 12,
      annualRateBps: 385,
    });
    expect(draft.terms.salt).toMatch(/^0x[0-9a-f]{64}$/);
    expect(draft.message).toMatchObject({
      queryId,
      consentId,
      bank: t.bank.address,
      decision: 1,
      termsHash: localTermsHash(draft.terms),
      decidedAt: draft.terms.decidedAt,
    });
    expect(draft.message.nonce).toMatch(/^\d+$/);
    const body = { message: draft.message, signature, terms: draft.terms };

    const early = await t.bank.post<Problem>("/v1/outcomes", body);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe("QUERY_NOT_ANCHORED");
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(0);

    await t.service.ctx.anchorer.anchorPending();
    const first = await t.bank.post<Relayed>("/v1/outcomes", body);
    expect(first.status).toBe(201);
    const expectedId = ethers.TypedDataEncoder.hashStruct("Outcome", draft.types, draft.message);
    expect(first.body.outcomeId).toBe(expectedId);
    expect(first.body.txHash).toMatch(/^0x[0-9a-f]{64}$/);

    const again = await t.bank.post<Relayed>("/v1/outcomes", body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const { outcomes } = t.service.ctx.contracts;
    const onChain = await outcomes.getOutcome(expectedId);
    expect(onChain.queryId).toBe(queryId);
    expect(onChain.consentId).toBe(consentId);
    expect(onChain.bank).toBe(t.bank.address);
    expect(onChain.decision).toBe(1n);
    expect(onChain.termsHash).toBe(localTermsHash(draft.terms));
    expect(onChain.decidedAt).toBe(BigInt(draft.terms.decidedAt));
    expect(onChain.repaymentStatus).toBe(0n);
    expect(await outcomes.outcomeOfQuery(queryId)).toBe(expectedId);

    const recorded = t.logs.filter((line) => line.includes('"outcome.recorded"'));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toContain(expectedId);
    expect(t.logs.some((line) => line.includes(draft.terms.salt))).toBe(false);
    expect(t.logs.some((line) => line.includes('"amountFen"'))).toBe(false);

    const secondDraft = await t.bank.post<Problem>("/v1/outcomes/drafts", draftBody(queryId));
    expect(secondDraft.status).toBe(409);
    expect(secondDraft.body.code).toBe("CONFLICT");
  });

  it("refuses terms that do not hash to the signed termsHash", async () => {
    const queryId = await anchoredQuery();
    const { draft, signature } = await draftAndSign(queryId);
    for (const tampered of [
      { ...draft.terms, amountFen: "50000001" },
      { ...draft.terms, annualRateBps: 1 },
      { ...draft.terms, salt: ethers.hexlify(ethers.randomBytes(32)) },
    ]) {
      const relayed = await t.bank.post<Problem>("/v1/outcomes", {
        message: draft.message,
        signature,
        terms: tampered,
      });
      expect(relayed.status).toBe(400);
      expect(relayed.body.code).toBe("VALIDATION_FAILED");
    }
  });

  it("refuses another bank's draft or relay, and a message another bank signed", async () => {
    const queryId = await anchoredQuery();
    const foreignDraft = await t.otherBank.post<Problem>("/v1/outcomes/drafts", draftBody(queryId));
    expect(foreignDraft.status).toBe(403);
    expect(foreignDraft.body.code).toBe("NOT_YOUR_RESOURCE");

    const { draft, signature } = await draftAndSign(queryId);
    const body = { message: draft.message, signature, terms: draft.terms };
    const foreignRelay = await t.otherBank.post<Problem>("/v1/outcomes", body);
    expect(foreignRelay.status).toBe(403);
    expect(foreignRelay.body.code).toBe("NOT_YOUR_RESOURCE");

    const ownMessage = { ...draft.message, bank: t.otherBank.address };
    const ownSignature = await t.otherBank.wallet.signTypedData(
      draft.domain,
      draft.types,
      ownMessage,
    );
    const onAnothersQuery = await t.otherBank.post<Problem>("/v1/outcomes", {
      message: ownMessage,
      signature: ownSignature,
      terms: draft.terms,
    });
    expect(onAnothersQuery.status).toBe(403);
    expect(onAnothersQuery.body.code).toBe("NOT_YOUR_RESOURCE");

    const forged = await t.otherBank.wallet.signTypedData(draft.domain, draft.types, draft.message);
    const relayed = await t.bank.post<Problem>("/v1/outcomes", { ...body, signature: forged });
    expect(relayed.status).toBe(400);
    expect(relayed.body.code).toBe("VALIDATION_FAILED");
    expect(await t.service.ctx.contracts.outcomes.outcomeOfQuery(queryId)).toBe(ethers.ZeroHash);
  });

  it("refuses drafts of unknown queries, future decisions, numeric amounts", async () => {
    const queryId = await anchoredQuery();
    const unknown = await t.bank.post<Problem>(
      "/v1/outcomes/drafts",
      draftBody(`0x${"ab".repeat(32)}`),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("NOT_FOUND");

    const cases: [Record<string, unknown>, string][] = [
      [{ decidedAt: inDays(2, t.now()) }, "decidedAt"],
      [{ amountFen: 50000000 }, "amountFen"],
      [{ amountFen: "0" }, "amountFen"],
      [{ termMonths: 70000 }, "termMonths"],
      [{ decision: "MAYBE" }, "decision"],
      [{ decidedAt: "2026-03-05T10:00:00" }, "decidedAt"],
    ];
    for (const [overrides, field] of cases) {
      const refused = await t.bank.post<Problem>(
        "/v1/outcomes/drafts",
        draftBody(queryId, overrides),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe("VALIDATION_FAILED");
      expect(refused.body.detail.startsWith(`${field}:`)).toBe(true);
    }
  });

  it("keeps a 30-digit amount exact from draft to chain hash to reading", async () => {
    const amountFen = "123456789012345678901234567890";
    const { draft, outcomeId } = await recordOutcome(await anchoredQuery(), { amountFen });
    expect(draft.terms.amountFen).toBe(amountFen);

    const read = await t.regulator.get<OutcomeView>(`/v1/outcomes/${outcomeId}`);
    expect(read.status).toBe(200);
    expect(read.body.terms.amountFen).toBe(amountFen);
    const onChain = await t.service.ctx.contracts.outcomes.getOutcome(outcomeId);
    expect(onChain.termsHash).toBe(localTermsHash({ ...draft.terms, amountFen }));
  });
  it("refuses a second outcome for a query, a reused nonce, a passed deadline", async () => {
    const recorded = await recordOutcome(await anchoredQuery());
    const { draft } = recorded;
    const domain = draft.domain;

    const otherNonce = { ...draft.message, nonce: "7", decision: 2 };
    const second = await t.bank.post<Problem>("/v1/outcomes", {
      message: otherNonce,
      signature: await t.bank.wallet.signTypedData(domain, draft.types, otherNonce),
      terms: draft.terms,
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe("CONFLICT");

    const fresh = await draftAndSign(await anchoredQuery());
    const reused = { ...fresh.draft.message, nonce: draft.message.nonce };
    const reusedNonce = await t.bank.post<Problem & { contractError: string }>("/v1/outcomes", {
      message: reused,
      signature: await t.bank.wallet.signTypedData(domain, draft.types, reused),
      terms: fresh.draft.terms,
    });
    expect(reusedNonce.status).toBe(409);
    expect(reusedNonce.body.code).toBe("CONFLICT");
    expect(reusedNonce.body.contractError).toBe("NonceAlreadyUsed");

    const late = { ...fresh.draft.message, deadline: Math.floor(t.now() / 1000) - 1 };
    const expired = await t.bank.post<Problem>("/v1/outcomes", {
      message: late,
      signature: await t.bank.wallet.signTypedData(domain, draft.types, late),
      terms: fresh.draft.terms,
    });
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe("VALIDATION_FAILED");
  });

  it("stores an outcome and an update mined without it when relayed again", async () => {
    const queryId = await anchoredQuery();
    const { draft, signature } = await draftAndSign(queryId);
    const proof = await t.bank.get<{
      receipt: Record<string, string | number>;
      proof: string[];
      batchId: number;
      anchorer: string;
    }>(`/v1/queries/${queryId}/proof`);
    expect(proof.status).toBe(200);
    const { contracts } = t.service.ctx;
    // The bank sends it itself (anyone may relay), so the service has not stored it.
    const direct = contracts.outcomes.connect(t.bank.wallet.connect(t.provider));
    const r = proof.body.receipt;
    const receipt = {
      ...r,
      seq: BigInt(r.seq),
      checkedBlock: BigInt(r.checkedBlock),
      servedAt: BigInt(r.servedAt),
    };
    const sent = await direct.recordOutcome(draft.message as never, signature, {
      anchorer: proof.body.anchorer,
      batchId: proof.body.batchId,
      receipt: receipt as never,
      proof: proof.body.proof,
    });
    await sent.wait();

    const relayed = await t.bank.post<Relayed>("/v1/outcomes", {
      message: draft.message,
      signature,
      terms: draft.terms,
    });
    expect(relayed.status).toBe(200);
    const outcomeId = ethers.TypedDataEncoder.hashStruct("Outcome", draft.types, draft.message);
    expect(relayed.body).toEqual({ outcomeId, txHash: sent.hash });

    const at = new Date(draft.terms.decidedAt * 1000).toISOString();
    const update = await signRepayment(outcomeId, "PERFORMING", at);
    const sentUpdate = await direct.recordRepayment(update.message as never, update.signature);
    await sentUpdate.wait();
    const again = await relayRepayment(outcomeId, update);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      outcomeId,
      status: "PERFORMING",
      asOf: at,
      txHash: sentUpdate.hash,
    });

    const read = await t.bank.get<OutcomeView>(`/v1/outcomes/${outcomeId}`);
    expect(read.body.txHash).toBe(sent.hash);
    expect(read.body.repayments).toEqual([
      { status: "PERFORMING", asOf: at, txHash: sentUpdate.hash },
    ]);
  });
});

describe("reading outcomes", () => {
  it("shows an outcome to its bank, its enterprise, a regulator, nobody else", async () => {
    const queryId = await anchoredQuery();
    const { draft, outcomeId } = await recordOutcome(queryId, { decidedAt: "2026-01-05" });
    const decidedAt = Date.parse("2026-01-05T00:00:00+08:00") / 1000;
    expect(draft.terms.decidedAt).toBe(decidedAt);

    const expected = {
      outcomeId,
      queryId,
      consentId,
      bank: t.bank.address,
      enterprise: (await t.service.ctx.receipts.getByQueryId(queryId))!.receipt.enterprise,
      decision: "APPROVED",
      terms: {
        amountFen: "50000000",
        termMonths: 12,
        annualRateBps: 385,
        decidedAt: "2026-01-04T16:00:00.000Z",
        salt: draft.terms.salt,
      },
      termsHash: localTermsHash(draft.terms),
      repaymentStatus: "NONE",
      repayments: [],
    };
    for (const reader of [t.bank, t.enterprises[0], t.regulator]) {
      const one = await reader.get<OutcomeView>(`/v1/outcomes/${outcomeId}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject(expected);
      expect(one.body.txHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(String(one.body.recordedAt)))).toBe(false);

      const list = await reader.get<OutcomeList>("/v1/outcomes?limit=500");
      expect(list.status).toBe(200);
      expect(list.body.outcomes.find((o) => o.outcomeId === outcomeId)).toEqual(one.body);
    }

    const otherBankList = await t.otherBank.get<OutcomeList>("/v1/outcomes?limit=500");
    expect(otherBankList.status).toBe(200);
    expect(otherBankList.body.outcomes).toEqual([]);
    const otherEnterpriseList = await t.enterprises[1].get<OutcomeList>("/v1/outcomes");
    expect(otherEnterpriseList.body.outcomes).toEqual([]);

    for (const stranger of [t.otherBank, t.enterprises[1]]) {
      const refused = await stranger.get<Problem>(`/v1/outcomes/${outcomeId}`);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("NOT_YOUR_RESOURCE");
    }
    const missing = await t.regulator.get<Problem>(`/v1/outcomes/0x${"cd".repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("NOT_FOUND");
  });

  it("filters by bank and decision and pages with next", async () => {
    const declined = await recordOutcome(await anchoredQuery(), {
      decision: "DECLINED",
      amountFen: "0",
      termMonths: 0,
      annualRateBps: 0,
    });

    const onlyDeclined = await t.regulator.get<OutcomeList>(
      "/v1/outcomes?decision=DECLINED&limit=500",
    );
    expect(onlyDeclined.status).toBe(200);
    expect(onlyDeclined.body.outcomes.map((o) => o.outcomeId)).toContain(declined.outcomeId);
    expect(onlyDeclined.body.outcomes.every((o) => o.decision === "DECLINED")).toBe(true);

    const ofOtherBank = await t.regulator.get<OutcomeList>(
      `/v1/outcomes?bank=${t.otherBank.address}`,
    );
    expect(ofOtherBank.body.outcomes).toEqual([]);
    const ofBank = await t.regulator.get<OutcomeList>(
      `/v1/outcomes?bank=${t.bank.address}&limit=500`,
    );
    const all = await t.regulator.get<OutcomeList>("/v1/outcomes?limit=500");
    expect(ofBank.body.outcomes).toEqual(all.body.outcomes);
    expect(all.body.next).toBeUndefined();

    const seen: string[] = [];
    let target = "/v1/outcomes?limit=2";
    for (;;) {
      const page = await t.bank.get<OutcomeList>(target);
      expect(page.status).toBe(200);
      expect(page.body.outcomes.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.outcomes.map((o) => o.outcomeId));
      if (!page.body.next) break;
      target = `/v1/outcomes?limit=2&cursor=${page.body.next}`;
    }
    expect(seen).toEqual(all.body.outcomes.map((o) => o.outcomeId));
    expect(seen.length).toBeGreaterThan(2);

    const badDecision = await t.bank.get<Problem>("/v1/outcomes?decision=MAYBE");
    expect(badDecision.status).toBe(400);
    expect(badDecision.body.code).toBe("VALIDATION_FAILED");
    const badLimit = await t.bank.get<Problem>("/v1/outcomes?limit=501");
    expect(badLimit.status).toBe(400);
  });
});

describe("repayment updates", () => {
  it("records updates in order, refuses an earlier one, and takes none after REPAID", async () => {
    const { draft, outcomeId } = await recordOutcome(await anchoredQuery());
    const decidedAt = draft.terms.decidedAt;
    const at = (days: number) => new Date((decidedAt + days * DAY) * 1000).toISOString();

    const foreign = await t.otherBank.post<Problem>(`/v1/outcomes/${outcomeId}/repayment/drafts`, {
      status: "PERFORMING",
      asOf: at(0),
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe("NOT_YOUR_RESOURCE");

    const performing = await relayRepayment(
      outcomeId,
      await signRepayment(outcomeId, "PERFORMING", at(0)),
    );
    expect(performing.status).toBe(200);
    expect(performing.body).toMatchObject({ outcomeId, status: "PERFORMING", asOf: at(0) });

    // Both signed while PERFORMING is the last update; the later one reaches the chain first.
    const overdue = await signRepayment(outcomeId, "OVERDUE", at(30));
    const earlier = await signRepayment(outcomeId, "PERFORMING", at(15));
    expect((await relayRepayment(outcomeId, overdue)).body.status).toBe("OVERDUE");
    const outOfOrder = await relayRepayment(outcomeId, earlier);
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.code).toBe("CONFLICT");

    const repaid = await signRepayment(outcomeId, "REPAID", at(60));
    const afterClose = await signRepayment(outcomeId, "OVERDUE", at(75));
    const closed = await relayRepayment(outcomeId, repaid);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("REPAID");
    const again = await relayRepayment(outcomeId, repaid);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(closed.body);

    const further = await relayRepayment(outcomeId, afterClose);
    expect(further.status).toBe(409);
    expect(further.body.code).toBe("CONFLICT");
    const furtherDraft = await t.bank.post<Problem>(`/v1/outcomes/${outcomeId}/repayment/drafts`, {
      status: "OVERDUE",
      asOf: at(80),
    });
    expect(furtherDraft.status).toBe(409);
    expect(furtherDraft.body.code).toBe("CONFLICT");

    const read = await t.enterprises[0].get<OutcomeView>(`/v1/outcomes/${outcomeId}`);
    expect(read.body.repaymentStatus).toBe("REPAID");
    expect(read.body.repayments.map((r) => [r.status, r.asOf])).toEqual([
      ["PERFORMING", at(0)],
      ["OVERDUE", at(30)],
      ["REPAID", at(60)],
    ]);
    const onChain = await t.service.ctx.contracts.outcomes.getOutcome(outcomeId);
    expect(onChain.repaymentStatus).toBe(4n);
    expect(onChain.lastAsOf).toBe(BigInt(decidedAt + 60 * DAY));
  });

  it("refuses updates of a declined application, drafted or signed by hand", async () => {
    const { outcomeId } = await recordOutcome(await anchoredQuery(), {
      decision: "DECLINED",
      amountFen: "0",
      termMonths: 0,
    });
    const drafted = await t.bank.post<Problem>(`/v1/outcomes/${outcomeId}/repayment/drafts`, {
      status: "PERFORMING",
      asOf: isoSecondsAgo(DAY),
    });
    expect(drafted.status).toBe(409);
    expect(drafted.body.code).toBe("CONFLICT");

    const { contracts } = t.service.ctx;
    const domain = {
      name: "CreditLedger",
      version: "1",
      chainId: 31337,
      verifyingContract: contracts.addresses.OutcomeRegistry,
    };
    const message = {
      outcomeId,
      status: 1,
      asOf: Math.floor(t.now() / 1000) - DAY,
      nonce: BigInt(ethers.hexlify(ethers.randomBytes(32))).toString(),
      deadline: Math.floor(t.now() / 1000) + 600,
    };
    const types = {
      Repayment: [
        { name: "outcomeId", type: "bytes32" },
        { name: "status", type: "uint8" },
        { name: "asOf", type: "uint64" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint64" },
      ],
    };
    const signature = await t.bank.wallet.signTypedData(domain, types, message);
    const relayed = await relayRepayment(outcomeId, { message, signature });
    expect(relayed.status).toBe(409);
    expect(relayed.body.code).toBe("CONFLICT");
  });
});

describe("outcome integrity", () => {
  it("finds every stored outcome equal to the chain's, and terms altered off-chain", async () => {
    const store = outcomeStoreFor(t.service.ctx);
    let stored = 0;
    for await (const _ of store.all()) stored++;
    const clean = await checkOutcomes(t.service.ctx);
    expect(clean).toEqual({ outcomes: stored, mismatches: [] });
    expect(stored).toBeGreaterThan(3);

    const [first] = (await store.list({}, { limit: 1 })).outcomes;
    const { repayments: _repayments, ...entry } = first;
    await store.put({ ...entry, terms: { ...entry.terms, amountFen: "1" } });
    try {
      const tampered = await checkOutcomes(t.service.ctx);
      expect(tampered.mismatches).toEqual([
        {
          kind: "OUTCOME",
          outcomeId: first.outcomeId,
          detail: "the stored terms do not hash to the stored termsHash",
        },
      ]);
    } finally {
      await store.put(entry);
    }
    expect((await checkOutcomes(t.service.ctx)).mismatches).toEqual([]);
  });

  it("shows outcomes to the regulator's audit listing and its integrity check", async () => {
    type Page = { outcomes: { outcomeId: string; bank: string }[]; next?: string };
    const all = await t.regulator.get<Page>("/v1/audit/outcomes?limit=500");
    expect(all.status).toBe(200);
    let stored = 0;
    for await (const _ of outcomeStoreFor(t.service.ctx).all()) stored++;
    expect(all.body.outcomes).toHaveLength(stored);
    const byBank = await t.regulator.get<Page>(`/v1/audit/outcomes?bank=${t.otherBank.address}`);
    expect(byBank.body.outcomes.every((o) => o.bank === t.otherBank.address)).toBe(true);
    const paged = await t.regulator.get<Page>("/v1/audit/outcomes?limit=1");
    expect(paged.body.outcomes).toHaveLength(1);
    expect(paged.body.next).toBe(paged.body.outcomes[0].outcomeId);
    const bank = await t.bank.get<{ code: string }>("/v1/audit/outcomes");
    expect([bank.status, bank.body.code]).toEqual([403, "ROLE_REQUIRED"]);

    const integrity = await t.regulator.get<{
      ok: boolean;
      outcomes: number;
      mismatches: unknown[];
    }>("/v1/audit/integrity");
    expect([integrity.body.ok, integrity.body.outcomes, integrity.body.mismatches]).toEqual([
      true,
      stored,
      [],
    ]);
  });
});
