// The published EIP-712 types of the credit ledger (version 1). Clients check drafts against
// these before signing; the contract tests pin the Solidity type strings to them.
// NOTE: kept here until the service publishes them from its own module.
import type { TypedDataDomain, TypedDataField } from "ethers";

export const EIP712_NAME = "CreditLedger";
export const EIP712_VERSION = "1";

export const CONSENT_TYPES: Record<string, TypedDataField[]> = {
  Consent: [
    { name: "enterprise", type: "bytes32" },
    { name: "bank", type: "address" },
    { name: "categories", type: "uint32" },
    { name: "purposes", type: "uint8" },
    { name: "validFrom", type: "uint64" },
    { name: "validUntil", type: "uint64" },
    { name: "documentHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

export const REVOCATION_TYPES: Record<string, TypedDataField[]> = {
  Revocation: [
    { name: "consentId", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

export const OUTCOME_TYPES: Record<string, TypedDataField[]> = {
  Outcome: [
    { name: "queryId", type: "bytes32" },
    { name: "consentId", type: "bytes32" },
    { name: "bank", type: "address" },
    { name: "decision", type: "uint8" },
    { name: "termsHash", type: "bytes32" },
    { name: "decidedAt", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

export const REPAYMENT_TYPES: Record<string, TypedDataField[]> = {
  Repayment: [
    { name: "outcomeId", type: "bytes32" },
    { name: "status", type: "uint8" },
    { name: "asOf", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

/** The domain of the contract at `verifyingContract` on chain `chainId`. */
export function creditLedgerDomain(chainId: bigint, verifyingContract: string): TypedDataDomain {
  return { name: EIP712_NAME, version: EIP712_VERSION, chainId, verifyingContract };
}

export interface ConsentMessage {
  enterprise: string;
  bank: string;
  categories: bigint;
  purposes: bigint;
  validFrom: bigint;
  validUntil: bigint;
  documentHash: string;
  nonce: bigint;
  deadline: bigint;
}

export interface RevocationMessage {
  consentId: string;
  nonce: bigint;
  deadline: bigint;
}

export interface OutcomeMessage {
  queryId: string;
  consentId: string;
  bank: string;
  decision: bigint;
  termsHash: string;
  decidedAt: bigint;
  nonce: bigint;
  deadline: bigint;
}

export interface RepaymentMessage {
  outcomeId: string;
  status: bigint;
  asOf: bigint;
  nonce: bigint;
  deadline: bigint;
}
