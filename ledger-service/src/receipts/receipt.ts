import { LedgerError } from "../errors";

/** The leaf layout this module writes; a changed layout gets a new version. */
export const RECEIPT_LEAF_VERSION = 1;

/** Solidity types of a receipt leaf's values, in order (`IAnchorRegistry.Receipt`). */
export const RECEIPT_LEAF_TYPES = [
  "uint8",
  "uint64",
  "bytes32",
  "bytes32",
  "address",
  "bytes32",
  "uint32",
  "uint8",
  "bytes32",
  "bytes32",
  "uint64",
  "uint64",
  "bytes",
] as const;

/**
 * A query receipt: the values of its Merkle leaf, in leaf order.
 *
 * Numbers: the uint64 fields (`seq`, `checkedBlock`, `servedAt`) are bigints, as ethers returns
 * them and so no value can lose precision; the uint8 and uint32 fields are numbers. Byte values
 * are 0x-prefixed hex strings, any case on input; {@link receiptToJson} writes lower case.
 */
export interface Receipt {
  leafVersion: typeof RECEIPT_LEAF_VERSION;
  /** Per anchoring account, from 1. */
  seq: bigint;
  /** The previous receipt's leaf hash; zero for the first. */
  prevLeaf: string;
  consentId: string;
  /** The bank's address. */
  bank: string;
  /** The enterprise's commitment, keccak256(abi.encode(uscc, salt)). */
  enterprise: string;
  /** Bitmask of the categories served. */
  categories: number;
  /** The purpose's bit. */
  purpose: number;
  /** The EIP-191 digest the bank signed. */
  requestHash: string;
  /** SHA-256 of the RFC 8785 canonical JSON of the data returned. */
  responseHash: string;
  /** The block the consent was checked at. */
  checkedBlock: bigint;
  /** Unix seconds. */
  servedAt: bigint;
  /** The bank's request signature (65 bytes in practice; any length encodes). */
  bankSignature: string;
}

/**
 * A receipt in JSON: the uint64 fields as decimal strings, the uint8 and uint32 fields as
 * numbers (the leaf's values, not category names, so that anyone rebuilds the leaf from it),
 * bytes in lower-case 0x hex, the bank's address in lower case.
 */
export interface ReceiptJson {
  leafVersion: typeof RECEIPT_LEAF_VERSION;
  seq: string;
  prevLeaf: string;
  consentId: string;
  bank: string;
  enterprise: string;
  categories: number;
  purpose: number;
  requestHash: string;
  responseHash: string;
  checkedBlock: string;
  servedAt: string;
  bankSignature: string;
}

/** A receipt's values in leaf order, as `StandardMerkleTree` and ethers' AbiCoder take them. */
export type ReceiptLeafValues = [
  number,
  bigint,
  string,
  string,
  string,
  string,
  number,
  number,
  string,
  string,
  bigint,
  bigint,
  string,
];

export const UINT64_MAX = 2n ** 64n - 1n;
const UINT32_MAX = 2 ** 32 - 1;
const UINT8_MAX = 2 ** 8 - 1;

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;
const UINT64_DECIMAL = /^(?:0|[1-9][0-9]{0,19})$/;

const BYTES32_FIELDS = [
  "prevLeaf",
  "consentId",
  "enterprise",
  "requestHash",
  "responseHash",
] as const;
const UINT64_FIELDS = ["seq", "checkedBlock", "servedAt"] as const;

function invalidField(field: string, expected: string): LedgerError {
  return new LedgerError("VALIDATION_FAILED", `receipt.${field} must be ${expected}`, {
    details: { field: `receipt.${field}` },
  });
}

function isUint(value: unknown, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;
}

/**
 * Throws VALIDATION_FAILED naming the first field that cannot be encoded into a leaf (wrong
 * type, out of its Solidity type's range, hex of the wrong length).
 */
