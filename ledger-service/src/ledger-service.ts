import http from "node:http";
import type { AddressInfo } from "node:net";

import { ethers } from "ethers";
import pino, { type Logger } from "pino";

import { DataBatchAnchorer } from "./anchoring/data-batch-anchorer";
import { ReceiptAnchorer } from "./anchoring/receipt-anchorer";
import { toReceipt } from "./anchoring/receipt-encoding";
import {
  type ContractAddresses,
  connectContracts,
  deployContracts,
  hasCode,
  isSameDeployment,
} from "./chain/ledger-contracts";
import { QueryCheckCall, type RawRpc } from "./chain/query-check-call";
import { SenderRegistry } from "./chain/transaction-sender";
import type { ServiceConfig } from "./config";
import { ConsentIndexSync } from "./consent/consent-index-sync";
import { QueryConsentCheck } from "./consent/query-consent-check";
import { createApp } from "./http/app";
import { registerAuditRoutes } from "./http/routes/audit-routes";
import { registerConsentRequestRoutes } from "./http/routes/consent-request-routes";
import { registerConsentRoutes } from "./http/routes/consent-routes";
import { registerEnterpriseRoutes } from "./http/routes/enterprise-routes";
import { registerOutcomeRoutes } from "./http/routes/outcome-routes";
import { registerParticipantRoutes } from "./http/routes/participant-routes";
import { registerPublicRoutes } from "./http/routes/public-routes";
import { registerQueryRoutes } from "./http/routes/query-routes";
import { recordRoutes } from "./http/routes/record-routes";
import { receiptLeafHash } from "./receipts/leaf";
import type { ServiceContext } from "./service-context";
import { PersistentNonceStore } from "./signing/persistent-nonce-store";
import { AnchorStore } from "./store/anchor-store";
import { ConsentIndex } from "./store/consent-index";
import { ConsentRequestStore } from "./store/consent-request-store";
import { ConsentStore } from "./store/consent-store";
import { OfflineLetterStore } from "./store/offline-letter-store";
import {
  LedgerDatabase,
  directoryInUse,
  moveStoreAside,
  readStoreIdentity,
  writeStoreIdentity,
} from "./store/database";
import { EnterpriseStore } from "./store/enterprise-store";
import { ReceiptLog } from "./store/receipt-log";
import { RecordStore } from "./store/record-store";
import { RefusalLog } from "./store/refusal-log";

export interface StartOptions {
  /** Any provider that also takes raw JSON-RPC calls (the query path's one read uses them). */
  provider: ethers.Provider & RawRpc;
  /** The JSON-RPC address shown to verifiers. */
  rpcUrl: string;
  /** True for the in-memory embedded chain: any earlier store is from another chain. */
  embedded: boolean;
  logger?: Logger;
  now?: () => number;
  /** Start with health answering `ready: false` until the caller calls `markReady()`. */
  deferReady?: boolean;
}

export interface RunningService {
  ctx: ServiceContext;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Where a store of another chain was moved, if one was. */
  movedStoreTo: string | undefined;
  markReady(): void;
  close(): Promise<void>;
}

/**
 * Finds the deployment this store belongs to, or deploys one. A store from another chain or
 * deployment is moved aside first, never mixed: the embedded chain lives in memory, so every
 * store found at its start is an earlier chain's.
 */
async function resolveDeployment(
  config: ServiceConfig,
  options: StartOptions,
  senders: SenderRegistry,
): Promise<{ addresses: ContractAddresses; movedStoreTo: string | undefined }> {
  const { chainId } = await options.provider.getNetwork();
  const identity = readStoreIdentity(config.dataDir);
  let movedStoreTo: string | undefined;

  const sameDeployment =
    !options.embedded &&
    identity !== undefined &&
    identity.chainId === chainId.toString() &&
    (config.ledgerAddress === undefined ||
      identity.contracts.CreditLedger.toLowerCase() === config.ledgerAddress.toLowerCase()) &&
    (await hasCode(options.provider, identity.contracts.CreditLedger)) &&
    (await isSameDeployment(options.provider, identity.deployedIn));
  if (sameDeployment) return { addresses: identity.contracts, movedStoreTo };

  if (directoryInUse(config.dataDir)) movedStoreTo = moveStoreAside(config.dataDir);

  if (config.ledgerAddress !== undefined) {
    throw new Error(
      "LEDGER_ADDRESS names a deployment this store does not know; start with the DATA_DIR " +
        "that belongs to it, or without LEDGER_ADDRESS to deploy a new ledger",
    );
  }
  if (!config.adminKey) {
    throw new Error("no deployment found for this store: deploying needs ADMIN_KEY");
  }
  const admin = senders.forKey(config.adminKey);
  const { addresses, deployedIn } = await deployContracts(admin.runner, {
    operator: senders.forKey(config.operatorKey).address,
    anchorer: senders.forKey(config.anchorerKey).address,
  });
  writeStoreIdentity(config.dataDir, {
    chainId: chainId.toString(),
    ledger: addresses.CreditLedger,
    contracts: addresses,
    deployedIn,
    embedded: options.embedded,
    createdAt: new Date().toISOString(),
  });
  return { addresses, movedStoreTo };
}

