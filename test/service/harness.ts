import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";

import { ethers } from "ethers";
import hre from "hardhat";
import pino from "pino";

import { LedgerClient } from "../../ledger-service/src/client/ledger-client";
import { DEV_KEYS, type ServiceConfig } from "../../ledger-service/src/config";
import { type DevSetupSummary, setupDevLedger } from "../../ledger-service/src/dev/dev-setup";
import { type RunningService, startLedgerService } from "../../ledger-service/src/ledger-service";

export interface TestLedger {
  service: RunningService;
  url: string;
  provider: ethers.Provider;
  summary: DevSetupSummary;
  /** Every structured log line the service wrote. */
  logs: string[];
  operator: LedgerClient;
  regulator: LedgerClient;
  bank: LedgerClient;
  otherBank: LedgerClient;
  provider_: LedgerClient;
  enterprises: LedgerClient[];
  /** A client for any key, on the same clock. */
  clientFor(key: string): LedgerClient;
  /** Moves both the chain's clock and the service's by `seconds`, and mines a block. */
  advanceTime(seconds: number): Promise<void>;
  now(): number;
  close(): Promise<void>;
}

export function testConfig(dataDir: string, overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    port: 0,
    host: "127.0.0.1",
    dataDir,
    rpcUrl: undefined,
    rpcPort: 0,
    adminKey: DEV_KEYS[0],
    operatorKey: DEV_KEYS[0],
    anchorerKey: DEV_KEYS[0],
    ledgerAddress: undefined,
    anchorBatchSize: 256,
    anchorIntervalMs: 200,
    maxUnanchoredAgeMs: 60_000,
    requestWindowMs: 5 * 60_000,
    draftDeadlineSeconds: 3600,
    loadSampleData: true,
    sampleSeed: 7,
    sampleEnterprises: 30,
    rateLimit: { perIpPerMinute: 1_000_000, perSignerPerMinute: 1_000_000 },
    maxBodyBytes: 4 * 1024 * 1024,
    logLevel: "info",
    ...overrides,
  };
}

/**
 * A real service on an ephemeral port, on Hardhat's in-process network (this test file's
 * own chain), with a fresh LevelDB, the dev roles and a small sample data set.
 */
export async function startTestLedger(overrides: Partial<ServiceConfig> = {}): Promise<TestLedger> {
  const provider = hre.ethers.provider;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ledger-test-"));
  const config = testConfig(dataDir, overrides);
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;

  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);

  const service = await startLedgerService(config, {
    provider,
    rpcUrl: "in-process",
    embedded: true,
    logger,
    now,
  });
  const summary = await setupDevLedger(service.url, {
    loadSampleData: config.loadSampleData,
    seed: config.sampleSeed,
    enterpriseCount: config.sampleEnterprises,
    clock: now,
  });
  const deployment = {
    chainId: Number(service.ctx.contracts.chainId),
    ledger: service.ctx.contracts.addresses.CreditLedger,
  };
  const clientFor = (key: string) =>
    new LedgerClient(service.url, new ethers.Wallet(key), deployment, now);

  return {
    service,
    url: service.url,
    provider,
    summary,
    logs,
    operator: clientFor(DEV_KEYS[0]),
    regulator: clientFor(DEV_KEYS[1]),
    bank: clientFor(DEV_KEYS[2]),
    otherBank: clientFor(DEV_KEYS[3]),
    provider_: clientFor(DEV_KEYS[4]),
    enterprises: DEV_KEYS.slice(5).map(clientFor),
    clientFor,
    now,
    async advanceTime(seconds: number) {
      offsetMs += seconds * 1000;
      await hre.network.provider.send("evm_increaseTime", [seconds]);
      await hre.network.provider.send("evm_mine", []);
    },
    async close() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