export function assertReceipt(receipt: Receipt): void {
  if (receipt.leafVersion !== RECEIPT_LEAF_VERSION) {
    throw invalidField("leafVersion", String(RECEIPT_LEAF_VERSION));
  }
  for (const field of UINT64_FIELDS) {
    const value = receipt[field];
    if (typeof value !== "bigint" || value < 0n || value > UINT64_MAX) {
      throw invalidField(field, "a bigint in the uint64 range");
    }
  }
  for (const field of BYTES32_FIELDS) {
    if (typeof receipt[field] !== "string" || !BYTES32.test(receipt[field])) {
      throw invalidField(field, "32 bytes as 0x-prefixed hex");
    }
  }
  if (typeof receipt.bank !== "string" || !ADDRESS.test(receipt.bank)) {
    throw invalidField("bank", "a 0x-prefixed 20-byte hex address");
  }
  if (!isUint(receipt.categories, UINT32_MAX)) throw invalidField("categories", "a uint32");
  if (!isUint(receipt.purpose, UINT8_MAX)) throw invalidField("purpose", "a uint8");
  if (typeof receipt.bankSignature !== "string" || !BYTES.test(receipt.bankSignature)) {
    throw invalidField("bankSignature", "bytes as 0x-prefixed hex");
  }
}

/** The receipt's values in leaf order, for `StandardMerkleTree.of` or the contract's struct. */
export function receiptLeafValues(receipt: Receipt): ReceiptLeafValues {
  return [
    receipt.leafVersion,
    receipt.seq,
    receipt.prevLeaf,
    receipt.consentId,
    receipt.bank,
    receipt.enterprise,
    receipt.categories,
    receipt.purpose,
    receipt.requestHash,
    receipt.responseHash,
    receipt.checkedBlock,
    receipt.servedAt,
    receipt.bankSignature,
  ];
}

export function receiptToJson(receipt: Receipt): ReceiptJson {
  assertReceipt(receipt);
  return {
    leafVersion: receipt.leafVersion,
    seq: receipt.seq.toString(10),
    prevLeaf: receipt.prevLeaf.toLowerCase(),
    consentId: receipt.consentId.toLowerCase(),
    bank: receipt.bank.toLowerCase(),
    enterprise: receipt.enterprise.toLowerCase(),
    categories: receipt.categories,
    purpose: receipt.purpose,
    requestHash: receipt.requestHash.toLowerCase(),
    responseHash: receipt.responseHash.toLowerCase(),
    checkedBlock: receipt.checkedBlock.toString(10),
    servedAt: receipt.servedAt.toString(10),
    bankSignature: receipt.bankSignature.toLowerCase(),
  };
}

function uint64FromJson(json: Record<string, unknown>, field: string): bigint {
  const value = json[field];
  if (typeof value !== "string" || !UINT64_DECIMAL.test(value) || BigInt(value) > UINT64_MAX) {
    throw invalidField(field, "a uint64 as a decimal string without leading zeros");
  }
  return BigInt(value);
}

/**
 * Reads a receipt from its JSON form, checking every field as {@link assertReceipt} does; the
 * uint64 fields must be decimal strings. Unknown fields are ignored.
 */
export function receiptFromJson(value: unknown): Receipt {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LedgerError("VALIDATION_FAILED", "receipt must be a JSON object", {
      details: { field: "receipt" },
    });
  }
  const json = value as Record<string, unknown>;

  const receipt = {
    leafVersion: json.leafVersion,
    seq: uint64FromJson(json, "seq"),
    prevLeaf: json.prevLeaf,
    consentId: json.consentId,
    bank: json.bank,
    enterprise: json.enterprise,
    categories: json.categories,
    purpose: json.purpose,
    requestHash: json.requestHash,
    responseHash: json.responseHash,
    checkedBlock: uint64FromJson(json, "checkedBlock"),
    servedAt: uint64FromJson(json, "servedAt"),
    bankSignature: json.bankSignature,
  } as Receipt;
  assertReceipt(receipt);
  return receipt;
}
