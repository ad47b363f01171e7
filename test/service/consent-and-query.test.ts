import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { AnchorRegistry__factory } from "../../typechain-types";
import {
  RECEIPT_LEAF_TYPES,
  receiptFromJson,
  receiptLeafValues,
} from "../../ledger-service/src/receipts/receipt";
import { responseHash } from "../../ledger-service/src/receipts/response-hash";
import { type TestLedger, startTestLedger } from "./harness";
import { grantConsent, inDays, signConsent } from "./flows";

type Problem = { code: string; status: number; type: string; title: string; detail: string };

let t: TestLedger;
let uscc: string;
let otherUscc: string;

beforeAll(async () => {
  t = await startTestLedger();
  uscc = t.summary.enterprises[0].uscc;
  otherUscc = t.summary.enterprises[1].uscc;
});
afterAll(async () => {
  await t?.close();
});

function consentBody(overrides: Record<string, unknown> = {}) {
  return {
    uscc,
    bank: t.bank.address,
    categories: ["BASIC", "REGULATORY", "TAX"],
    purposes: ["PRE_LOAN"],
    validUntil: inDays(30, t.now()),
    ...overrides,
  };
}

function queryBody(consentId: string, overrides: Record<string, unknown> = {}) {
  return { uscc, categories: ["REGULATORY", "TAX"], purpose: "PRE_LOAN", consentId, ...overrides };
}

async function waitForAnchoring() {
  await t.service.ctx.anchorer.anchorPending();
}

