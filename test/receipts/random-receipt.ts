import { randomBytes, randomInt } from "node:crypto";

import type { Receipt } from "../../ledger-service/src/receipts";

function hex(bytes: number): string {
  return "0x" + randomBytes(bytes).toString("hex");
}

function uint64(): bigint {
  // Mostly small values, as in service, with the full range mixed in.
  return randomInt(4) === 0 ? randomBytes(8).readBigUInt64BE() : BigInt(randomInt(0, 2 ** 48 - 1));
}

/** Signature lengths that cross word boundaries: none, under, at and over one and two words. */
export const SIGNATURE_LENGTHS = [0, 1, 31, 32, 33, 63, 64, 65, 66, 96, 129] as const;

/** A receipt with random values across each field's range. */
export function randomReceipt(signatureLength = 65): Receipt {
  return {
    leafVersion: 1,
    seq: uint64(),
    prevLeaf: hex(32),
    consentId: hex(32),
    bank: hex(20),
    enterprise: hex(32),
    categories: randomInt(2 ** 32 - 1) + (randomInt(2) === 0 ? 0 : 1),
    purpose: randomInt(256),
    requestHash: hex(32),
    responseHash: hex(32),
    checkedBlock: uint64(),
    servedAt: uint64(),
    bankSignature: hex(signatureLength),
  };
}
