// The published EIP-712 types of the credit ledger (version 1) are the service's own module;
// the contract tests pin the Solidity type strings to them.
import type { TypedDataDomain } from "ethers";

export {
  CONSENT_TYPES,
  OUTCOME_TYPES,
  REPAYMENT_TYPES,
  REVOCATION_TYPES,
} from "../../ledger-service/src/consent/eip712-types";

export const EIP712_NAME = "CreditLedger";
export const EIP712_VERSION = "1";

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
