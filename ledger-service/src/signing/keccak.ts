import createKeccak from "keccak";

/**
 * Keccak-256 through the native `keccak` package (libkeccak, about ten times ethers' pure-JS
 * hash on receipt-sized input). The package falls back to its own JavaScript build where no
 * prebuilt binary exists; the results are the same, only slower.
 */
export function keccak256(data: Buffer): Buffer {
  return createKeccak("keccak256").update(data).digest();
}

/** Keccak-256 as 0x-prefixed lower-case hex. */
export function keccak256Hex(data: Buffer): string {
  return "0x" + keccak256(data).toString("hex");
}