/** Opens the store, connects or deploys the contracts, starts anchoring and the HTTP server. */
export async function startLedgerService(
  config: ServiceConfig,
  options: StartOptions,
): Promise<RunningService> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: "ledger" } });
  const now = options.now ?? Date.now;
  const senders = new SenderRegistry(options.provider);
  const { addresses, movedStoreTo } = await resolveDeployment(config, options, senders);
  if (movedStoreTo) {
    logger.warn(
      { event: "store.moved", from: config.dataDir, to: movedStoreTo },
      "moved an earlier chain's store aside",
    );
  }

  const contracts = await connectContracts(options.provider, addresses);
  const database = new LedgerDatabase(config.dataDir);
  await database.open();
  const receipts = new ReceiptLog(database, (values) => receiptLeafHash(toReceipt(values)));
  await receipts.open();
  const anchorerSender = senders.forKey(config.anchorerKey);
  const anchors = new AnchorStore(database, anchorerSender.address);
  const nonces = new PersistentNonceStore(database);
  await nonces.open(now());
  const anchorer = new ReceiptAnchorer(
    receipts,
    anchors,
    contracts,
    anchorerSender,
    { batchSize: config.anchorBatchSize, intervalMs: config.anchorIntervalMs },
    logger,
  );
  const offlineLetters = new OfflineLetterStore(database);
  const consentIndex = new ConsentIndex(database);

  const ctx: ServiceContext = {
    config,
    logger,
    now,
    startedAtMs: now(),
    status: { ready: !options.deferReady },
    contracts,
    rawRpc: options.provider,
    rpcUrl: options.rpcUrl,
    senders: {
      admin: config.adminKey ? senders.forKey(config.adminKey) : undefined,
      operator: senders.forKey(config.operatorKey),
      anchorer: anchorerSender,
    },
    database,
    enterprises: new EnterpriseStore(database),
    records: new RecordStore(database),
    receipts,
    anchors,
    consentStore: new ConsentStore(database),
    consentRequests: new ConsentRequestStore(database),
    offlineLetters,
    consentIndex,
    consentIndexSync: new ConsentIndexSync(contracts, consentIndex),
    refusals: new RefusalLog(database),
    nonces,
    consentCheck: new QueryConsentCheck(
      new QueryCheckCall(options.provider, addresses.ConsentRegistry),
      (id) => offlineLetters.get(id),
    ),
    anchorer,
  };

  const dataBatches = new DataBatchAnchorer(anchors, contracts, anchorerSender, logger);
  await anchorer.start();
  await dataBatches
    .anchorPending()
    .catch((error: Error) =>
      logger.warn(
        { event: "anchoring.data-batch-failed", reason: error.message },
        "pending imports not anchored yet",
      ),
    );

  const app = createApp(ctx, [
    registerPublicRoutes,
    registerParticipantRoutes,
    recordRoutes(dataBatches),
    registerEnterpriseRoutes,
    registerConsentRoutes,
    registerConsentRequestRoutes,
    registerQueryRoutes,
    registerOutcomeRoutes,
    registerAuditRoutes,
  ]);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  logger.info(
    {
      event: "service.started",
      url,
      chainId: Number(contracts.chainId),
      ledger: addresses.CreditLedger,
    },
    "ledger service listening",
  );

  return {
    ctx,
    url,
    movedStoreTo,
    markReady() {
      ctx.status.ready = true;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await anchorer.stop();
      dataBatches.stop();
      await database.close();
    },
  };
}
