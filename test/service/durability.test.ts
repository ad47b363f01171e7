/**
 * The service as a separate process on a separate node (anvil), as in production: killed with
 * SIGKILL in the middle of a burst of queries, restarted on the same store, and cut off from
 * its node by a loopback proxy.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LedgerClient } from "../../ledger-service/src/client/ledger-client";
import { DEV_KEYS } from "../../ledger-service/src/config";
import { grantConsent, inDays } from "./flows";

const ROOT = path.resolve(__dirname, "../..");
const USCC = "91350102MADEM0011W";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The status of `call`, retried while it answers 503 or the connection fails (up to 30 s). */
async function settled(call: () => Promise<{ status: number }>): Promise<number> {
  let status = 0;
  await waitFor(
    "a settled answer",
    async () => {
      status = (await call()).status;
      return status !== 503;
    },
    30_000,
  );
  return status;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A loopback TCP proxy in front of the node that the test can cut and restore. */
class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, "127.0.0.1");
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

let anvil: ChildProcess;
let proxy: CuttableProxy;
let service: ChildProcess | undefined;
let servicePort: number;
let dataDir: string;
let serviceLog = "";

function startService(): Promise<void> {
  service = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "ledger-service/src/main.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        RPC_URL: `http://127.0.0.1:${proxy.port}`,
        PORT: String(servicePort),
        DATA_DIR: dataDir,
        ADMIN_KEY: DEV_KEYS[0],
        OPERATOR_KEY: DEV_KEYS[0],
        ANCHORER_KEY: DEV_KEYS[0],
        ANCHOR_INTERVAL_MS: "300",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  service.stdout!.on("data", (chunk) => (serviceLog += chunk));
  service.stderr!.on("data", (chunk) => (serviceLog += chunk));
  return waitFor(
    "the service",
    async () => (await fetch(`http://127.0.0.1:${servicePort}/v1/health`)).ok,
  );
}

function client(key: string): Promise<LedgerClient> {
  return LedgerClient.connect(`http://127.0.0.1:${servicePort}`, new ethers.Wallet(key));
}

beforeAll(async () => {
  const anvilPort = await freePort();
  anvil = spawn(
    path.join(ROOT, "node_modules/.bin/anvil"),
    ["--port", String(anvilPort), "--block-time", "1"],
    // Its own process group: node_modules/.bin/anvil is a wrapper that starts the binary, and
    // both must go when the test ends.
    { stdio: "ignore", detached: true },
  );
  await waitFor("anvil", async () => {
    const response = await fetch(`http://127.0.0.1:${anvilPort}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return response.ok;
  });
  proxy = new CuttableProxy(await freePort(), anvilPort);
  await proxy.open();
  servicePort = await freePort();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "ledger-durability-"));
  await startService();
}, 120_000);

afterAll(async () => {
  service?.kill("SIGKILL");
  if (anvil?.pid) process.kill(-anvil.pid, "SIGKILL");
  await proxy?.cut();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("a service on its own node", () => {
  let consentId: string;
  const answered: string[] = [];

  it("keeps every answered receipt through a SIGKILL mid-burst, in sequence, and the chain agrees", async () => {
    const operator = await client(DEV_KEYS[0]);
    const enterpriseWallet = new ethers.Wallet(DEV_KEYS[5]);
    for (const body of [
      { address: new ethers.Wallet(DEV_KEYS[1]).address, role: "REGULATOR" },
      { address: new ethers.Wallet(DEV_KEYS[2]).address, role: "BANK" },
      {
        address: new ethers.Wallet(DEV_KEYS[4]).address,
        role: "DATA_PROVIDER",
        categories: ["TAX"],
      },
      {
        address: enterpriseWallet.address,
        role: "ENTERPRISE",
        uscc: USCC,
        name: "福州演示一号精密机械有限公司",
      },
    ]) {
      // Setup is not under test: a busy machine may see the node time out once.
      expect(await settled(() => operator.post("/v1/participants", body))).toBe(201);
    }
    const provider = await client(DEV_KEYS[4]);
    const imported = await provider.post<{ accepted: number }>("/v1/records:import", {
      category: "TAX",
      records: [
        {
          name: "福州演示一号精密机械有限公司",
          uscc: USCC,
          period: "2026-10",
          taxType: "增值税",
          paidFen: "1250000",
        },
      ],
    });
    expect([imported.status, imported.body.accepted]).toEqual([200, 1]);
    consentId = await grantConsent(await client(DEV_KEYS[5]), {
      uscc: USCC,
      bank: new ethers.Wallet(DEV_KEYS[2]).address,
      categories: ["TAX"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(5),
    });

    const bank = await client(DEV_KEYS[2]);
    const query = { uscc: USCC, categories: ["TAX"], purpose: "PRE_LOAN", consentId };
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      inFlight.push(
        bank.post<{ queryId: string }>("/v1/queries", query).then(
          (response) => {
            if (response.status === 200) answered.push(response.body.queryId);
          },
          () => undefined,
        ),
      );
      if (i === 150) service!.kill("SIGKILL");
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
    expect(answered.length).toBeGreaterThan(0);

    await startService();
    const regulator = await client(DEV_KEYS[1]);
    await waitFor("anchoring after the restart", async () => {
      const report = await regulator.get<{ pending: number }>("/v1/audit/integrity");
      const last = await regulator.get(`/v1/queries/${answered.at(-1)}/proof`);
      return report.status === 200 && report.body.pending === 0 && last.status === 200;
    });
    const report = await regulator.get<{
      ok: boolean;
      receipts: number;
      gaps: unknown[];
      mismatches: unknown[];
    }>("/v1/audit/integrity");
    expect(report.body).toMatchObject({ ok: true, gaps: [], mismatches: [] });
    expect(report.body.receipts).toBeGreaterThanOrEqual(answered.length);
    for (const queryId of answered) {
      const proof = await regulator.get<{ queryId: string }>(`/v1/queries/${queryId}/proof`);
      expect([proof.status, proof.body.queryId]).toEqual([200, queryId]);
    }

    const next = await bank.post<{ receipt: { seq: string } }>("/v1/queries", query);
    expect(next.status).toBe(200);
    expect(Number(next.body.receipt.seq)).toBe(report.body.receipts + 1);
  }, 180_000);

  it("answers 503 CHAIN_UNAVAILABLE, never data, while the node is cut off, and serves again after", async () => {
    const bank = await client(DEV_KEYS[2]);
    const query = { uscc: USCC, categories: ["TAX"], purpose: "PRE_LOAN", consentId };
    await proxy.cut();
    try {
      // Any answer while the node is away is 503 CHAIN_UNAVAILABLE, never data. The client
      // retries only connection failures (a socket kept alive across the restart).
      let refused: { status: number; body: { code: string; data?: unknown } } | undefined;
      await waitFor("an answer", async () => {
        refused = await bank.post<{ code: string; data?: unknown }>("/v1/queries", query);
        return true;
      });
      expect([refused!.status, refused!.body.code, refused!.body.data]).toEqual([
        503,
        "CHAIN_UNAVAILABLE",
        undefined,
      ]);
      let health: Response | undefined;
      await waitFor("health", async () => {
        health = await fetch(`http://127.0.0.1:${servicePort}/v1/health`);
        return true;
      });
      expect(health!.status).toBe(503);
      expect(((await health!.json()) as { chainReachable: boolean }).chainReachable).toBe(false);
    } finally {
      await proxy.open();
    }
    await waitFor(
      "the node again",
      async () => (await bank.post("/v1/queries", query)).status === 200,
    );
  }, 120_000);
});
