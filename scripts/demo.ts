/**
 * `npm run demo`: walks the product loop against a running service (`npm start`), printing
 * each step. The proof is checked against the chain through its JSON-RPC, not the service.
 *
 *   DEMO_URL   the service (default http://127.0.0.1:8080)
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ethers } from "ethers";

import { LedgerClient } from "../ledger-service/src/client/ledger-client";
import { DEFAULT_SAMPLE_SEED } from "../ledger-service/src/config";
import { DEV_ACCOUNTS } from "../ledger-service/src/dev/dev-setup";
import { generateSampleData } from "../ledger-service/src/sample";
import {
  RECEIPT_LEAF_TYPES,
  receiptFromJson,
  receiptLeafValues,
} from "../ledger-service/src/receipts/receipt";
import { responseHash } from "../ledger-service/src/receipts/response-hash";
import { AnchorRegistry__factory } from "../typechain-types";

const baseUrl = process.env.DEMO_URL ?? "http://127.0.0.1:8080";
let step = 0;

function show(title: string, detail: Record<string, unknown> = {}) {
  step++;
  console.log(`\n[${step}] ${title}`);
  for (const [key, value] of Object.entries(detail)) {
    console.log(
      `    ${key.padEnd(14)} ${typeof value === "string" ? value : JSON.stringify(value)}`,
    );
  }
}

function expectStatus(what: string, actual: { status: number; body: unknown }, expected: number) {
  if (actual.status !== expected) {
    throw new Error(
      `${what}: expected ${expected}, got ${actual.status} ${JSON.stringify(actual.body)}`,
    );
  }
}

type Typed = {
  domain: ethers.TypedDataDomain;
  types: Record<string, ethers.TypedDataField[]>;
  message: Record<string, unknown>;
};

async function main() {
  const health = (await (await fetch(`${baseUrl}/v1/health`)).json()) as {
    chainId: number;
    ledger: string;
    rpcUrl: string;
    contracts: Record<string, string>;
  };
  show("Service and chain", {
    chainId: health.chainId,
    ledger: health.ledger,
    rpcUrl: health.rpcUrl,
  });

  const enterprise = await LedgerClient.connect(
    baseUrl,
    new ethers.Wallet(DEV_ACCOUNTS.enterprises[0]),
  );
  const bank = await LedgerClient.connect(baseUrl, new ethers.Wallet(DEV_ACCOUNTS.banks[0]));
  const regulator = await LedgerClient.connect(baseUrl, new ethers.Wallet(DEV_ACCOUNTS.regulator));

  const [uscc] = sampleUsccs();

  const draft = await enterprise.post<Typed & { text: string }>("/v1/consents/drafts", {
    uscc,
    bank: bank.address,
    categories: ["BASIC", "REGULATORY", "TAX", "UTILITIES"],
    purposes: ["PRE_LOAN"],
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  expectStatus("consent draft", draft, 200);
  const signature = await enterprise.wallet.signTypedData(
    draft.body.domain,
    draft.body.types,
    draft.body.message,
  );
  const relayed = await enterprise.post<{ consentId: string; txHash: string }>("/v1/consents", {
    message: draft.body.message,
    signature,
  });
  expectStatus("consent relay", relayed, 201);
  const { consentId } = relayed.body;
  show("Enterprise signed a consent (EIP-712); the service relayed it with the OPERATOR key", {
    enterprise: enterprise.address,
    uscc,
    bank: bank.address,
    consentId,
    txHash: relayed.body.txHash,
  });

  const query = {
    uscc,
    categories: ["REGULATORY", "TAX", "UTILITIES"],
    purpose: "PRE_LOAN",
    consentId,
  };
  const served = await bank.post<{
    queryId: string;
    data: Record<string, unknown[]>;
    receipt: Record<string, string | number>;
  }>("/v1/queries", query);
  expectStatus("query", served, 200);
  show("Bank queried under the consent", {
    queryId: served.body.queryId,
    records: Object.fromEntries(
      Object.entries(served.body.data).map(([c, rows]) => [c, rows.length]),
    ),
    receiptSeq: served.body.receipt.seq,
  });

  let proof;
  for (let i = 0; i < 30; i++) {
    proof = await bank.get<Record<string, unknown>>(`/v1/queries/${served.body.queryId}/proof`);
    if (proof.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expectStatus("proof", proof!, 200);
  const p = proof!.body as {
    receipt: Record<string, string | number>;
    proof: string[];
    root: string;
    batchId: number;
    anchorer: string;
    txHash: string;
    blockNumber: number;
  };
  show("Receipt anchored in a Merkle batch", {
    batchId: p.batchId,
    root: p.root,
    txHash: p.txHash,
    block: p.blockNumber,
  });

  // Verify against the chain through its own JSON-RPC, trusting nothing the service says.
  const chain = new ethers.JsonRpcProvider(health.rpcUrl, undefined, { staticNetwork: true });
  const anchors = AnchorRegistry__factory.connect(health.contracts.AnchorRegistry, chain);
  const onChain = await anchors.receiptBatch(p.anchorer, p.batchId);
  const r = p.receipt;
  const receipt = receiptFromJson(r);
  const values = receiptLeafValues(receipt);
  const inTree = StandardMerkleTree.verify(onChain.root, [...RECEIPT_LEAF_TYPES], values, p.proof);
  const contractSays = await anchors.verifyReceipt(p.anchorer, p.batchId, receipt, p.proof);
  const bankSigned =
    ethers.recoverAddress(String(r.requestHash), String(r.bankSignature)) === bank.address;
  const dataMatches = responseHash(served.body.data) === r.responseHash;
  if (!inTree || !contractSays || !bankSigned || !dataMatches)
    throw new Error("the proof did not verify");
  show("Proof checked against the chain's JSON-RPC (not the service)", {
    rootOnChain: onChain.root,
    merkleProof: "valid (StandardMerkleTree.verify)",
    contract: "AnchorRegistry.verifyReceipt = true",
    bankSignature: `recovers to ${bank.address}`,
    responseHash: "equals SHA-256 of the canonical data received",
  });

  const log = await enterprise.get<{ entries: Record<string, unknown>[] }>(
    `/v1/enterprises/${uscc}/access-log?limit=5`,
  );
  expectStatus("access log", log, 200);
  show("Enterprise reads who read its data", {
    entries: log.body.entries.length,
    latest: log.body.entries.at(-1),
  });

  const revDraft = await enterprise.post<Typed>(`/v1/consents/${consentId}/revocation/drafts`, {});
  expectStatus("revocation draft", revDraft, 200);
  const revSignature = await enterprise.wallet.signTypedData(
    revDraft.body.domain,
    revDraft.body.types,
    revDraft.body.message,
  );
  const revoked = await enterprise.post<{ status: string; txHash: string }>(
    `/v1/consents/${consentId}/revocation`,
    {
      message: revDraft.body.message,
      signature: revSignature,
    },
  );
  expectStatus("revocation", revoked, 200);
  show("Enterprise revoked the consent", {
    status: revoked.body.status,
    txHash: revoked.body.txHash,
  });

  const refused = await bank.post<{ code: string; status: number }>("/v1/queries", query);
  expectStatus("query after revocation", refused, 403);
  if (refused.body.code !== "CONSENT_REVOKED")
    throw new Error(`expected CONSENT_REVOKED, got ${refused.body.code}`);
  show("Bank's next query is refused", { status: refused.status, code: refused.body.code });

  await consentArrivesAndLoopCloses(bank, regulator, served.body.queryId);

  await new Promise((resolve) => setTimeout(resolve, 1500));
  const integrity = await regulator.get<Record<string, unknown>>("/v1/audit/integrity");
  expectStatus("integrity", integrity, 200);
  if (integrity.body.ok !== true)
    throw new Error(`integrity check failed: ${JSON.stringify(integrity.body)}`);
  show("Regulator's integrity check of the off-chain log against the chain", {
    ok: integrity.body.ok,
    receipts: integrity.body.receipts,
    pending: integrity.body.pending,
    batches: integrity.body.batches,
    gaps: integrity.body.gaps,
    mismatches: integrity.body.mismatches,
  });
  console.log("\nDemo complete: every step answered as expected.");
}

/** Part 2: a consent request answered, an offline letter verified, the loan outcome. */
async function consentArrivesAndLoopCloses(
  bank: LedgerClient,
  regulator: LedgerClient,
  queryId: string,
) {
  const [, second, third] = sampleUsccs();
  const enterprise2 = await LedgerClient.connect(
    baseUrl,
    new ethers.Wallet(DEV_ACCOUNTS.enterprises[1]),
  );
  const operator = await LedgerClient.connect(baseUrl, new ethers.Wallet(DEV_ACCOUNTS.operator));
  const otherBank = await LedgerClient.connect(baseUrl, new ethers.Wallet(DEV_ACCOUNTS.banks[1]));
  const in60Days = new Date(Date.now() + 60 * 86_400_000).toISOString();

  const asked = await bank.post<{ requestId: string; status: string }>("/v1/consent-requests", {
    uscc: second,
    categories: ["TAX", "SOCIAL_SECURITY"],
    purposes: ["PRE_LOAN"],
    validUntil: in60Days,
    note: "流动资金贷款 300 万元贷前调查 / working-capital loan, pre-loan review",
  });
  expectStatus("consent request", asked, 201);
  const inbox = await enterprise2.get<{ requests: { requestId: string; note: string }[] }>(
    "/v1/consent-requests?status=OPEN",
  );
  expectStatus("enterprise's requests", inbox, 200);
  const draft = await enterprise2.post<Typed>("/v1/consents/drafts", {
    uscc: second,
    bank: bank.address,
    categories: ["TAX", "SOCIAL_SECURITY"],
    purposes: ["PRE_LOAN"],
    validUntil: in60Days,
    requestId: asked.body.requestId,
  });
  expectStatus("draft answering the request", draft, 200);
  const signature = await enterprise2.wallet.signTypedData(
    draft.body.domain,
    draft.body.types,
    draft.body.message,
  );
  const relayed = await enterprise2.post<{ consentId: string }>("/v1/consents", {
    message: draft.body.message,
    signature,
  });
  expectStatus("consent answering the request", relayed, 201);
  const answered = await bank.get<{
    requests: { requestId: string; status: string; consentId: string }[];
  }>("/v1/consent-requests?status=ANSWERED");
  const request = answered.body.requests.find((r) => r.requestId === asked.body.requestId);
  if (request?.consentId !== relayed.body.consentId)
    throw new Error("the request was not linked to its consent");
  show("Bank asked for consent; the enterprise saw the request and answered it by signing", {
    requestId: asked.body.requestId,
    inEnterpriseInbox: inbox.body.requests.some((r) => r.requestId === asked.body.requestId),
    status: request.status,
    consentId: request.consentId,
  });

  const letter = Buffer.from(
    `%PDF-1.4 scanned consent letter of ${third}, signed and sealed`,
  ).toString("base64");
  const submitted = await otherBank.post<{ consentId: string; status: string }>(
    "/v1/consents/offline",
    {
      uscc: third,
      categories: ["BASIC", "JUDICIAL"],
      purposes: ["IN_LOAN"],
      validUntil: in60Days,
      document: letter,
    },
  );
  expectStatus("offline letter", submitted, 201);
  const letterQuery = {
    uscc: third,
    categories: ["JUDICIAL"],
    purpose: "IN_LOAN",
    consentId: submitted.body.consentId,
  };
  const pending = await otherBank.post<{ code: string }>("/v1/queries", letterQuery);
  expectStatus("query under a pending letter", pending, 403);
  const approved = await operator.post<{ status: string; txHash: string }>(
    `/v1/consents/${submitted.body.consentId}/verification`,
    { approved: true },
  );
  expectStatus("letter approval", approved, 200);
  const afterApproval = await otherBank.post("/v1/queries", letterQuery);
  expectStatus("query after approval", afterApproval, 200);
  show("Bank #3 uploaded a signed letter; queries waited until the operator approved it", {
    consentId: submitted.body.consentId,
    whilePending: `${pending.status} ${pending.body.code}`,
    approval: `${approved.body.status} in ${approved.body.txHash}`,
    afterApproval: afterApproval.status,
  });

  const outcomeDraft = await bank.post<Typed & { terms: Record<string, unknown> }>(
    "/v1/outcomes/drafts",
    {
      queryId,
      decision: "APPROVED",
      amountFen: "300000000",
      termMonths: 12,
      annualRateBps: 385,
      decidedAt: new Date().toISOString(),
    },
  );
  expectStatus("outcome draft", outcomeDraft, 200);
  const outcomeSignature = await bank.wallet.signTypedData(
    outcomeDraft.body.domain,
    outcomeDraft.body.types,
    outcomeDraft.body.message,
  );
  const outcome = await bank.post<{ outcomeId: string; txHash: string }>("/v1/outcomes", {
    message: outcomeDraft.body.message,
    signature: outcomeSignature,
    terms: outcomeDraft.body.terms,
  });
  expectStatus("outcome", outcome, 201);
  const repaymentDraft = await bank.post<Typed>(
    `/v1/outcomes/${outcome.body.outcomeId}/repayment/drafts`,
    {
      status: "PERFORMING",
      asOf: new Date().toISOString(),
    },
  );
  expectStatus("repayment draft", repaymentDraft, 200);
  const repaymentSignature = await bank.wallet.signTypedData(
    repaymentDraft.body.domain,
    repaymentDraft.body.types,
    repaymentDraft.body.message,
  );
  const repayment = await bank.post<{ status: string }>(
    `/v1/outcomes/${outcome.body.outcomeId}/repayment`,
    {
      message: repaymentDraft.body.message,
      signature: repaymentSignature,
    },
  );
  expectStatus("repayment", repayment, 200);
  const seen = await regulator.get<{
    decision: string;
    terms: { amountFen: string };
    repaymentStatus: string;
  }>(`/v1/outcomes/${outcome.body.outcomeId}`);
  expectStatus("outcome read", seen, 200);
  show("Bank attested the loan outcome for its query, then a repayment update", {
    outcomeId: outcome.body.outcomeId,
    txHash: outcome.body.txHash,
    decision: seen.body.decision,
    amountFen: seen.body.terms.amountFen,
    repaymentStatus: seen.body.repaymentStatus,
  });

  const counts: Record<string, number> = {};
  for (const [name, path] of [
    ["consents", "/v1/audit/consents?limit=500"],
    ["queries", "/v1/audit/queries?limit=500"],
    ["refusals", "/v1/audit/refusals?limit=500"],
    ["outcomes", "/v1/audit/outcomes?limit=500"],
  ] as const) {
    const listed = await regulator.get<Record<string, unknown[]>>(path);
    expectStatus(`audit ${name}`, listed, 200);
    counts[name] = listed.body[name].length;
  }
  show("Regulator's listings", counts);
}

/**
 * The USCCs of the sample enterprises; dev accounts #5-#9 speak for the first five. An
 * enterprise knows its own code; the demo derives them from the seed `npm start` used.
 */
function sampleUsccs(): string[] {
  const seed = Number(process.env.SAMPLE_SEED ?? DEFAULT_SAMPLE_SEED);
  return generateSampleData(seed, DEV_ACCOUNTS.enterprises.length + 1).enterprises.map(
    (e) => e.uscc,
  );
}

main().catch((error: Error) => {
  console.error(`\nDemo failed at step ${step + 1}: ${error.message}`);
  process.exit(1);
});
