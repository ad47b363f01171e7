import { createHash } from "node:crypto";

import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type TestLedger, startTestLedger } from "./harness";
import { grantConsent, inDays, signConsent } from "./flows";

type Problem = { code: string; status: number };
type ConsentList = {
  consents: { consentId: string; status: string; mode: string; bank: string }[];
  next?: string;
};

let t: TestLedger;
let uscc: string;

beforeAll(async () => {
  t = await startTestLedger({ sampleEnterprises: 10 });
  uscc = t.summary.enterprises[3].uscc;
});
afterAll(async () => {
  await t?.close();
});

const letter = (text: string) => Buffer.from(`%PDF-1.4 scanned letter: ${text}`).toString("base64");

function letterBody(text: string, overrides: Record<string, unknown> = {}) {
  return {
    uscc,
    categories: ["TAX", "SOCIAL_SECURITY"],
    purposes: ["IN_LOAN"],
    validUntil: inDays(90, t.now()),
    document: letter(text),
    ...overrides,
  };
}

function query(consentId: string) {
  return { uscc, categories: ["TAX"], purpose: "IN_LOAN", consentId };
}

describe("consent requests", () => {
  it("lets a bank ask, the enterprise answer by signing a consent that names the request", async () => {
    const asked = await t.bank.post<{ requestId: string; status: string }>("/v1/consent-requests", {
      uscc,
      categories: ["TAX", "UTILITIES"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(60, t.now()),
      note: "流动资金贷款 500 万元贷前审查",
    });
    expect(asked.status).toBe(201);
    expect(asked.body.status).toBe("OPEN");
    expect(asked.body.requestId).toMatch(/^0x[0-9a-f]{64}$/);

    const inbox = await t.enterprises[3].get<{ requests: Record<string, unknown>[] }>(
      "/v1/consent-requests",
    );
    expect(inbox.status).toBe(200);
    const request = inbox.body.requests.find((r) => r.requestId === asked.body.requestId);
    expect(request).toMatchObject({
      status: "OPEN",
      bank: t.bank.address,
      uscc,
      categories: ["TAX", "UTILITIES"],
      purposes: ["PRE_LOAN"],
      note: "流动资金贷款 500 万元贷前审查",
    });
    const elsewhere = await t.enterprises[0].get<{ requests: { requestId: string }[] }>(
      "/v1/consent-requests",
    );
    expect(elsewhere.body.requests.some((r) => r.requestId === asked.body.requestId)).toBe(false);

    const { draft, signature } = await signConsent(t.enterprises[3], {
      uscc,
      bank: t.bank.address,
      categories: ["TAX", "UTILITIES"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(60, t.now()),
      requestId: asked.body.requestId,
    });
    expect(draft.text).toContain(asked.body.requestId);
    expect(draft.text).toContain("流动资金贷款 500 万元贷前审查");
    const relayed = await t.enterprises[3].post<{ consentId: string }>("/v1/consents", {
      message: draft.message,
      signature,
    });
    expect(relayed.status).toBe(201);

    const mine = await t.bank.get<{ requests: Record<string, unknown>[] }>(
      "/v1/consent-requests?status=ANSWERED",
    );
    expect(mine.body.requests.find((r) => r.requestId === asked.body.requestId)).toMatchObject({
      status: "ANSWERED",
      consentId: relayed.body.consentId,
    });
    const consent = await t.bank.get<{ requestId: string }>(
      `/v1/consents/${relayed.body.consentId}`,
    );
    expect(consent.body.requestId).toBe(asked.body.requestId);

    const reuse = await t.enterprises[3].post<Problem>("/v1/consents/drafts", {
      uscc,
      bank: t.bank.address,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(60, t.now()),
      requestId: asked.body.requestId,
    });
    expect([reuse.status, reuse.body.code]).toEqual([409, "CONFLICT"]);
  });

  it("refuses a request for an unknown enterprise and a request by a non-bank", async () => {
    const unknown = await t.bank.post<Problem>("/v1/consent-requests", {
      uscc: t.summary.unregisteredUscc,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(5, t.now()),
    });
    expect([unknown.status, unknown.body.code]).toEqual([403, "ENTERPRISE_UNKNOWN"]);
    const enterprise = await t.enterprises[3].post<Problem>("/v1/consent-requests", {
      uscc,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(5, t.now()),
    });
    expect([enterprise.status, enterprise.body.code]).toEqual([403, "ROLE_REQUIRED"]);
  });
});

describe("offline letters", () => {
  it("keeps a letter pending, refuses queries with CONSENT_PENDING, and goes on-chain when approved", async () => {
    const submitted = await t.bank.post<{ consentId: string; status: string }>(
      "/v1/consents/offline",
      letterBody("A"),
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe("PENDING");
    const commitment = (await t.service.ctx.enterprises.get(uscc))!.commitment;
    const sha =
      "0x" +
      createHash("sha256")
        .update(Buffer.from(letter("A"), "base64"))
        .digest("hex");
    expect(submitted.body.consentId).toBe(
      await t.service.ctx.contracts.consents.offlineConsentId(commitment, t.bank.address, sha),
    );

    const again = await t.bank.post("/v1/consents/offline", letterBody("A"));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(submitted.body);

    const told = await t.enterprises[3].get<ConsentList>("/v1/consents?status=PENDING");
    expect(told.body.consents.map((c) => c.consentId)).toContain(submitted.body.consentId);

    const pending = await t.bank.post<Problem>("/v1/queries", query(submitted.body.consentId));
    expect([pending.status, pending.body.code]).toEqual([403, "CONSENT_PENDING"]);
    const elsewhere = await t.otherBank.post<Problem>(
      "/v1/queries",
      query(submitted.body.consentId),
    );
    expect(elsewhere.body.code).toBe("WRONG_BANK");

    const document = await t.operator.get<string>(
      `/v1/consents/${submitted.body.consentId}/document`,
    );
    expect(document.status).toBe(200);

    const approved = await t.operator.post<{ consentId: string; status: string; txHash: string }>(
      `/v1/consents/${submitted.body.consentId}/verification`,
      { approved: true },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe("ACTIVE");
    const onChain = await t.service.ctx.contracts.consents.getConsent(submitted.body.consentId);
    expect(onChain.documentHash).toBe(sha);
    expect(onChain.mode).toBe(1n);
    expect(onChain.approver).toBe(t.operator.address);

    const served = await t.bank.post("/v1/queries", query(submitted.body.consentId));
    expect(served.status).toBe(200);
    const view = await t.enterprises[3].get<{ status: string; mode: string }>(
      `/v1/consents/${submitted.body.consentId}`,
    );
    expect([view.body.status, view.body.mode]).toEqual(["ACTIVE", "OFFLINE"]);
  });

  it("keeps a rejection off-chain with its reason and refuses queries with CONSENT_REJECTED", async () => {
    const submitted = await t.bank.post<{ consentId: string }>(
      "/v1/consents/offline",
      letterBody("B"),
    );
    const noReason = await t.operator.post<Problem>(
      `/v1/consents/${submitted.body.consentId}/verification`,
      {
        approved: false,
      },
    );
    expect([noReason.status, noReason.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    const rejected = await t.operator.post<{ status: string }>(
      `/v1/consents/${submitted.body.consentId}/verification`,
      {
        approved: false,
        reason: "公章与登记不符",
      },
    );
    expect([rejected.status, rejected.body.status]).toEqual([200, "REJECTED"]);
    expect(
      (await t.service.ctx.contracts.consents.getConsent(submitted.body.consentId)).status,
    ).toBe(0n);

    const refused = await t.bank.post<Problem>("/v1/queries", query(submitted.body.consentId));
    expect([refused.status, refused.body.code]).toEqual([403, "CONSENT_REJECTED"]);
    const view = await t.bank.get<{ status: string; reason: string }>(
      `/v1/consents/${submitted.body.consentId}`,
    );
    expect([view.body.status, view.body.reason]).toEqual(["REJECTED", "公章与登记不符"]);
    const flip = await t.operator.post<Problem>(
      `/v1/consents/${submitted.body.consentId}/verification`,
      {
        approved: true,
      },
    );
    expect([flip.status, flip.body.code]).toEqual([409, "CONFLICT"]);
  });

  it("does not let a bank verify its own letter", async () => {
    const dual = ethers.Wallet.createRandom();
    await t.operator.post("/v1/participants", { address: dual.address, role: "BANK" });
    await t.service.ctx.senders.admin!.send((runner) =>
      t.service.ctx.contracts.ledger
        .connect(runner)
        .grantRole(ethers.id("OPERATOR_ROLE"), dual.address),
    );
    const client = t.clientFor(dual.privateKey);
    const submitted = await client.post<{ consentId: string }>(
      "/v1/consents/offline",
      letterBody("C"),
    );
    expect(submitted.status).toBe(201);
    const own = await client.post<Problem>(
      `/v1/consents/${submitted.body.consentId}/verification`,
      {
        approved: true,
      },
    );
    expect([own.status, own.body.code]).toEqual([403, "NOT_YOUR_RESOURCE"]);
    const byBank = await t.bank.post<Problem>(
      `/v1/consents/${submitted.body.consentId}/verification`,
      {
        approved: true,
      },
    );
    expect([byBank.status, byBank.body.code]).toEqual([403, "ROLE_REQUIRED"]);
  });

  it("refuses a letter that is not base64", async () => {
    const bad = await t.bank.post<Problem>(
      "/v1/consents/offline",
      letterBody("D", { document: "not base64!" }),
    );
    expect([bad.status, bad.body.code]).toEqual([400, "VALIDATION_FAILED"]);
  });
});

describe("consent lists", () => {
  it("shows the enterprise all its consents, a bank its own, a regulator everything, paginated", async () => {
    const forOther = await grantConsent(t.enterprises[3], {
      uscc,
      bank: t.otherBank.address,
      categories: ["BASIC"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(10, t.now()),
    });
    const enterprise = await t.enterprises[3].get<ConsentList>("/v1/consents?limit=500");
    const ids = enterprise.body.consents.map((c) => c.consentId);
    expect(ids).toContain(forOther);
    const banks = [...new Set(enterprise.body.consents.map((c) => c.bank))];
    expect(banks).toEqual(expect.arrayContaining([t.bank.address, t.otherBank.address]));

    const bank = await t.bank.get<ConsentList>("/v1/consents?limit=500");
    expect(bank.body.consents.every((c) => c.bank === t.bank.address)).toBe(true);
    expect(bank.body.consents.map((c) => c.consentId)).not.toContain(forOther);

    const all = await t.regulator.get<ConsentList>("/v1/consents?limit=500");
    const firstPage = await t.regulator.get<ConsentList>("/v1/consents?limit=2");
    expect(firstPage.body.consents).toHaveLength(2);
    expect(firstPage.body.next).toBeDefined();
    const secondPage = await t.regulator.get<ConsentList>(
      `/v1/consents?limit=2&cursor=${firstPage.body.next}`,
    );
    expect(secondPage.body.consents.map((c) => c.consentId)).toEqual(
      all.body.consents.slice(2, 4).map((c) => c.consentId),
    );

    const rejected = await t.regulator.get<ConsentList>("/v1/consents?status=REJECTED");
    expect(rejected.body.consents.every((c) => c.status === "REJECTED")).toBe(true);
    expect(rejected.body.consents.length).toBe(1);
  });

  it("lists a consent granted by the enterprise's own transaction, not relayed by the service", async () => {
    const { draft } = await signConsent(t.enterprises[3], {
      uscc,
      bank: t.bank.address,
      categories: ["POSITIVE"],
      purposes: ["POST_LOAN"],
      validUntil: inDays(10, t.now()),
    });
    const wallet = t.enterprises[3].wallet.connect(t.provider);
    const consents = t.service.ctx.contracts.consents.connect(wallet);
    await (await consents.grantConsent(draft.message as never, "0x")).wait();
    const id = ethers.TypedDataEncoder.hashStruct("Consent", draft.types, draft.message);
    const listed = await t.enterprises[3].get<ConsentList>("/v1/consents?limit=500");
    expect(listed.body.consents.map((c) => c.consentId)).toContain(id.toLowerCase());
  });
});
