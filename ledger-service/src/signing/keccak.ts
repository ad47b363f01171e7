import { createRequire } from "node:module";
import { dirname } from "node:path";

import createKeccak from "keccak";

/** The native sponge inside the `keccak` package (its `bindings` entry wraps it in a stream). */
interface KeccakSponge {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  squeeze(length: number): Buffer;
}

// Keccak-256: rate 1088 bits, capacity 512.
const RATE = 1088;
const CAPACITY = 512;
const EMPTY_INPUT_HASH = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

function hashWith(sponge: KeccakSponge, data: Buffer): Buffer {
  sponge.initialize(RATE, CAPACITY);
  sponge.absorb(data);
  return sponge.squeeze(32);
}

/**
 * The package's public `createKeccak` builds a Node stream per hash, which costs more than
 * hashing a receipt. One reused native sponge halves the cost of a leaf (two hashes). It is
 * loaded the way the package loads it, checked against the known hash of empty input, and
 * replaced by the public API when anything differs (another platform, another version).
 */
function loadSponge(): KeccakSponge | undefined {
  try {
    const keccakManifest = require.resolve("keccak/package.json");
    const loadAddon = createRequire(keccakManifest)("node-gyp-build") as (dir: string) => unknown;
    const Sponge = loadAddon(dirname(keccakManifest));
    if (typeof Sponge !== "function") return undefined;

    const sponge = new (Sponge as new () => KeccakSponge)();
    return hashWith(sponge, Buffer.alloc(0)).toString("hex") === EMPTY_INPUT_HASH
      ? sponge
      : undefined;
  } catch {
    return undefined;
  }
}

const sponge = loadSponge();

/**
 * Keccak-256 through the native `keccak` package (libkeccak, about ten times ethers' pure-JS
 * hash on receipt-sized input). Where no prebuilt binary fits the platform, the package's own
 * JavaScript build gives the same results, slower.
 */
export function keccak256(data: Buffer): Buffer {
  return sponge === undefined
    ? createKeccak("keccak256").update(data).digest()
    : hashWith(sponge, data);
}

/** Keccak-256 as 0x-prefixed lower-case hex. */
export function keccak256Hex(data: Buffer): string {
  return "0x" + keccak256(data).toString("hex");
}
