// The role identifiers of contracts/libraries/Roles.sol, and the rolesOf() bit of each.
import { ethers } from "ethers";

export const ROLE = {
  ADMIN: ethers.ZeroHash,
  OPERATOR: ethers.id("OPERATOR_ROLE"),
  ANCHORER: ethers.id("ANCHORER_ROLE"),
  BANK: ethers.id("BANK_ROLE"),
  ENTERPRISE: ethers.id("ENTERPRISE_ROLE"),
  REGULATOR: ethers.id("REGULATOR_ROLE"),
  DATA_PROVIDER: ethers.id("DATA_PROVIDER_ROLE"),
} as const;

/** Bit of each role in CreditLedger.rolesOf, in the documented order. */
export const ROLE_BIT = {
  ADMIN: 1n << 0n,
  OPERATOR: 1n << 1n,
  ANCHORER: 1n << 2n,
  BANK: 1n << 3n,
  ENTERPRISE: 1n << 4n,
  REGULATOR: 1n << 5n,
  DATA_PROVIDER: 1n << 6n,
} as const;

export const REBINDING_DELAY = 72n * 3600n;

/** An enterprise's on-chain commitment: keccak256(abi.encode(string uscc, bytes32 salt)). */
export function commitmentOf(uscc: string, salt: string): string {
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [uscc, salt]),
  );
}
