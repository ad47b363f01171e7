import type * as Secp256k1 from "secp256k1";

import { keccak256 } from "./keccak";

/**
 * Which secp256k1 build recovers signers: "native" is libsecp256k1 (about 11,000 recoveries a
 * second on one core), "javascript" the package's elliptic fallback (a few hundred), which it
 * picks silently when no prebuilt binary fits the platform. The service should say which one it
 * runs, since the request path's throughput depends on it.
 */
export type Secp256k1Backend = "native" | "javascript";

function loadSecp256k1(): { lib: typeof Secp256k1; backend: Secp256k1Backend } {
  // `require("secp256k1")` would fall back to JavaScript without telling; loading the native
  // entry point first lets us report the backend.
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { lib: require("secp256k1/bindings") as typeof Secp256k1, backend: "native" };
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { lib: require("secp256k1/elliptic") as typeof Secp256k1, backend: "javascript" };
  }
}

const { lib: secp256k1, backend } = loadSecp256k1();

export const SECP256K1_BACKEND: Secp256k1Backend = backend;

/**
 * The lower-case address whose key made `signature` (r, s, v with v 27 or 28) over the 32-byte
 * `digest`, or undefined when no key did (r is not the x coordinate of a curve point, r or s out
 * of range). Callers check the signature's form (low s, v) first.
 */
export function recoverAddress(digest: Uint8Array, signature: Uint8Array): string | undefined {
  if (digest.length !== 32 || signature.length !== 65) {
    return undefined;
  }
  const recoveryId = signature[64]! - 27;
  if (recoveryId !== 0 && recoveryId !== 1) {
    return undefined;
  }

  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1.ecdsaRecover(signature.subarray(0, 64), recoveryId, digest, false);
  } catch {
    return undefined;
  }

  const point = Buffer.from(publicKey.buffer, publicKey.byteOffset + 1, 64);
  return "0x" + keccak256(point).toString("hex", 12);
}
