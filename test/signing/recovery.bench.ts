// Measures signer recovery on the request path: `npx vitest bench --run test/signing`.
import { Wallet, hashMessage, recoverAddress as ethersRecoverAddress } from "ethers";
import { bench, describe } from "vitest";

import {
  InMemoryNonceStore,
  recoverAddress,
  signRequest,
  verifyRequestSignature,
} from "../../ledger-service/src/signing";

const wallet = new Wallet("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const messages = Array.from({ length: 64 }, (_, i) => `request ${i}`);
const digests = messages.map(hashMessage);
const signatures = messages.map((m) => wallet.signMessageSync(m));
const digestBytes = digests.map((d) => Buffer.from(d.slice(2), "hex"));
const signatureBytes = signatures.map((s) => Buffer.from(s.slice(2), "hex"));

const NOW = 1767225600000;
const requests = Array.from({ length: 4096 }, (_, i) => {
  const request = {
    chainId: 31337,
    ledger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    method: "POST",
    target: "/v1/queries",
    body: `{"uscc":"91350100M000100Y43","categories":["TAX"],"purpose":"PRE_LOAN","i":${i}}`,
    timestamp: NOW,
  };
  return { ...request, headers: signRequest(wallet, request) };
});

describe("signer recovery", () => {
  let i = 0;
  bench("libsecp256k1 (secp256k1 package)", () => {
    i = (i + 1) % 64;
    recoverAddress(digestBytes[i]!, signatureBytes[i]!);
  });
  bench("ethers 6 recoverAddress (pure JS)", () => {
    i = (i + 1) % 64;
    ethersRecoverAddress(digests[i]!, signatures[i]!);
  });
});

describe("whole request verification", () => {
  let store = new InMemoryNonceStore();
  let i = 0;
  bench("verifyRequestSignature (headers, lines, digest, recovery, nonce)", async () => {
    i += 1;
    if (i === requests.length) {
      i = 0;
      store = new InMemoryNonceStore();
    }
    await verifyRequestSignature(requests[i]!, {
      chainId: 31337,
      ledger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      nonceStore: store,
      now: NOW,
    });
  });
});
