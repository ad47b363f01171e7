import path from "node:path";

/**
 * Hardhat's well-known default accounts (mnemonic "test test ... junk"). They are
 * public: only ever used for the embedded dev chain.
 */
export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const;

/** Seed of the sample data set `npm start` loads (SAMPLE_SEED overrides it). */
export const DEFAULT_SAMPLE_SEED = 20261204;

export interface ServiceConfig {
  /** HTTP port (0 = ephemeral). */
  port: number;
  host: string;
  /** LevelDB directory. */
  dataDir: string;
  /** JSON-RPC of an external node; undefined = embedded Hardhat network. */
  rpcUrl: string | undefined;
  /** Port of the embedded chain's JSON-RPC server (embedded mode only; 0 = ephemeral). */
  rpcPort: number;
  /** Undefined where ADMIN is a multisig: participants then answer 202 with the transaction. */
  adminKey: string | undefined;
  operatorKey: string;
  anchorerKey: string;
  /** Known deployment to use instead of deploying (RPC_URL mode). */
  ledgerAddress: string | undefined;
  /** Receipts per anchored batch at most. */
  anchorBatchSize: number;
  /** How often pending receipts are anchored, in ms. */
  anchorIntervalMs: number;
  /** Queries are refused (503 ANCHORING_BEHIND) when the oldest unanchored receipt is older. */
  maxUnanchoredAgeMs: number;
  /** Accepted clock skew of signed requests, in ms. */
  requestWindowMs: number;
  /** Seconds an EIP-712 draft stays signable. */
  draftDeadlineSeconds: number;
  /** Load the generated sample data set when the store is empty. */
  loadSampleData: boolean;
  sampleSeed: number;
  sampleEnterprises: number;
  rateLimit: { perIpPerMinute: number; perSignerPerMinute: number };
  /** Largest accepted request body in bytes. */
  maxBodyBytes: number;
  logLevel: string;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export function configFromEnv(): ServiceConfig {
  const rpcUrl = process.env.RPC_URL || undefined;
  const embedded = rpcUrl === undefined;
  const adminKey = process.env.ADMIN_KEY || (embedded ? DEV_KEYS[0] : undefined);
  const operatorKey = process.env.OPERATOR_KEY || (embedded ? DEV_KEYS[0] : undefined);
  const anchorerKey = process.env.ANCHORER_KEY || (embedded ? DEV_KEYS[0] : undefined);
  if (!operatorKey || !anchorerKey) {
    throw new Error("OPERATOR_KEY and ANCHORER_KEY are required with RPC_URL");
  }
  return {
    port: intFromEnv("PORT", 8080),
    host: process.env.HOST || "127.0.0.1",
    dataDir: path.resolve(process.env.DATA_DIR || "./data"),
    rpcUrl,
    rpcPort: intFromEnv("RPC_PORT", 8545),
    adminKey,
    operatorKey,
    anchorerKey,
    ledgerAddress: process.env.LEDGER_ADDRESS || undefined,
    anchorBatchSize: intFromEnv("ANCHOR_BATCH_SIZE", 256),
    anchorIntervalMs: intFromEnv("ANCHOR_INTERVAL_MS", 1000),
    maxUnanchoredAgeMs: intFromEnv("MAX_UNANCHORED_AGE_MS", 60_000),
    requestWindowMs: 5 * 60_000,
    draftDeadlineSeconds: intFromEnv("DRAFT_DEADLINE_SECONDS", 3600),
    loadSampleData: process.env.SAMPLE_DATA !== "off",
    sampleSeed: intFromEnv("SAMPLE_SEED", DEFAULT_SAMPLE_SEED),
    sampleEnterprises: intFromEnv("SAMPLE_ENTERPRISES", 1000),
    rateLimit: {
      perIpPerMinute: intFromEnv("RATE_LIMIT_PER_IP", 600_000),
      perSignerPerMinute: intFromEnv("RATE_LIMIT_PER_SIGNER", 600_000),
    },
    maxBodyBytes: intFromEnv("MAX_BODY_BYTES", 32 * 1024 * 1024),
    logLevel: process.env.LOG_LEVEL || "info",
  };
}
