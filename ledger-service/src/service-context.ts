import type { Logger } from "pino";

import type { ServiceConfig } from "./config";
import type { LedgerContracts } from "./chain/ledger-contracts";
import type { RawRpc } from "./chain/query-check-call";
import type { TransactionSender } from "./chain/transaction-sender";
import type { ReceiptAnchorer } from "./anchoring/receipt-anchorer";
import type { QueryConsentCheck } from "./consent/query-consent-check";
import type { NonceStore } from "./signing/nonce-store";
import type { AnchorStore } from "./store/anchor-store";
import type { ConsentIndexSync } from "./consent/consent-index-sync";
import type { ConsentIndex } from "./store/consent-index";
import type { ConsentRequestStore } from "./store/consent-request-store";
import type { ConsentStore } from "./store/consent-store";
import type { OfflineLetterStore } from "./store/offline-letter-store";
import type { LedgerDatabase } from "./store/database";
import type { EnterpriseStore } from "./store/enterprise-store";
import type { ReceiptLog } from "./store/receipt-log";
import type { RecordStore } from "./store/record-store";
import type { RefusalLog } from "./store/refusal-log";

/** Everything a route needs, built once by `startLedgerService`. */
export interface ServiceContext {
  config: ServiceConfig;
  logger: Logger;
  /** The service's clock in Unix milliseconds; tests move it together with the chain. */
  now(): number;
  /**
   * When this process started (service clock). Requests signed earlier are refused as stale:
   * nonces live in memory, so this closes the replay window a restart would otherwise open.
   */
  startedAtMs: number;
  /** False while `npm start` is still setting up dev roles and sample data. */
  status: { ready: boolean };
  contracts: LedgerContracts;
  /** Raw JSON-RPC to the node, uncached: liveness probes and the query path's one read. */
  rawRpc: RawRpc;
  /** JSON-RPC address through which anyone can verify the ledger. */
  rpcUrl: string;
  senders: {
    /** Undefined where ADMIN is a multisig. */
    admin: TransactionSender | undefined;
    operator: TransactionSender;
    anchorer: TransactionSender;
  };
  database: LedgerDatabase;
  enterprises: EnterpriseStore;
  records: RecordStore;
  receipts: ReceiptLog;
  anchors: AnchorStore;
  consentStore: ConsentStore;
  consentRequests: ConsentRequestStore;
  offlineLetters: OfflineLetterStore;
  consentIndex: ConsentIndex;
  consentIndexSync: ConsentIndexSync;
  refusals: RefusalLog;
  nonces: NonceStore;
  consentCheck: QueryConsentCheck;
  anchorer: ReceiptAnchorer;
}
