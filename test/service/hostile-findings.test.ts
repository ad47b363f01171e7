/**
 * Regressions from a hostile review: each test pins a fix.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { ethers } from "ethers";
import hre from "hardhat";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { AnchorRegistry__factory } from "../../typechain-types";
import { DEV_KEYS } from "../../ledger-service/src/config";
import { setupDevLedger } from "../../ledger-service/src/dev/dev-setup";
import { startLedgerService } from "../../ledger-service/src/ledger-service";
import { receiptFromJson } from "../../ledger-service/src/receipts/receipt";
import { signRequest } from "../../ledger-service/src/signing/sign-request";
import { type TestLedger, startTestLedger, testConfig } from "./harness";
import { grantConsent, inDays, signConsent } from "./flows";

type Problem = { code: string; status: number };

let t: TestLedger;
let usccA: string;
let usccB: string;

beforeAll(async () => {
  t = await startTestLedger({ sampleEnterprises: 10 });
  usccA = t.summary.enterprises[0].uscc;
  usccB = t.summary.enterprises[1].uscc;
});
afterAll(async () => {
  await t?.close();
});

describe("hostile review findings", () => {
  it("lists and reads a consent whose validUntil is beyond what a Date holds", async () => {
    const { draft } = await signConsent(t.enterprises[0], {
      uscc: usccA,
      bank: t.bank.address,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(5, t.now()),
    });
    const message = { ...draft.message, validUntil: (2n ** 64n - 1n).toString() };
    const own = t.service.ctx.contracts.consents.connect(
      t.enterprises[0].wallet.connect(t.provider),
    );
    await (await own.grantConsent(message as never, "0x")).wait();
    const id = ethers.TypedDataEncoder.hashStruct("Consent", draft.types, message).toLowerCase();

    const one = await t.bank.get<{ validUntil: string }>(`/v1/consents/${id}`);
    expect([one.status, one.body.validUntil]).toEqual([200, "+275760-09-13T00:00:00.000Z"]);
    const list = await t.enterprises[0].get<{ consents: { consentId: string }[] }>(
      "/v1/consents?limit=500",
    );
    expect(list.status).toBe(200);
    expect(list.body.consents.map((c) => c.consentId)).toContain(id);

    const relayed = await t.bank.post<Problem>("/v1/consents", {
      message,
      signature: "0x" + "11".repeat(65),
    });
    expect([relayed.status, relayed.body.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("does not let another enterprise's consent answer a request by copying its document hash", async () => {
    const asked = await t.bank.post<{ requestId: string }>("/v1/consent-requests", {
      uscc: usccA,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(10, t.now()),
    });
    const { draft } = await signConsent(t.enterprises[0], {
      uscc: usccA,
      bank: t.bank.address,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(10, t.now()),
      requestId: asked.body.requestId,
    });
    const hijack = await signConsent(t.enterprises[1], {
      uscc: usccB,
      bank: t.bank.address,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(10, t.now()),
    });
    const message = { ...hijack.draft.message, documentHash: draft.message.documentHash };
    const signature = await t.enterprises[1].wallet.signTypedData(
      hijack.draft.domain,
      hijack.draft.types,
      message,
    );
    expect((await t.enterprises[1].post("/v1/consents", { message, signature })).status).toBe(201);

    const requests = await t.bank.get<{ requests: { requestId: string; status: string }[] }>(
      "/v1/consent-requests",
    );
    expect(requests.body.requests.find((r) => r.requestId === asked.body.requestId)?.status).toBe(
      "OPEN",
    );
  });

  it("refuses times that would roll over or fall outside 1970 to 9999", async () => {
    for (const [field, value] of [
      ["validUntil", "2027-02-30T00:00:00+08:00"],
      ["validUntil", "2027-01-01T24:00:00+08:00"],
      ["validFrom", "1969-12-31"],
      ["validUntil", "10000-01-01"],
    ] as const) {
      const response = await t.enterprises[0].post<Problem & { errors: { field: string }[] }>(
        "/v1/consents/drafts",
        {
          uscc: usccA,
          bank: t.bank.address,
          categories: ["TAX"],
          purposes: ["PRE_LOAN"],
          validUntil: inDays(10, t.now()),
          [field]: value,
        },
      );
      expect([response.status, response.body.code, response.body.errors?.[0]?.field]).toEqual([
        400,
        "VALIDATION_FAILED",
        field,
      ]);
    }
  });

  it("answers ENTERPRISE_UNKNOWN for an enterprise whose binding never happened", async () => {
    const uscc = t.summary.unregisteredUscc;
    const refused = await t.operator.post<Problem>("/v1/participants", {
      address: t.enterprises[0].address,
      role: "ENTERPRISE",
      uscc,
      name: "未绑定企业",
    });
    expect([refused.status, refused.body.code]).toEqual([409, "CONFLICT"]);
    const query = await t.bank.post<Problem>("/v1/queries", {
      uscc,
      categories: ["TAX"],
      purpose: "PRE_LOAN",
      consentId: `0x${"12".repeat(32)}`,
    });
    expect([query.status, query.body.code]).toEqual([403, "ENTERPRISE_UNKNOWN"]);
  });

  it("refuses a body sent with Content-Encoding, since the signature covers the body as sent", async () => {
    const response = await t.bank.request<Problem>("POST", "/v1/queries", "{}", {
      contentType: "application/json",
      headers: { "content-encoding": "gzip" },
    });
    expect([response.status, response.body.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
  });

  it("forgets batches a chain rollback removed, and anchors the receipts again with valid proofs", async () => {
    const consentId = await grantConsent(t.enterprises[0], {
      uscc: usccA,
      bank: t.bank.address,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(10, t.now()),
    });
    await t.service.ctx.anchorer.anchorPending();
    const snapshot = await hre.network.provider.send("evm_snapshot", []);
    const served = await t.bank.post<{ queryId: string }>("/v1/queries", {
      uscc: usccA,
      categories: ["TAX"],
      purpose: "PRE_LOAN",
      consentId,
    });
    expect(served.status).toBe(200);
    await t.service.ctx.anchorer.anchorPending();
    expect((await t.regulator.get(`/v1/queries/${served.body.queryId}/proof`)).status).toBe(200);

    await hre.network.provider.send("evm_revert", [snapshot]);
    const afterRollback = await t.regulator.get<{ ok: boolean; pending: number }>(
      "/v1/audit/integrity",
    );
    expect([afterRollback.body.ok, afterRollback.body.pending]).toEqual([true, 1]);
    // Until it is anchored again (the anchorer may already have), its proof is pending.
    expect([200, 202]).toContain(
      (await t.regulator.get(`/v1/queries/${served.body.queryId}/proof`)).status,
    );

    await t.service.ctx.anchorer.anchorPending();
    const proof = await t.regulator.get<{
      anchorer: string;
      batchId: number;
      receipt: Record<string, string | number>;
      proof: string[];
    }>(`/v1/queries/${served.body.queryId}/proof`);
    expect(proof.status).toBe(200);
    const anchors = AnchorRegistry__factory.connect(
      t.service.ctx.contracts.addresses.AnchorRegistry,
      t.provider,
    );
    const r = proof.body.receipt;
    const receipt = receiptFromJson(r);
    expect(
      await anchors.verifyReceipt(
        proof.body.anchorer,
        proof.body.batchId,
        receipt,
        proof.body.proof,
      ),
    ).toBe(true);
    const report = await t.regulator.get<{ ok: boolean; mismatches: unknown[] }>(
      "/v1/audit/integrity",
    );
    expect([report.body.ok, report.body.mismatches]).toEqual([true, []]);
  });
});

describe("a restart", () => {
  it("refuses a request replayed after it, even one signed with a future timestamp", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "ledger-restart-"));
    const config = testConfig(dataDir, { sampleEnterprises: 6 });
    const start = () =>
      startLedgerService(config, {
        provider: hre.ethers.provider,
        rpcUrl: "in-process",
        embedded: false,
        logger: pino({ level: "silent" }),
      });
    try {
      const first = await start();
      const summary = await setupDevLedger(first.url, {
        loadSampleData: false,
        seed: 1,
        enterpriseCount: 6,
      });
      const target = `/v1/enterprises/${summary.enterprises[0].uscc}/salt`;
      const headers = signRequest(new ethers.Wallet(DEV_KEYS[1]), {
        chainId: 31337,
        ledger: first.ctx.contracts.addresses.CreditLedger,
        method: "GET",
        target,
        timestamp: Date.now() + 240_000,
      }) as unknown as Record<string, string>;
      expect((await fetch(`${first.url}${target}`, { headers })).status).toBe(200);
      await first.close();

      const second = await start();
      try {
        expect(second.ctx.contracts.addresses.CreditLedger).toBe(
          first.ctx.contracts.addresses.CreditLedger,
        );
        const replay = await fetch(`${second.url}${target}`, { headers });
        expect(replay.status).toBe(401);
        expect(((await replay.json()) as Problem).code).toBe("NONCE_REUSED");
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("second hostile review findings", () => {
  const letter = (text: string) => Buffer.from(`%PDF-1.4 ${text}`).toString("base64");
  const letterBody = (text: string, overrides: Record<string, unknown> = {}) => ({
    uscc: usccA,
    categories: ["TAX"],
    purposes: ["IN_LOAN"],
    validUntil: inDays(30, t.now()),
    document: letter(text),
    ...overrides,
  });

  it("lets exactly one of two racing opposite decisions on a letter win", async () => {
    const { body } = await t.bank.post<{ consentId: string }>(
      "/v1/consents/offline",
      letterBody("race"),
    );
    const path = `/v1/consents/${body.consentId}/verification`;
    const answers = await Promise.all([
      t.operator.post<Problem & { status: string }>(path, { approved: true }),
      t.operator.post<Problem & { status: string }>(path, { approved: false, reason: "forged" }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  });

  it("refuses the same letter resubmitted with other terms", async () => {
    expect((await t.bank.post("/v1/consents/offline", letterBody("terms"))).status).toBe(201);
    const broader = await t.bank.post<Problem>(
      "/v1/consents/offline",
      letterBody("terms", { categories: ["TAX", "JUDICIAL"] }),
    );
    expect([broader.status, broader.body.code]).toEqual([409, "CONFLICT"]);
  });

  it("approves again a letter whose approval a rollback removed, and the check flags it meanwhile", async () => {
    const { body } = await t.bank.post<{ consentId: string }>(
      "/v1/consents/offline",
      letterBody("rollback"),
    );
    const snapshot = await hre.network.provider.send("evm_snapshot", []);
    const path = `/v1/consents/${body.consentId}/verification`;
    expect((await t.operator.post(path, { approved: true })).status).toBe(200);
    await hre.network.provider.send("evm_revert", [snapshot]);

    const report = await t.regulator.get<{ ok: boolean; mismatches: { kind: string }[] }>(
      "/v1/audit/integrity",
    );
    expect(report.body.ok).toBe(false);
    expect(report.body.mismatches.map((m) => m.kind)).toContain("OFFLINE_LETTER");

    const again = await t.operator.post<{ status: string }>(path, { approved: true });
    expect([again.status, again.body.status]).toEqual([200, "ACTIVE"]);
    expect((await t.service.ctx.contracts.consents.getConsent(body.consentId)).status).toBe(1n);
  });

  it("refuses JSON imports that are not UTF-8", async () => {
    const gbk = Buffer.concat([
      Buffer.from('{"category":"TAX","records":[{"name":"'),
      Buffer.from([0xc6, 0xf3, 0xd2, 0xb5]),
      Buffer.from(`","uscc":"${usccA}","period":"2026-10","taxType":"VAT","paidFen":"1"}]}`),
    ]);
    const invalid = await t.provider_.post<Problem>("/v1/records:import", gbk, {
      contentType: "application/json",
    });
    expect([invalid.status, invalid.body.code]).toEqual([400, "MALFORMED_BODY"]);
    const declared = await t.provider_.post<Problem>("/v1/records:import", gbk, {
      contentType: "application/json; charset=gbk",
    });
    expect([declared.status, declared.body.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
  });

  it("narrows a consent list to nothing when a filter is outside the caller's scope", async () => {
    const other = await t.otherBank.get<{ consents: unknown[] }>(
      `/v1/consents?bank=${t.bank.address}`,
    );
    expect([other.status, other.body.consents]).toEqual([200, []]);
    const enterprise = await t.enterprises[1].get<{ consents: unknown[] }>(
      `/v1/consents?uscc=${usccA}`,
    );
    expect(enterprise.body.consents).toEqual([]);
  });
});
