import type { Category, Purpose } from "../domain/categories";
import type { LedgerDatabase } from "./database";

/** A scanned consent letter a bank uploaded, kept off-chain until the operator decides. */
export interface OfflineLetter {
  consentId: string;
  bank: string;
  uscc: string;
  enterprise: string;
  categories: Category[];
  purposes: Purpose[];
  validFrom: number;
  validUntil: number;
  /** 0x SHA-256 of the letter's bytes: the on-chain document hash once approved. */
  letterSha256: string;
  documentBytes: number;
  status: "PENDING" | "APPROVED" | "REJECTED";
  reason: string | null;
  submittedAt: string;
  /** The OPERATOR account that decided, and when. */
  decidedBy: string | null;
  decidedAt: string | null;
  txHash: string | null;
}

export class OfflineLetterStore {
  private readonly letters;
  private readonly documents;

  constructor(private readonly database: LedgerDatabase) {
    this.letters = database.sublevel<OfflineLetter>("offline-letters");
    this.documents = database.sublevel<string>("offline-letter-documents");
  }

  /** Stores a new letter and its bytes (base64) in one durable write. */
  async add(letter: OfflineLetter, documentBase64: string): Promise<void> {
    await this.database.writeDurably([
      { type: "put", sublevel: this.letters, key: letter.consentId, value: letter },
      { type: "put", sublevel: this.documents, key: letter.consentId, value: documentBase64 },
    ]);
  }

  async update(letter: OfflineLetter): Promise<void> {
    await this.database.writeDurably([
      { type: "put", sublevel: this.letters, key: letter.consentId, value: letter },
    ]);
  }

  async get(consentId: string): Promise<OfflineLetter | undefined> {
    return this.letters.get(consentId.toLowerCase());
  }

  async *all(): AsyncGenerator<OfflineLetter> {
    for await (const value of this.letters.values()) yield value;
  }

  async document(consentId: string): Promise<Buffer | undefined> {
    const base64 = await this.documents.get(consentId.toLowerCase());
    return base64 === undefined ? undefined : Buffer.from(base64, "base64");
  }
}
