import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type TestLedger, startTestLedger } from "./harness";
import { grantConsent, inDays } from "./flows";

type Problem = { code: string; status: number };

let t: TestLedger;
let usccA: string;
let usccB: string;
let consentA: string;
let consentB: string;

beforeAll(async () => {
  t = await startTestLedger({ sampleEnterprises: 10 });
  usccA = t.summary.enterprises[0].uscc;
  usccB = t.summary.enterprises[1].uscc;
  consentA = await grantConsent(t.enterprises[0], {
    uscc: usccA,
    bank: t.bank.address,
    categories: ["TAX"],
    purposes: ["PRE_LOAN"],
    validUntil: inDays(10, t.now()),
  });
  consentB = await grantConsent(t.enterprises[1], {
    uscc: usccB,
    bank: t.otherBank.address,
    categories: ["TAX"],
    purposes: ["PRE_LOAN"],
    validUntil: inDays(10, t.now()),
  });
  for (let i = 0; i < 3; i++) {
    await t.bank.post("/v1/queries", {
      uscc: usccA,
      categories: ["TAX"],
      purpose: "PRE_LOAN",
      consentId: consentA,
    });
  }
  await t.otherBank.post("/v1/queries", {
    uscc: usccB,
    categories: ["TAX"],
    purpose: "PRE_LOAN",
    consentId: consentB,
  });
  await t.bank.post("/v1/queries", {
    uscc: usccB,
    categories: ["TAX"],
    purpose: "PRE_LOAN",
    consentId: consentB,
  });
  await t.bank.post("/v1/queries", {
    uscc: usccA,
    categories: ["BASIC"],
    purpose: "PRE_LOAN",
    consentId: consentA,
  });
});
afterAll(async () => {
  await t?.close();
});

describe("the regulator's listings", () => {
  it("lists queries filtered by bank and by enterprise, paginated", async () => {
    type Page = { queries: { queryId: string; bank: string; consentId: string }[]; next?: string };
    const byBank = await t.regulator.get<Page>(`/v1/audit/queries?bank=${t.bank.address}`);
    expect(byBank.status).toBe(200);
    expect(byBank.body.queries).toHaveLength(3);
    expect(byBank.body.queries.every((q) => q.consentId === consentA)).toBe(true);
    const byEnterprise = await t.regulator.get<Page>(`/v1/audit/queries?uscc=${usccB}`);
    expect(byEnterprise.body.queries.map((q) => q.bank)).toEqual([
      t.otherBank.address.toLowerCase(),
    ]);
    const first = await t.regulator.get<Page>("/v1/audit/queries?limit=2");
    expect(first.body.queries).toHaveLength(2);
    const rest = await t.regulator.get<Page>(`/v1/audit/queries?limit=2&cursor=${first.body.next}`);
    expect(rest.body.queries).toHaveLength(2);
    expect(rest.body.next).toBeUndefined();
    const future = await t.regulator.get<Page>(`/v1/audit/queries?from=${inDays(1, t.now())}`);
    expect(future.body.queries).toHaveLength(0);
  });

  it("lists refusals with who, what and the code", async () => {
    type Page = {
      refusals: {
        signer: string;
        code: string;
        consentId: string;
        categories: string[];
        enterprise: string;
      }[];
    };
    const all = await t.regulator.get<Page>("/v1/audit/refusals");
    expect(all.body.refusals.map((r) => r.code)).toEqual(["WRONG_BANK", "SCOPE_EXCEEDED"]);
    expect(all.body.refusals[0]).toMatchObject({
      signer: t.bank.address.toLowerCase(),
      consentId: consentB,
      categories: ["TAX"],
      enterprise: (await t.service.ctx.enterprises.get(usccB))!.commitment,
    });
    const scope = await t.regulator.get<Page>("/v1/audit/refusals?code=SCOPE_EXCEEDED");
    expect(scope.body.refusals).toHaveLength(1);
    const otherBank = await t.regulator.get<Page>(`/v1/audit/refusals?bank=${t.otherBank.address}`);
    expect(otherBank.body.refusals).toHaveLength(0);
  });

  it("lists consents filtered by bank and enterprise", async () => {
    type Page = { consents: { consentId: string }[] };
    const byBank = await t.regulator.get<Page>(`/v1/audit/consents?bank=${t.otherBank.address}`);
    expect(byBank.body.consents.map((c) => c.consentId)).toEqual([consentB]);
    const byEnterprise = await t.regulator.get<Page>(`/v1/audit/consents?uscc=${usccA}`);
    expect(byEnterprise.body.consents.map((c) => c.consentId)).toEqual([consentA]);
    const revoked = await t.regulator.get<Page>("/v1/audit/consents?status=REVOKED");
    expect(revoked.body.consents).toEqual([]);
    const bad = await t.regulator.get<Problem>("/v1/audit/consents?status=GONE");
    expect([bad.status, bad.body.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("is for regulators only", async () => {
    for (const path of ["/v1/audit/queries", "/v1/audit/refusals", "/v1/audit/consents"]) {
      const response = await t.bank.get<Problem>(path);
      expect([response.status, response.body.code]).toEqual([403, "ROLE_REQUIRED"]);
    }
  });
});
