import { randomBytes } from "node:crypto";

import { AbiCoder, keccak256 } from "ethers";
import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import { enterpriseCommitment } from "../../ledger-service/src/receipts";

const coder = AbiCoder.defaultAbiCoder();
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

function ethersCommitment(uscc: string, salt: string): string {
  return keccak256(coder.encode(["string", "bytes32"], [uscc, salt]));
}

function randomUscc(): string {
  return Array.from(randomBytes(18), (b) => ALPHABET[b % ALPHABET.length]).join("");
}

function thrownBy(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return error as LedgerError;
  }
  throw new Error("expected a LedgerError, nothing was thrown");
}

describe("enterpriseCommitment", () => {
  it("gives the published commitment for a fixed USCC and salt", () => {
    const salt = "0xf3a3f8bca1b629a658697c1e158e552ea7b662db5c6105153b0131e21a3db224";
    const commitment = "0x5a0bafcef5969328bdc6c4cfa907b10b94583feb7a5367d68ea22a4759d1b27e";
    expect(enterpriseCommitment("91350100M000100Y43", salt)).toBe(commitment);
    expect(ethersCommitment("91350100M000100Y43", salt)).toBe(commitment);
  });

  it("equals keccak256 of ethers' abi.encode(string, bytes32) for 500 random inputs", () => {
    for (let i = 0; i < 500; i++) {
      const uscc = randomUscc();
      const salt = "0x" + randomBytes(32).toString("hex");
      expect(enterpriseCommitment(uscc, salt)).toBe(ethersCommitment(uscc, salt));
    }
  });

  it("does not depend on the case of the salt", () => {
    const salt = "0x" + "ab".repeat(32);
    expect(enterpriseCommitment("91350100M000100Y43", salt.toUpperCase().replace("0X", "0x"))).toBe(
      enterpriseCommitment("91350100M000100Y43", salt),
    );
  });

  it.each([
    ["a lower-case USCC", "91350100m000100y43", "uscc"],
    ["a USCC with a space", " 91350100M000100Y43", "uscc"],
    ["a USCC with a letter outside the alphabet", "91350100M000100O43", "uscc"],
    ["a USCC of 17 characters", "91350100M000100Y4", "uscc"],
    ["a full-width USCC", "９1350100M000100Y43", "uscc"],
    ["a salt of 31 bytes", "0x" + "00".repeat(31), "salt"],
    ["a salt without 0x", "00".repeat(32), "salt"],
  ])("refuses %s with VALIDATION_FAILED", (_, value, field) => {
    const args: [string, string] =
      field === "uscc" ? [value, "0x" + "00".repeat(32)] : ["91350100M000100Y43", value];
    expect(thrownBy(() => enterpriseCommitment(...args))).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { field },
    });
  });
});
