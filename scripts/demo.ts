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
import { RECEIPT_LEAF_TYPES } from "../ledger-service/src/receipts/receipt";
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

  const uscc = firstSampleUscc();

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
  show("Enterprise signed a consent (EIP-712) and the operator relayed it", {
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
  const values = [
    r.leafVersion,
    r.seq,
    r.prevLeaf,
    r.consentId,
    r.bank,
    r.enterprise,
    r.categories,
    r.purpose,
    r.requestHash,
    r.responseHash,
    r.checkedBlock,
    r.servedAt,
    r.bankSignature,
  ];
  const inTree = StandardMerkleTree.verify(onChain.root, [...RECEIPT_LEAF_TYPES], values, p.proof);
  const receiptStruct = {
    ...r,
    seq: BigInt(r.seq),
    checkedBlock: BigInt(r.checkedBlock),
    servedAt: BigInt(r.servedAt),
  };
  const contractSays = await anchors.verifyReceipt(
    p.anchorer,
    p.batchId,
    receiptStruct as never,
    p.proof,
  );
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

/**
 * The USCC of the first sample enterprise, which dev account #5 speaks for. An enterprise knows
 * its own code; the demo derives it from the same seed `npm start` used.
 */
function firstSampleUscc(): string {
  const seed = Number(process.env.SAMPLE_SEED ?? DEFAULT_SAMPLE_SEED);
  return generateSampleData(seed, DEV_ACCOUNTS.enterprises.length + 1).enterprises[0].uscc;
}

main().catch((error: Error) => {
  console.error(`\nDemo failed at step ${step + 1}: ${error.message}`);
  process.exit(1);
});
