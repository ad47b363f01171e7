import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import { parseSignedHeaders, signRequest } from "../../ledger-service/src/signing";

const PRIVATE_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const SIGNER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const good = signRequest(
  { privateKey: PRIVATE_KEY },
  {
    chainId: 31337,
    ledger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    method: "GET",
    target: "/v1/consents",
    timestamp: 1767225600000,
    nonce: "0123456789abcdef0123456789abcdef",
  },
);

function thrownBy(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return error as LedgerError;
  }
  throw new Error("expected a LedgerError, nothing was thrown");
}

function word(value: bigint): string {
  return value.toString(16).padStart(64, "0");
}

function withSignature(r: bigint, s: bigint, v: number): string {
  return "0x" + word(r) + word(s) + v.toString(16).padStart(2, "0");
}

const r = BigInt(good["x-signature"].slice(0, 66));
const s = BigInt("0x" + good["x-signature"].slice(66, 130));

describe("parseSignedHeaders", () => {
  it("accepts signRequest's headers, giving signer and signature in lower case", () => {
    expect(
      parseSignedHeaders({
        ...good,
        "x-signature": good["x-signature"].toUpperCase().replace("0X", "0x"),
      }),
    ).toEqual({
      signer: SIGNER,
      timestamp: "1767225600000",
      timestampMs: 1767225600000,
      nonce: "0123456789abcdef0123456789abcdef",
      signature: good["x-signature"].toLowerCase(),
    });
  });

  it("accepts an X-Signer in lower case, upper case or with a wrong checksum", () => {
    for (const signer of [
      SIGNER,
      "0x" + SIGNER.slice(2).toUpperCase(),
      "0x3C44cdddb6a900fa2b585dd299e03d12fa4293bc",
    ]) {
      expect(parseSignedHeaders({ ...good, "x-signer": signer }).signer).toBe(SIGNER);
    }
  });

  it("accepts a header given as a one-element array", () => {
    expect(parseSignedHeaders({ ...good, "x-nonce": [good["x-nonce"]] }).nonce).toBe(
      good["x-nonce"],
    );
  });

  it("accepts nonces of 16 and of 64 bytes", () => {
    for (const nonce of ["ab".repeat(16), "cd".repeat(64)]) {
      expect(parseSignedHeaders({ ...good, "x-nonce": nonce }).nonce).toBe(nonce);
    }
  });

  it.each([
    ["x-signer", "X-Signer"],
    ["x-timestamp", "X-Timestamp"],
    ["x-nonce", "X-Nonce"],
    ["x-signature", "X-Signature"],
  ])("answers 400 VALIDATION_FAILED naming %s when it is missing or empty", (name, display) => {
    for (const value of [undefined, "", []]) {
      const error = thrownBy(() => parseSignedHeaders({ ...good, [name]: value }));
      expect(error).toMatchObject({
        code: "VALIDATION_FAILED",
        status: 400,
        message: `${display} header is missing`,
        details: { header: display },
      });
    }
  });

  it("reports the first bad header in the order signer, timestamp, nonce, signature", () => {
    expect(thrownBy(() => parseSignedHeaders({})).details).toEqual({ header: "X-Signer" });
    expect(
      thrownBy(() => parseSignedHeaders({ "x-signer": SIGNER, "x-nonce": "zz" })).details,
    ).toEqual({ header: "X-Timestamp" });
    expect(
      thrownBy(() => parseSignedHeaders({ ...good, "x-nonce": "zz", "x-signature": "0x00" }))
        .details,
    ).toEqual({ header: "X-Nonce" });
  });

  const malformed: [string, string, string | string[], string][] = [
    [
      "a signer without 0x",
      "x-signer",
      SIGNER.slice(2),
      "X-Signer must be a 0x-prefixed 20-byte hex address",
    ],
    [
      "a signer of 19 bytes",
      "x-signer",
      SIGNER.slice(0, 40),
      "X-Signer must be a 0x-prefixed 20-byte hex address",
    ],
    [
      "a signer of 21 bytes",
      "x-signer",
      SIGNER + "00",
      "X-Signer must be a 0x-prefixed 20-byte hex address",
    ],
    [
      "a signer with a non-hex digit",
      "x-signer",
      SIGNER.slice(0, 41) + "g",
      "X-Signer must be a 0x-prefixed 20-byte hex address",
    ],
    [
      "a signer with a 0X prefix",
      "x-signer",
      "0X" + SIGNER.slice(2),
      "X-Signer must be a 0x-prefixed 20-byte hex address",
    ],
    ["a signer sent twice", "x-signer", [SIGNER, SIGNER], "X-Signer must be sent exactly once"],
    [
      "a signer joined with another by Node",
      "x-signer",
      `${SIGNER}, ${SIGNER}`,
      "X-Signer must be a 0x-prefixed 20-byte hex address",
    ],
    [
      "a timestamp with a plus sign",
      "x-timestamp",
      "+1767225600000",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a negative timestamp",
      "x-timestamp",
      "-1767225600000",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp with a leading zero",
      "x-timestamp",
      "01767225600000",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp with a fraction",
      "x-timestamp",
      "1767225600000.5",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp in exponent form",
      "x-timestamp",
      "1.7672256e12",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp in hex",
      "x-timestamp",
      "0x19b76b0c000",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp with spaces",
      "x-timestamp",
      " 1767225600000",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp of 17 digits",
      "x-timestamp",
      "17672256000000000",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp beyond 2^53",
      "x-timestamp",
      "9007199254740993",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a timestamp as an ISO date",
      "x-timestamp",
      "2026-01-01T00:00:00Z",
      "X-Timestamp must be Unix milliseconds in decimal digits",
    ],
    [
      "a nonce of 15 bytes",
      "x-nonce",
      "ab".repeat(15),
      "X-Nonce must be 16 to 64 bytes as lower-case hex without 0x",
    ],
    [
      "a nonce of 65 bytes",
      "x-nonce",
      "ab".repeat(65),
      "X-Nonce must be 16 to 64 bytes as lower-case hex without 0x",
    ],
    [
      "a nonce of odd length",
      "x-nonce",
      "ab".repeat(16) + "c",
      "X-Nonce must be 16 to 64 bytes as lower-case hex without 0x",
    ],
    [
      "a nonce in upper case",
      "x-nonce",
      "AB".repeat(16),
      "X-Nonce must be 16 to 64 bytes as lower-case hex without 0x",
    ],
    [
      "a nonce with 0x",
      "x-nonce",
      "0x" + "ab".repeat(16),
      "X-Nonce must be 16 to 64 bytes as lower-case hex without 0x",
    ],
    [
      "a nonce with a non-hex digit",
      "x-nonce",
      "ab".repeat(15) + "ag",
      "X-Nonce must be 16 to 64 bytes as lower-case hex without 0x",
    ],
    [
      "a signature without 0x",
      "x-signature",
      good["x-signature"].slice(2),
      "X-Signature must be 65 bytes as 0x-prefixed hex",
    ],
    [
      "a signature of 64 bytes",
      "x-signature",
      good["x-signature"].slice(0, 130),
      "X-Signature must be 65 bytes as 0x-prefixed hex",
    ],
    [
      "a signature of 66 bytes",
      "x-signature",
      good["x-signature"] + "00",
      "X-Signature must be 65 bytes as 0x-prefixed hex",
    ],
    [
      "a signature with a non-hex digit",
      "x-signature",
      good["x-signature"].slice(0, 131) + "x",
      "X-Signature must be 65 bytes as 0x-prefixed hex",
    ],
    [
      "a signature with v 0",
      "x-signature",
      withSignature(r, s, 0),
      "X-Signature must be a signature with v 27 or 28",
    ],
    [
      "a signature with v 1",
      "x-signature",
      withSignature(r, s, 1),
      "X-Signature must be a signature with v 27 or 28",
    ],
    [
      "a signature with v 29",
      "x-signature",
      withSignature(r, s, 29),
      "X-Signature must be a signature with v 27 or 28",
    ],
    [
      "a signature with v 37 (EIP-155)",
      "x-signature",
      withSignature(r, s, 37),
      "X-Signature must be a signature with v 27 or 28",
    ],
    [
      "a signature with high s",
      "x-signature",
      withSignature(r, N - s, 27),
      "X-Signature must be a signature with low s (1..n/2)",
    ],
    [
      "a signature with s = n/2 + 1",
      "x-signature",
      withSignature(r, N / 2n + 1n, 27),
      "X-Signature must be a signature with low s (1..n/2)",
    ],
    [
      "a signature with s = 0",
      "x-signature",
      withSignature(r, 0n, 27),
      "X-Signature must be a signature with low s (1..n/2)",
    ],
    [
      "a signature with r = 0",
      "x-signature",
      withSignature(0n, s, 27),
      "X-Signature must be a signature with r in 1..n-1",
    ],
    [
      "a signature with r = n",
      "x-signature",
      withSignature(N, s, 27),
      "X-Signature must be a signature with r in 1..n-1",
    ],
  ];

  it.each(malformed)("answers 400 VALIDATION_FAILED for %s", (_, name, value, message) => {
    const error = thrownBy(() => parseSignedHeaders({ ...good, [name]: value }));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 400, message });
    expect(error.details).toEqual({ header: message.split(" ")[0] });
  });

  it("accepts s = n/2 exactly and r = n - 1 as far as form goes", () => {
    const signature = withSignature(N - 1n, N / 2n, 28);
    expect(parseSignedHeaders({ ...good, "x-signature": signature }).signature).toBe(signature);
  });
});
