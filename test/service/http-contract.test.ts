import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signRequest } from "../../ledger-service/src/signing/sign-request";
import { enterpriseCommitment } from "../../ledger-service/src/receipts/commitment";
import { type TestLedger, startTestLedger } from "./harness";

type Problem = { code: string; status: number; type: string; title: string; detail: string };

let t: TestLedger;

beforeAll(async () => {
  t = await startTestLedger({ sampleEnterprises: 10 });
});
afterAll(async () => {
  await t?.close();
});

async function rawPost(target: string, headers: Record<string, string>, body = "{}") {
  const response = await fetch(`${t.url}${target}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Problem,
    headers: response.headers,
  };
}

function signedHeaders(
  overrides: Partial<Parameters<typeof signRequest>[1]> = {},
  key = t.bank.wallet,
) {
  return signRequest(key, {
    chainId: 31337,
    ledger: t.service.ctx.contracts.addresses.CreditLedger,
    method: "POST",
    target: "/v1/queries",
    body: "{}",
    timestamp: t.now(),
    ...overrides,
  }) as unknown as Record<string, string>;
}

describe("health and OpenAPI", () => {
  it("answers chain id, block number, ledger and every contract without a signature", async () => {
    const response = await fetch(`${t.url}/v1/health`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body.chainId).toBe(31337);
    expect(typeof body.blockNumber).toBe("number");
    expect(body.ledger).toBe(t.service.ctx.contracts.addresses.CreditLedger);
    expect(Object.keys(body.contracts as object)).toEqual([
      "CreditLedger",
      "ConsentRegistry",
      "AnchorRegistry",
      "OutcomeRegistry",
    ]);
    expect(body.chainReachable).toBe(true);
  });

  it("serves an OpenAPI 3.1 document with the published EIP-712 types", async () => {
    const response = await fetch(`${t.url}/v1/openapi.json`);
    const doc = (await response.json()) as {
      openapi: string;
      paths: object;
      "x-eip712": { types: object };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/v1/health",
        "/v1/openapi.json",
        "/v1/participants",
        "/v1/records:import",
        "/v1/enterprises/{uscc}/records",
        "/v1/enterprises/{uscc}/access-log",
        "/v1/enterprises/{uscc}/salt",
        "/v1/consent-requests",
        "/v1/consents/drafts",
        "/v1/consents",
        "/v1/consents/offline",
        "/v1/consents/{id}",
        "/v1/consents/{id}/document",
        "/v1/consents/{id}/verification",
        "/v1/consents/{id}/revocation/drafts",
        "/v1/consents/{id}/revocation",
        "/v1/queries",
        "/v1/queries/{id}/proof",
        "/v1/outcomes/drafts",
        "/v1/outcomes",
        "/v1/outcomes/{id}",
        "/v1/outcomes/{id}/repayment/drafts",
        "/v1/outcomes/{id}/repayment",
        "/v1/audit/consents",
        "/v1/audit/queries",
        "/v1/audit/refusals",
        "/v1/audit/outcomes",
        "/v1/audit/integrity",
      ].sort(),
    );
    expect(Object.keys(doc["x-eip712"].types)).toEqual([
      "Consent",
      "Revocation",
      "Outcome",
      "Repayment",
    ]);
  });
});

describe("request signing", () => {
  it("answers 400 VALIDATION_FAILED when a signing header is missing", async () => {
    const headers = signedHeaders();
    delete headers["x-nonce"];
    const response = await rawPost("/v1/queries", headers);
    expect([response.status, response.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(response.body.type).toBe("urn:credit-ledger:problem:validation-failed");
  });

  it("answers 401 TIMESTAMP_STALE outside five minutes, before looking at the signature", async () => {
    const headers = signedHeaders({ timestamp: t.now() - 5 * 60_000 - 5_000 });
    headers["x-signature"] = signedHeaders()["x-signature"];
    const response = await rawPost("/v1/queries", headers);
    expect([response.status, response.body.code]).toEqual([401, "TIMESTAMP_STALE"]);
  });

  it("answers 401 TIMESTAMP_STALE for a request signed before the service started", async () => {
    const headers = signedHeaders({ timestamp: t.service.ctx.startedAtMs - 1000 });
    const response = await rawPost("/v1/queries", headers);
    expect([response.status, response.body.code]).toEqual([401, "TIMESTAMP_STALE"]);
  });

  it("answers 401 SIGNATURE_INVALID for a signature over another body", async () => {
    const headers = signedHeaders({ body: '{"other":1}' });
    const response = await rawPost("/v1/queries", headers);
    expect([response.status, response.body.code]).toEqual([401, "SIGNATURE_INVALID"]);
  });

  it("answers 401 SIGNATURE_INVALID for a request signed for another deployment", async () => {
    const headers = signedHeaders({ ledger: ethers.Wallet.createRandom().address });
    const response = await rawPost("/v1/queries", headers);
    expect([response.status, response.body.code]).toEqual([401, "SIGNATURE_INVALID"]);
  });

  it("answers 401 NONCE_REUSED for a replay, and a refused request does not use up its nonce", async () => {
    const nonce = "ab".repeat(16);
    const bad = signedHeaders({ nonce, body: "tampered" });
    expect((await rawPost("/v1/queries", bad)).body.code).toBe("SIGNATURE_INVALID");
    const good = signedHeaders({ nonce });
    const first = await rawPost("/v1/queries", good);
    expect(first.body.code).toBe("VALIDATION_FAILED"); // authenticated; the empty body fails
    const replay = await rawPost("/v1/queries", good);
    expect([replay.status, replay.body.code]).toEqual([401, "NONCE_REUSED"]);
  });

  it("answers 403 ROLE_REQUIRED when the signer lacks the call's role", async () => {
    const headers = signedHeaders({}, t.enterprises[0].wallet);
    const response = await rawPost("/v1/queries", headers);
    expect([response.status, response.body.code]).toEqual([403, "ROLE_REQUIRED"]);
    const stranger = signedHeaders({}, ethers.Wallet.createRandom());
    expect((await rawPost("/v1/queries", stranger)).body.code).toBe("ROLE_REQUIRED");
  });

  it("answers 404 NOT_FOUND as problem details for an unknown route", async () => {
    const response = await t.bank.get<Problem>("/v1/nothing-here");
    expect([response.status, response.body.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("answers 400 MALFORMED_BODY for broken JSON and 415 for a body of another type", async () => {
    const broken = await t.bank.request<Problem>("POST", "/v1/queries", "{not json", {
      contentType: "application/json",
    });
    expect([broken.status, broken.body.code]).toEqual([400, "MALFORMED_BODY"]);
    const text = await t.bank.request<Problem>("POST", "/v1/queries", "uscc=1", {
      contentType: "text/plain",
    });
    expect([text.status, text.body.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
  });
});

describe("participants", () => {
  it("lets the operator register a bank (201, then 200) and nobody else", async () => {
    const address = ethers.Wallet.createRandom().address;
    const first = await t.operator.post("/v1/participants", { address, role: "BANK" });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ address, role: "BANK" });
    const again = await t.operator.post("/v1/participants", { address, role: "BANK" });
    expect(again.status).toBe(200);
    const byBank = await t.bank.post<Problem>("/v1/participants", { address, role: "BANK" });
    expect([byBank.status, byBank.body.code]).toEqual([403, "ROLE_REQUIRED"]);
  });

  it("registers an enterprise with a salted commitment and refuses a second account for it", async () => {
    const wallet = ethers.Wallet.createRandom();
    const uscc = t.summary.unregisteredUscc;
    const created = await t.operator.post("/v1/participants", {
      address: wallet.address,
      role: "ENTERPRISE",
      uscc: uscc.toLowerCase(),
      name: "测试企业",
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ address: wallet.address, role: "ENTERPRISE", uscc });
    const entry = await t.service.ctx.enterprises.get(uscc);
    expect(entry?.commitment).toBe(enterpriseCommitment(uscc, entry!.salt));
    expect(await t.service.ctx.contracts.ledger.enterpriseAccount(entry!.commitment)).toBe(
      wallet.address,
    );

    const second = await t.operator.post<Problem>("/v1/participants", {
      address: ethers.Wallet.createRandom().address,
      role: "ENTERPRISE",
      uscc,
      name: "测试企业",
    });
    expect([second.status, second.body.code]).toEqual([409, "CONFLICT"]);
  });

  it("rejects an invalid USCC with the reason", async () => {
    const response = await t.operator.post<Problem>("/v1/participants", {
      address: ethers.Wallet.createRandom().address,
      role: "ENTERPRISE",
      uscc: "91350100M000100Y4I",
      name: "x",
    });
    expect([response.status, response.body.code]).toEqual([400, "INVALID_USCC"]);
  });
});

describe("enterprise salt", () => {
  it("gives the salt to the enterprise itself and regulators only", async () => {
    const { uscc } = t.summary.enterprises[0];
    const own = await t.enterprises[0].get<{ salt: string; commitment: string }>(
      `/v1/enterprises/${uscc}/salt`,
    );
    expect(own.status).toBe(200);
    expect(own.body.commitment).toBe(enterpriseCommitment(uscc, own.body.salt));
    const regulator = await t.regulator.get(`/v1/enterprises/${uscc}/salt`);
    expect(regulator.body).toEqual(own.body);
    const other = await t.enterprises[1].get<Problem>(`/v1/enterprises/${uscc}/salt`);
    expect([other.status, other.body.code]).toEqual([403, "NOT_YOUR_RESOURCE"]);
    const bank = await t.bank.get<Problem>(`/v1/enterprises/${uscc}/salt`);
    expect([bank.status, bank.body.code]).toEqual([403, "ROLE_REQUIRED"]);
  });
});
