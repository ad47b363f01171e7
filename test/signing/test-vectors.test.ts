import { readFileSync } from "node:fs";
import { join } from "node:path";

import { Wallet, hashMessage } from "ethers";
import { describe, expect, it } from "vitest";

import {
  InMemoryNonceStore,
  bodySha256Hex,
  requestDigest,
  signRequest,
  signingLines,
  verifyRequestSignature,
} from "../../ledger-service/src/signing";

interface Vector {
  name: string;
  request: {
    chainId: number;
    ledger: string;
    method: string;
    target: string;
    body: string;
    timestamp: string;
    nonce: string;
  };
  bodySha256: string;
  lines: string[];
  digest: string;
  signature: string;
  headers: Record<"X-Signer" | "X-Timestamp" | "X-Nonce" | "X-Signature", string>;
}

const docs = join(__dirname, "..", "..", "docs");
const file = JSON.parse(readFileSync(join(docs, "signing-test-vectors.json"), "utf8")) as {
  privateKey: string;
  address: string;
  vectors: Vector[];
};
const page = readFileSync(join(docs, "signing-test-vectors.md"), "utf8");
const fencedBlocks = [...page.matchAll(/^```[a-z]*\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);

describe("the published request-signing test vectors", () => {
  it("use Hardhat's account #2, whose address the page gives", () => {
    expect(file.privateKey).toBe(
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    );
    expect(new Wallet(file.privateKey).address).toBe(file.address);
    expect(file.address).toBe("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    expect(page).toContain(`Private key: \`${file.privateKey}\``);
    expect(page).toContain(`Address: \`${file.address}\``);
    expect(file.vectors).toHaveLength(2);
  });

  describe.each(file.vectors)("$name", (vector) => {
    const { request } = vector;

    it("hashes the body to the published SHA-256", () => {
      expect(bodySha256Hex(request.body)).toBe(vector.bodySha256);
    });

    it("builds exactly the published eight lines", () => {
      const lines = signingLines({ ...request, bodySha256Hex: vector.bodySha256 });
      expect(lines).toBe(vector.lines.join("\n"));
      expect(vector.lines).toHaveLength(8);
    });

    it("digests the lines to the published EIP-191 digest, as ethers does", () => {
      expect(requestDigest(vector.lines.join("\n"))).toBe(vector.digest);
      expect(hashMessage(vector.lines.join("\n"))).toBe(vector.digest);
    });

    it("signs the request into the published headers", () => {
      const headers = signRequest({ privateKey: file.privateKey }, request);
      expect(headers).toEqual({
        "x-signer": vector.headers["X-Signer"],
        "x-timestamp": vector.headers["X-Timestamp"],
        "x-nonce": vector.headers["X-Nonce"],
        "x-signature": vector.signature,
      });
      expect(vector.headers["X-Signature"]).toBe(vector.signature);
      expect(new Wallet(file.privateKey).signMessageSync(vector.lines.join("\n"))).toBe(
        vector.signature,
      );
    });

    it("verifies as the published signer with the published digest", async () => {
      const verified = await verifyRequestSignature(
        {
          method: request.method,
          target: request.target,
          body: Buffer.from(request.body, "utf8"),
          headers: {
            "x-signer": vector.headers["X-Signer"],
            "x-timestamp": vector.headers["X-Timestamp"],
            "x-nonce": vector.headers["X-Nonce"],
            "x-signature": vector.headers["X-Signature"],
          },
        },
        {
          chainId: request.chainId,
          ledger: request.ledger,
          nonceStore: new InMemoryNonceStore(),
          now: Number(request.timestamp),
        },
      );
      expect(verified).toEqual({
        signer: file.address.toLowerCase(),
        digest: vector.digest,
        signature: vector.signature,
      });
    });

    it("is shown on the page with exactly these values", () => {
      expect(fencedBlocks).toContain(vector.lines.join("\n"));
      if (request.body !== "") expect(fencedBlocks).toContain(request.body);
      expect(fencedBlocks).toContain(
        Object.entries(vector.headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join("\n"),
      );
      expect(page).toContain(`\`${request.method} ${request.target}\``);
      expect(page).toContain(`nonce \`${request.nonce}\``);
      expect(page).toContain(`\`${request.timestamp}\``);
      expect(page).toContain(`\`${request.chainId}\``);
      expect(page).toContain(`\`${request.ledger}\``);
      expect(page).toContain(`\`${vector.bodySha256}\``);
      expect(page).toContain(`\`${vector.digest}\``);
      expect(page).toContain(`\`${vector.signature}\``);
    });
  });
});
