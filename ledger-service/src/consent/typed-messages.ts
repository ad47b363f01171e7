import { ethers } from "ethers";

import { LedgerError } from "../errors";

function invalid(field: string, reason: string): LedgerError {
  return new LedgerError("VALIDATION_FAILED", `message.${field}: ${reason}`, {
    details: { errors: [{ field: `message.${field}`, reason }] },
  });
}

/** 9999-12-31T23:59:59Z: the latest time a consent may name. */
export const LATEST_TIME_SECONDS = 253_402_300_799n;

const MAX_UINT = (bits: number) => (1n << BigInt(bits)) - 1n;

/** An unsigned integer of `bits` bits, given as a JSON number or a decimal string. */
export function readUint(message: Record<string, unknown>, field: string, bits: number): bigint {
  const value = message[field];
  let parsed: bigint;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)
    parsed = BigInt(value);
  else if (typeof value === "string" && /^(0|[1-9][0-9]{0,77})$/.test(value))
    parsed = BigInt(value);
  else throw invalid(field, `an unsigned integer (number or decimal string) is required`);
  if (parsed > MAX_UINT(bits)) throw invalid(field, `does not fit uint${bits}`);
  return parsed;
}

export function readBytes32(message: Record<string, unknown>, field: string): string {
  const value = message[field];
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw invalid(field, "0x-prefixed 32-byte hex is required");
  }
  return value.toLowerCase();
}

export function readAddress(message: Record<string, unknown>, field: string): string {
  const value = message[field];
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw invalid(field, "a 0x-prefixed 20-byte address is required");
  }
  return ethers.getAddress(value.toLowerCase());
}

/** Reads `{message, signature}`; the message must carry exactly the type's fields. */
export function readSignedMessage(
  body: Record<string, unknown>,
  fields: readonly string[],
): { message: Record<string, unknown>; signature: string } {
  const { message, signature } = body;
  if (message === null || typeof message !== "object" || Array.isArray(message)) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "message: the signed typed-data message is required",
    );
  }
  const extra = Object.keys(message).filter((key) => !fields.includes(key));
  if (extra.length > 0) {
    throw new LedgerError("VALIDATION_FAILED", `message: unknown fields ${extra.join(", ")}`);
  }
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "signature: 65 bytes as 0x-prefixed hex is required",
    );
  }
  return { message: message as Record<string, unknown>, signature: signature.toLowerCase() };
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

export const CONSENT_FIELDS = [
  "enterprise",
  "bank",
  "categories",
  "purposes",
  "validFrom",
  "validUntil",
  "documentHash",
  "nonce",
  "deadline",
] as const;

export function readConsentMessage(message: Record<string, unknown>): ConsentMessage {
  const parsed: ConsentMessage = {
    enterprise: readBytes32(message, "enterprise"),
    bank: readAddress(message, "bank"),
    categories: readUint(message, "categories", 32),
    purposes: readUint(message, "purposes", 8),
    validFrom: readUint(message, "validFrom", 64),
    validUntil: readUint(message, "validUntil", 64),
    documentHash: readBytes32(message, "documentHash"),
    nonce: readUint(message, "nonce", 256),
    deadline: readUint(message, "deadline", 64),
  };
  if (parsed.categories === 0n || parsed.categories > 0xffn) {
    throw invalid("categories", "a bitmask of 1 to 255 is required");
  }
  if (parsed.purposes === 0n || parsed.purposes > 7n) {
    throw invalid("purposes", "a bitmask of 1 to 7 is required");
  }
  if (parsed.validFrom >= parsed.validUntil) {
    throw invalid("validUntil", "must be later than validFrom");
  }
  if (parsed.validUntil > LATEST_TIME_SECONDS) {
    throw invalid("validUntil", "must be no later than 9999-12-31");
  }
  return parsed;
}

export interface RevocationMessage {
  consentId: string;
  nonce: bigint;
  deadline: bigint;
}

export const REVOCATION_FIELDS = ["consentId", "nonce", "deadline"] as const;

export function readRevocationMessage(message: Record<string, unknown>): RevocationMessage {
  return {
    consentId: readBytes32(message, "consentId"),
    nonce: readUint(message, "nonce", 256),
    deadline: readUint(message, "deadline", 64),
  };
}

/** A message in its JSON form: uint256 as decimal strings, smaller integers as numbers. */
export function jsonMessage(message: object): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(message)) {
    if (typeof value === "bigint") {
      out[key] =
        value <= BigInt(Number.MAX_SAFE_INTEGER) && key !== "nonce"
          ? Number(value)
          : value.toString();
    } else {
      out[key] = value as string | number;
    }
  }
  return out;
}
