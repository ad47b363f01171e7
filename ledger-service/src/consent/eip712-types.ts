import type { TypedDataDomain, TypedDataField } from "ethers";

/**
 * The published EIP-712 types, version 1. Each domain is named `CreditLedger`, version `1`,
 * with the chain id and the address of the contract that verifies the message. Changing a
 * type is a new version: integrators pin these.
 */
export const EIP712_TYPES_VERSION = "1";

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

export function ledgerDomain(chainId: bigint | number, verifyingContract: string): TypedDataDomain {
  return { name: "CreditLedger", version: "1", chainId: Number(chainId), verifyingContract };
}

/** Typed data as a draft call hands it out; `types` excludes EIP712Domain as ethers expects. */
export interface TypedDataDraft<M> {
  domain: TypedDataDomain;
  types: Record<string, TypedDataField[]>;
  primaryType: string;
  message: M;
}
