/**
 * `npm run bench`: figures for DESIGN.md's performance budget, each beside a baseline measured
 * in the same run on the same machine. Nothing here is a pass/fail test; it prints numbers.
 *
 *   BENCH_QUERIES      signed queries per run (default 6000)
 *   BENCH_CONCURRENCY  requests in flight (default 64)
 *   BENCH_IMPORT_ROWS  rows of the penalty CSV import (default 20000)
 *   BENCH_RECEIPTS     receipts for the integrity check (default 100000)
 *   BENCH_PROFILE      write a CPU profile of the service thread to this file, during
 *   BENCH_PROFILE_PHASE  "query" (default), "import" or "integrity"
 *
 * The load runs in a worker thread, so the service's event loop is not the client's. The
 * baseline is a bare express + LevelDB server answering the same records for the same request,
 * with no signature, consent check or receipt.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import inspector from "node:inspector";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

import { ethers } from "ethers";
import express from "express";
import { Level } from "level";
import pino from "pino";
import secp256k1 from "secp256k1";

import { startEmbeddedChain } from "../ledger-service/src/chain/embedded-chain";
import { LedgerClient } from "../ledger-service/src/client/ledger-client";
import { DEV_KEYS, configFromEnv } from "../ledger-service/src/config";
import { setupDevLedger } from "../ledger-service/src/dev/dev-setup";
import { checkIntegrity } from "../ledger-service/src/audit/integrity-check";
import { startLedgerService } from "../ledger-service/src/ledger-service";
import { SeededRandom } from "../ledger-service/src/sample";
import { generateCategoryRecords } from "../ledger-service/src/sample/category-records";
import { generateEnterprises } from "../ledger-service/src/sample/enterprises";
import { renderProviderCsv } from "../ledger-service/src/sample/provider-csv";
import {
  bodySha256Hex,
  requestDigestBytes,
  signingLines,
} from "../ledger-service/src/signing/signing-lines";

const QUERIES = Number(process.env.BENCH_QUERIES ?? 6000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 100_000);

interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  p50: number;
  p99: number;
  firstError: string | null;
}

/** A load generator in a worker: `requests` are sent `concurrency` at a time over keep-alive. */
const LOAD_WORKER = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const { port, requests, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let next = 0, ok = 0, failed = 0, firstError = null;
function send(r) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path: r.path, agent,
      headers: { ...r.headers, "content-type": "application/json", "content-length": Buffer.byteLength(r.body) } },
      (res) => { const chunks = []; res.on("data", (c) => chunks.push(c)); res.on("end", () => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (res.statusCode === 200) { ok++; return resolve(); }
        failed++;
        firstError ??= res.statusCode + " " + Buffer.concat(chunks).toString().slice(0, 200);
        resolve(); }); });
    req.on("error", (e) => { failed++; firstError ??= e.message; resolve(); });
    req.end(r.body);
  });
}
async function lane() { while (next < requests.length) await send(requests[next++]); }
(async () => {
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  agent.destroy();
  parentPort.postMessage({ ok, failed, seconds, p50: at(0.5), p99: at(0.99), firstError });
})();
`;

function runLoad(
  port: number,
  requests: { path: string; headers: Record<string, string>; body: string }[],
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { port, requests, concurrency: CONCURRENCY },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

/** Signs like `signRequest`, with libsecp256k1 so the client is not the bottleneck. */
function fastSign(
  privateKey: string,
  signer: string,
  request: {
    chainId: number;
    ledger: string;
    target: string;
    body: string;
    nonce: string;
    timestamp: number;
  },
): Record<string, string> {
  const lines = signingLines({
    chainId: request.chainId,
    ledger: request.ledger,
    method: "POST",
    target: request.target,
    timestamp: request.timestamp,
    nonce: request.nonce,
    bodySha256Hex: bodySha256Hex(request.body),
  });
  const digest = requestDigestBytes(lines);
  const { signature, recid } = secp256k1.ecdsaSign(digest, Buffer.from(privateKey.slice(2), "hex"));
  return {
    "x-signer": signer,
    "x-timestamp": String(request.timestamp),
    "x-nonce": request.nonce,
    "x-signature": "0x" + Buffer.from(signature).toString("hex") + (27 + recid).toString(16),
  };
}

/** A CPU profile of this thread (the service's) while the load runs, for `BENCH_PROFILE`. */
async function startProfiler() {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post("Profiler.enable");
  await post("Profiler.start");
  return {
    async stop(file: string) {
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function line(label: string, value: string) {
  console.log(`  ${label.padEnd(44)} ${value}`);
}

async function startBaseline(
  records: Map<string, unknown[]>,
): Promise<{ port: number; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-baseline-"));
  const db = new Level<string, unknown[]>(dir, { valueEncoding: "json" });
  await db.open();
  await db.batch([...records].map(([key, value]) => ({ type: "put" as const, key, value })));
  const app = express();
  app.use(express.raw({ type: () => true }));
  app.post("/v1/queries", async (req, res) => {
    const body = JSON.parse((req.body as Buffer).toString("utf8"));
    const values = await db.getMany(body.categories.map((c: string) => `${body.uscc}!${c}`));
    const data = Object.fromEntries(
      body.categories.map((c: string, i: number) => [c, values[i] ?? []]),
    );
    res.json({ data });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  console.log(`credit ledger benchmark: ${os.cpus().length} cores, Node ${process.version}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-ledger-"));
  const config = {
    ...configFromEnv(),
    port: 0,
    rpcPort: 0,
    dataDir,
    sampleEnterprises: 50,
    maxUnanchoredAgeMs: 600_000,
    logLevel: "silent",
  };
  const chain = await startEmbeddedChain(0);
  const service = await startLedgerService(config, {
    provider: chain.provider,
    rpcUrl: chain.rpcUrl,
    embedded: true,
    logger: pino({ level: "silent" }),
  });
  const summary = await setupDevLedger(service.url, {
    loadSampleData: true,
    seed: 1,
    enterpriseCount: 50,
  });
  const { uscc } = summary.enterprises[0];
  const enterprise = await LedgerClient.connect(service.url, new ethers.Wallet(DEV_KEYS[5]));
  const bankKey = DEV_KEYS[2];
  const bankAddress = new ethers.Wallet(bankKey).address;
  const draft = await enterprise.post<{
    domain: ethers.TypedDataDomain;
    types: Record<string, ethers.TypedDataField[]>;
    message: Record<string, unknown>;
  }>("/v1/consents/drafts", {
    uscc,
    bank: bankAddress,
    categories: ["TAX", "UTILITIES"],
    purposes: ["PRE_LOAN"],
    validUntil: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const signature = await enterprise.wallet.signTypedData(
    draft.body.domain,
    draft.body.types,
    draft.body.message,
  );
  const relayed = await enterprise.post<{ consentId: string }>("/v1/consents", {
    message: draft.body.message,
    signature,
  });
  const consentId = relayed.body.consentId;
  const body = JSON.stringify({
    uscc,
    categories: ["TAX", "UTILITIES"],
    purpose: "PRE_LOAN",
    consentId,
  });

  // The same records the service holds, for the baseline.
  const served = await service.ctx.records.listForEnterprise(uscc, ["TAX", "UTILITIES"]);
  const byCategory = new Map<string, unknown[]>();
  for (const { record } of served) {
    const key = `${uscc}!${record.category}`;
    byCategory.set(key, [...(byCategory.get(key) ?? []), record.fields]);
  }

  console.log(
    `\nQuery path (${QUERIES} queries, ${CONCURRENCY} in flight, ${served.length} records each)`,
  );
  const baseline = await startBaseline(byCategory);
  const plain = Array.from({ length: QUERIES }, () => ({ path: "/v1/queries", headers: {}, body }));
  const base = await runLoad(baseline.port, plain);
  await baseline.close();

  const deployment = {
    chainId: Number(service.ctx.contracts.chainId),
    ledger: service.ctx.contracts.addresses.CreditLedger,
  };
  const signStarted = Date.now();
  const signed = Array.from({ length: QUERIES }, (_, i) => ({
    path: "/v1/queries",
    body,
    headers: fastSign(bankKey, bankAddress, {
      ...deployment,
      target: "/v1/queries",
      body,
      nonce: i.toString(16).padStart(32, "0"),
      timestamp: signStarted,
    }),
  }));
  const port = Number(new URL(service.url).port);
  const profilePhase = process.env.BENCH_PROFILE_PHASE ?? "query";
  const profiler =
    process.env.BENCH_PROFILE && profilePhase === "query" ? await startProfiler() : undefined;
  const full = await runLoad(port, signed);
  if (profiler) await profiler.stop(process.env.BENCH_PROFILE as string);
  await service.ctx.anchorer.anchorPending();

  line(
    "baseline (express + LevelDB, no checks)",
    `${(base.ok / base.seconds).toFixed(0)} q/s, p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms`,
  );
  line(
    "full path (signed, consent, receipt, anchoring)",
    `${(full.ok / full.seconds).toFixed(0)} q/s, p50 ${full.p50.toFixed(1)} ms, p99 ${full.p99.toFixed(1)} ms`,
  );
  line(
    "full path / baseline",
    `${((full.ok / full.seconds / (base.ok / base.seconds)) * 100).toFixed(0)} %  ` +
      "(budget: >= 40 %, >= 2000 q/s, p99 < 50 ms)",
  );
  if (full.failed > 0) line("full path failures", `${full.failed} (first: ${full.firstError})`);

  // Gas per anchored query, from the anchoring transactions of full batches.
  const gas: number[] = [];
  for await (const batch of service.ctx.anchors.allBatches()) {
    const count = batch.lastSeq - batch.firstSeq + 1;
    if (count !== config.anchorBatchSize) continue;
    const receipt = await chain.provider.getTransactionReceipt(batch.txHash);
    if (receipt) gas.push(Number(receipt.gasUsed) / count);
  }
  console.log("\nAnchoring");
  line(
    `gas per query at batches of ${config.anchorBatchSize}`,
    gas.length
      ? `${Math.max(...gas).toFixed(0)} worst, ${Math.min(...gas).toFixed(0)} best ` +
          `over ${gas.length} batches (budget <= 1000)`
      : "no full batch",
  );

  // Provider CSV import through the API.
  const random = new SeededRandom(99);
  const enterprises = generateEnterprises(random, Math.ceil(IMPORT_ROWS / 2) + 10);
  const penalties = generateCategoryRecords(random, enterprises).REGULATORY;
  const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => ({
    ...penalties[i % penalties.length],
    decisionNumber: `闽罚〔2026〕${100000 + i}号`,
  }));
  const csv = Buffer.from("\ufeff" + renderProviderCsv(random, "REGULATORY", rows), "utf8");
  const provider = await LedgerClient.connect(service.url, new ethers.Wallet(DEV_KEYS[4]));
  const importProfiler =
    process.env.BENCH_PROFILE && profilePhase === "import" ? await startProfiler() : undefined;
  const importStarted = process.hrtime.bigint();
  const report = await provider.post<{ accepted: number; rejected: unknown[] }>(
    "/v1/records:import?category=REGULATORY&format=csv",
    csv,
    { contentType: "text/csv" },
  );
  const importSeconds = Number(process.hrtime.bigint() - importStarted) / 1e9;
  if (importProfiler) await importProfiler.stop(process.env.BENCH_PROFILE as string);
  console.log("\nImport");
  line(
    `penalty CSV, ${IMPORT_ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB), anchored`,
    `${(IMPORT_ROWS / importSeconds).toFixed(0)} rows/s (${importSeconds.toFixed(2)} s; ` +
      `accepted ${report.body.accepted}, rejected ${report.body.rejected?.length}; ` +
      "budget >= 20000)",
  );

  // Integrity check over many receipts: fill the log directly, anchor, check.
  const existing = service.ctx.receipts.lastDurableSeq;
  const template = (await service.ctx.receipts.getBySeq(1))!.receipt;
  for (let done = existing; done < RECEIPTS;) {
    const chunk = Math.min(5000, RECEIPTS - done);
    await Promise.all(
      Array.from({ length: chunk }, () =>
        service.ctx.receipts.append({
          consentId: template.consentId,
          bank: template.bank,
          enterprise: template.enterprise,
          categories: template.categories,
          purpose: template.purpose,
          requestHash: template.requestHash,
          responseHash: template.responseHash,
          checkedBlock: template.checkedBlock,
          servedAt: template.servedAt,
          bankSignature: template.bankSignature,
        }),
      ),
    );
    done += chunk;
  }
  await service.ctx.anchorer.anchorPending();
  const checkProfiler =
    process.env.BENCH_PROFILE && profilePhase === "integrity" ? await startProfiler() : undefined;
  const checkStarted = process.hrtime.bigint();
  const integrity = await checkIntegrity(service.ctx);
  const checkSeconds = Number(process.hrtime.bigint() - checkStarted) / 1e9;
  if (checkProfiler) await checkProfiler.stop(process.env.BENCH_PROFILE as string);
  console.log("\nIntegrity check");
  line(
    `${integrity.receipts} receipts in ${integrity.batches} batches`,
    `${checkSeconds.toFixed(2)} s, ok ${integrity.ok} (budget <= 5 s at 100000)`,
  );

  await service.close();
  await chain.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error: Error) => {
  console.error(`benchmark failed: ${error.stack}`);
  process.exit(1);
});
