import type { IConsentRegistry } from "../../../typechain-types/contracts/ConsentRegistry";
import type { LedgerContracts } from "../chain/ledger-contracts";
import { readChain } from "../chain/chain-errors";

/** The parts of an on-chain consent that never change once recorded. */
export interface ConsentTerms {
  consentId: string;
  enterprise: string;
  bank: string;
  categories: number;
  purposes: number;
  validFrom: number;
  validUntil: number;
  documentHash: string;
  mode: "ONLINE" | "OFFLINE";
  approver: string | null;
  grantedBlock: number;
}

export const CONSENT_STATUS = ["NONE", "ACTIVE", "REVOKED"] as const;

export function termsFromRecord(
  consentId: string,
  record: IConsentRegistry.ConsentRecordStructOutput,
): ConsentTerms {
  return {
    consentId: consentId.toLowerCase(),
    enterprise: record.enterprise.toLowerCase(),
    bank: record.bank,
    categories: Number(record.categories),
    purposes: Number(record.purposes),
    validFrom: Number(record.validFrom),
    validUntil: Number(record.validUntil),
    documentHash: record.documentHash.toLowerCase(),
    mode: Number(record.mode) === 0 ? "ONLINE" : "OFFLINE",
    approver:
      record.approver === "0x0000000000000000000000000000000000000000" ? null : record.approver,
    grantedBlock: Number(record.grantedBlock),
  };
}

/**
 * Consent terms by id. A recorded consent's terms are immutable, so they are cached for good;
 * its status is not, and is always read from the chain by the caller.
 */
export class ConsentTermsCache {
  private readonly terms = new Map<string, ConsentTerms>();

  constructor(private readonly contracts: LedgerContracts) {}

  async get(consentId: string): Promise<ConsentTerms | undefined> {
    const key = consentId.toLowerCase();
    const cached = this.terms.get(key);
    if (cached) return cached;
    const record = await readChain(() => this.contracts.consents.getConsent(key));
    if (Number(record.status) === 0) return undefined;
    const terms = termsFromRecord(key, record);
    this.terms.set(key, terms);
    return terms;
  }
}
