import type { LedgerDatabase } from "./database";

/** The authorisation text a draft showed the enterprise; its keccak256 is the document hash. */
export interface ConsentDocument {
  documentHash: string;
  text: string;
  uscc: string;
  bank: string;
  requestId: string | null;
  createdAt: string;
}

/** How a consent reached the chain through this service. */
export interface ConsentRelay {
  consentId: string;
  txHash: string;
  blockNumber: number;
  relayedFor: string;
  relayedAt: string;
}

export class ConsentStore {
  private readonly documents;
  private readonly relays;
  private readonly revocations;

  constructor(private readonly database: LedgerDatabase) {
    this.documents = database.sublevel<ConsentDocument>("consent-documents");
    this.relays = database.sublevel<ConsentRelay>("consent-relays");
    this.revocations = database.sublevel<ConsentRelay>("consent-revocations");
  }

  async putDocument(document: ConsentDocument): Promise<void> {
    await this.database.writeDurably([
      { type: "put", sublevel: this.documents, key: document.documentHash, value: document },
    ]);
  }

  async getDocument(documentHash: string): Promise<ConsentDocument | undefined> {
    return this.documents.get(documentHash.toLowerCase());
  }

  async putRelay(relay: ConsentRelay): Promise<void> {
    await this.database.writeDurably([
      { type: "put", sublevel: this.relays, key: relay.consentId, value: relay },
    ]);
  }

  async getRelay(consentId: string): Promise<ConsentRelay | undefined> {
    return this.relays.get(consentId.toLowerCase());
  }

  async putRevocation(relay: ConsentRelay): Promise<void> {
    await this.database.writeDurably([
      { type: "put", sublevel: this.revocations, key: relay.consentId, value: relay },
    ]);
  }

  async getRevocation(consentId: string): Promise<ConsentRelay | undefined> {
    return this.revocations.get(consentId.toLowerCase());
  }
}