describe("consents", () => {
  it("relays a signed consent once and answers 200 with the same id when relayed again", async () => {
    const { draft, signature, consentId } = await signConsent(t.enterprises[0], consentBody());
    expect(draft.primaryType).toBe("Consent");
    expect(draft.domain).toEqual({
      name: "CreditLedger",
      version: "1",
      chainId: 31337,
      verifyingContract: t.service.ctx.contracts.addresses.ConsentRegistry,
    });
    expect(draft.message.documentHash).toBe(ethers.keccak256(ethers.toUtf8Bytes(draft.text!)));

    const first = await t.enterprises[0].post<{
      consentId: string;
      status: string;
      txHash: string;
    }>("/v1/consents", { message: draft.message, signature });
    expect(first.status).toBe(201);
    expect(first.body.consentId).toBe(consentId.toLowerCase());
    expect(first.body.status).toBe("ACTIVE");
    expect(first.body.txHash).toMatch(/^0x[0-9a-f]{64}$/);

    const again = await t.bank.post("/v1/consents", { message: draft.message, signature });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it("reads a consent for its bank, its enterprise and a regulator, and refuses anyone else", async () => {
    const consentId = await grantConsent(t.enterprises[0], consentBody());
    for (const reader of [t.bank, t.enterprises[0], t.regulator]) {
      const read = await reader.get<Record<string, unknown>>(`/v1/consents/${consentId}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        consentId,
        status: "ACTIVE",
        inForce: true,
        bank: t.bank.address,
        categories: ["BASIC", "REGULATORY", "TAX"],
        purposes: ["PRE_LOAN"],
        mode: "ONLINE",
      });
    }
    const other = await t.otherBank.get<Problem>(`/v1/consents/${consentId}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe("NOT_YOUR_RESOURCE");
    const otherEnterprise = await t.enterprises[1].get<Problem>(`/v1/consents/${consentId}`);
    expect(otherEnterprise.body.code).toBe("NOT_YOUR_RESOURCE");
    const missing = await t.regulator.get<Problem>(`/v1/consents/0x${"ab".repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("NOT_FOUND");
  });

  it("gives drafts only to the enterprise's own signer", async () => {
    const foreign = await t.enterprises[1].post<Problem>("/v1/consents/drafts", consentBody());
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe("NOT_YOUR_RESOURCE");
    const bank = await t.bank.post<Problem>("/v1/consents/drafts", consentBody());
    expect(bank.status).toBe(403);
    expect(bank.body.code).toBe("ROLE_REQUIRED");
  });

  it("refuses a consent signed by someone other than the enterprise's bound account", async () => {
    const { draft } = await signConsent(t.enterprises[0], consentBody());
    const forged = await t.bank.wallet.signTypedData(draft.domain, draft.types, draft.message);
    const relayed = await t.bank.post<Problem>("/v1/consents", {
      message: draft.message,
      signature: forged,
    });
    expect(relayed.status).toBe(400);
    expect(relayed.body.code).toBe("VALIDATION_FAILED");
  });

  it("answers 409 CONFLICT for a consent whose nonce the enterprise cancelled on-chain", async () => {
    const { draft, signature } = await signConsent(t.enterprises[0], consentBody());
    const own = t.service.ctx.contracts.consents.connect(
      t.enterprises[0].wallet.connect(t.provider),
    );
    await (
      await own.cancelNonce(String(draft.message.enterprise), BigInt(draft.message.nonce))
    ).wait();
    const relayed = await t.enterprises[0].post<Problem & { contractError: string }>(
      "/v1/consents",
      {
        message: draft.message,
        signature,
      },
    );
    expect([relayed.status, relayed.body.code, relayed.body.contractError]).toEqual([
      409,
      "CONFLICT",
      "NonceAlreadyUsed",
    ]);
  });

  it("treats a date-only validUntil as the end of that day in China Standard Time", async () => {
    const { draft } = await signConsent(
      t.enterprises[0],
      consentBody({ validUntil: "2030-06-30" }),
    );
    expect(draft.message.validUntil).toBe(Date.parse("2030-07-01T00:00:00+08:00") / 1000);
    const fromDate = await signConsent(
      t.enterprises[0],
      consentBody({ validFrom: "2030-06-01", validUntil: "2030-06-30" }),
    );
    expect(fromDate.draft.message.validFrom).toBe(Date.parse("2030-06-01T00:00:00+08:00") / 1000);
  });
});

describe("queries", () => {
  it("serves consented data with a durable receipt that the chain anchors and the proof verifies", async () => {
    const consentId = await grantConsent(t.enterprises[0], consentBody());
    const served = await t.bank.post<{
      queryId: string;
      data: Record<string, Record<string, string | null>[]>;
      receipt: Record<string, string | number>;
    }>("/v1/queries", queryBody(consentId));
    expect(served.status).toBe(200);
    expect(Object.keys(served.body.data)).toEqual(["REGULATORY", "TAX"]);
    expect(served.body.data.REGULATORY.every((r) => r.uscc === uscc)).toBe(true);
    expect(served.body.receipt).toMatchObject({
      leafVersion: 1,
      consentId,
      bank: t.bank.address.toLowerCase(),
      categories: 4 | 32,
      purpose: 1,
      responseHash: responseHash(served.body.data),
    });

    await waitForAnchoring();
    const proof = await t.enterprises[0].get<{
      leaf: string;
      proof: string[];
      root: string;
      batchId: number;
      anchorer: string;
      receipt: Record<string, string | number>;
      chainId: number;
      ledger: string;
      txHash: string;
    }>(`/v1/queries/${served.body.queryId}/proof`);
    expect(proof.status).toBe(200);
    expect(proof.body.leaf).toBe(served.body.queryId);
    expect(proof.body.chainId).toBe(31337);

    const r = proof.body.receipt;
    const receipt = receiptFromJson(r);
    const values = receiptLeafValues(receipt);
    expect(
      StandardMerkleTree.verify(proof.body.root, [...RECEIPT_LEAF_TYPES], values, proof.body.proof),
    ).toBe(true);

    // Against the chain itself, not the service: the contract recomputes the leaf.
    const anchors = AnchorRegistry__factory.connect(
      t.service.ctx.contracts.addresses.AnchorRegistry,
      t.provider,
    );
    const onChain = await anchors.receiptBatch(proof.body.anchorer, proof.body.batchId);
    expect(onChain.root).toBe(proof.body.root);
    expect(
      await anchors.verifyReceipt(
        proof.body.anchorer,
        proof.body.batchId,
        receipt,
        proof.body.proof,
      ),
    ).toBe(true);
  });

  it("lists the query in the enterprise's access log, anchored", async () => {
    const consentId = await grantConsent(t.enterprises[0], consentBody());
    const served = await t.bank.post<{ queryId: string }>("/v1/queries", queryBody(consentId));
    await waitForAnchoring();
    const log = await t.enterprises[0].get<{ entries: Record<string, unknown>[] }>(
      `/v1/enterprises/${uscc}/access-log?limit=500`,
    );
    expect(log.status).toBe(200);
    const entry = log.body.entries.find((e) => e.queryId === served.body.queryId);
    expect(entry).toMatchObject({
      bank: t.bank.address.toLowerCase(),
      consentId,
      categories: ["REGULATORY", "TAX"],
      purpose: "PRE_LOAN",
      anchored: true,
    });
    const foreign = await t.enterprises[1].get<Problem>(`/v1/enterprises/${uscc}/access-log`);
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe("NOT_YOUR_RESOURCE");
  });

  it("refuses the next query after the consent is revoked, and revoking again answers the same", async () => {
    const consentId = await grantConsent(t.enterprises[0], consentBody());
    expect((await t.bank.post("/v1/queries", queryBody(consentId))).status).toBe(200);

    const drafted = await t.enterprises[0].post<{
      domain: ethers.TypedDataDomain;
      types: Record<string, ethers.TypedDataField[]>;
      message: Record<string, unknown>;
    }>(`/v1/consents/${consentId}/revocation/drafts`, {});
    expect(drafted.status).toBe(200);
    const signature = await t.enterprises[0].wallet.signTypedData(
      drafted.body.domain,
      drafted.body.types,
      drafted.body.message,
    );
    const revoked = await t.enterprises[0].post<{
      consentId: string;
      status: string;
      txHash: string;
    }>(`/v1/consents/${consentId}/revocation`, { message: drafted.body.message, signature });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("REVOKED");
    expect(revoked.body.txHash).toMatch(/^0x[0-9a-f]{64}$/);

    const again = await t.enterprises[0].post(`/v1/consents/${consentId}/revocation`, {
      message: drafted.body.message,
      signature,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(revoked.body);

    const refused = await t.bank.post<Problem>("/v1/queries", queryBody(consentId));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("CONSENT_REVOKED");
    expect(refused.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  });

  it("refuses in DESIGN.md's order with each code", async () => {
    const consentId = await grantConsent(t.enterprises[0], consentBody());
    const otherConsent = await grantConsent(
      t.enterprises[1],
      consentBody({ uscc: otherUscc, bank: t.otherBank.address }),
    );
    const cases: [Record<string, unknown>, string][] = [
      [queryBody(`0x${"cd".repeat(32)}`), "CONSENT_NOT_FOUND"],
      [queryBody(otherConsent), "WRONG_BANK"],
      [queryBody(consentId, { purpose: "POST_LOAN" }), "PURPOSE_NOT_ALLOWED"],
      [queryBody(consentId, { categories: ["JUDICIAL"] }), "SCOPE_EXCEEDED"],
    ];
    for (const [body, code] of cases) {
      const refused = await t.bank.post<Problem>("/v1/queries", body);
      expect([refused.status, refused.body.code]).toEqual([403, code]);
    }
    const mismatch = await t.otherBank.post<Problem>("/v1/queries", queryBody(otherConsent));
    expect(mismatch.body.code).toBe("ENTERPRISE_MISMATCH");

    const notRegistered = t.summary.unregisteredUscc;
    const unknown = await t.bank.post<Problem>(
      "/v1/queries",
      queryBody(consentId, { uscc: notRegistered }),
    );
    expect([unknown.status, unknown.body.code]).toEqual([403, "ENTERPRISE_UNKNOWN"]);

    const invalid = await t.bank.post<Problem>(
      "/v1/queries",
      queryBody(consentId, { uscc: "91350100M000100Y44" }),
    );
    expect([invalid.status, invalid.body.code]).toEqual([400, "INVALID_USCC"]);
  });

  it("refuses before validFrom and from validUntil on, by the chain's and the service's clocks", async () => {
    const start = t.now() + 3600_000;
    const consentId = await grantConsent(
      t.enterprises[0],
      consentBody({
        validFrom: new Date(start).toISOString(),
        validUntil: new Date(start + 7200_000).toISOString(),
      }),
    );
    const early = await t.bank.post<Problem>("/v1/queries", queryBody(consentId));
    expect(early.body.code).toBe("CONSENT_NOT_YET_VALID");
    await t.advanceTime(3700);
    expect((await t.bank.post("/v1/queries", queryBody(consentId))).status).toBe(200);
    await waitForAnchoring();
    await t.advanceTime(7200);
    const late = await t.bank.post<Problem>("/v1/queries", queryBody(consentId));
    expect(late.body.code).toBe("CONSENT_EXPIRED");
  });

  it("keeps each refusal for regulators with who, what and the code", async () => {
    const before = t.service.ctx.refusals;
    const page = await before.list(undefined, 500);
    const codes = page.entries.map((r) => r.code);
    expect(codes).toContain("CONSENT_REVOKED");
    const revoked = page.entries.find((r) => r.code === "CONSENT_REVOKED")!;
    expect(revoked.signer).toBe(t.bank.address.toLowerCase());
    expect(revoked.categories).toEqual(["REGULATORY", "TAX"]);
  });
});

describe("integrity", () => {
  it("answers ok with every receipt anchored and no gaps", async () => {
    await waitForAnchoring();
    const report = await t.regulator.get<{
      ok: boolean;
      receipts: number;
      pending: number;
      gaps: unknown[];
      mismatches: unknown[];
    }>("/v1/audit/integrity");
    expect(report.status).toBe(200);
    expect(report.body.ok).toBe(true);
    expect(report.body.receipts).toBe(t.service.ctx.receipts.lastDurableSeq);
    expect(report.body.pending).toBe(0);
    expect(report.body.gaps).toEqual([]);
    expect(report.body.mismatches).toEqual([]);
    const bank = await t.bank.get<Problem>("/v1/audit/integrity");
    expect(bank.body.code).toBe("ROLE_REQUIRED");
  });
});

describe("logs", () => {
  it("never carry credit data or keys", async () => {
    const records = await t.regulator.get<{ records: { fields: Record<string, string | null> }[] }>(
      `/v1/enterprises/${uscc}/records?category=REGULATORY`,
    );
    expect(records.status).toBe(200);
    const facts = records.body.records
      .map((r) => r.fields.facts)
      .filter((f): f is string => !!f && f.length > 8);
    expect(facts.length).toBeGreaterThan(0);
    const all = t.logs.join("");
    for (const fact of facts) expect(all.includes(fact)).toBe(false);
    expect(all.includes("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")).toBe(
      false,
    );
    expect(all).toContain('"event":"query.served"');
  });
});
