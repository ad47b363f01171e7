import type { IConsentRegistry } from "../../../typechain-types/contracts/ConsentRegistry";

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
