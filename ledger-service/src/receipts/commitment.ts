import { LedgerError } from "../errors";
import { keccak256Hex } from "../signing/keccak";

// A normalised USCC: 18 characters of the code's alphabet (digits and upper-case letters
// without I, O, S, V, Z). The check character is the USCC module's business; this guard keeps a
// code that was never normalised from silently committing to a different value.
const NORMALISED_USCC = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * An enterprise's on-chain commitment: keccak256(abi.encode(string uscc, bytes32 salt)), the
 * encoding written out (offset 0x40, salt, length 18, the code padded to one word).
 *
 * Throws VALIDATION_FAILED unless `uscc` is normalised (18 characters of the USCC alphabet,
 * upper case) and `salt` is 32 bytes of 0x hex.
 */
export function enterpriseCommitment(uscc: string, salt: string): string {
  if (!NORMALISED_USCC.test(uscc)) {
    throw new LedgerError("VALIDATION_FAILED", "uscc must be a normalised 18-character USCC", {
      details: { field: "uscc" },
    });
  }
  if (!BYTES32.test(salt)) {
    throw new LedgerError("VALIDATION_FAILED", "salt must be 32 bytes as 0x-prefixed hex", {
      details: { field: "salt" },
    });
  }

  const encoding = Buffer.alloc(4 * 32);
  encoding.writeUInt8(0x40, 31);
  encoding.write(salt.slice(2), 32, 32, "hex");
  encoding.writeUInt8(uscc.length, 95);
  encoding.write(uscc, 96, "ascii");
  return keccak256Hex(encoding);
}
