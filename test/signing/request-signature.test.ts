import { Wallet, hashMessage, verifyMessage } from "ethers";
import { describe, expect, it } from "vitest";

import { LedgerError } from "../../ledger-service/src/errors";
import {
  InMemoryNonceStore,
  REQUEST_TIME_WINDOW_MS,
  SECP256K1_BACKEND,
  bodySha256Hex,
  recoverAddress,
  signRequest,
  signingLines,
  verifyRequestSignature,
  type IncomingSignedRequest,
  type NonceStore,
  type RequestToSign,
  type SignedRequestHeaders,
} from "../../ledger-service/src/signing";

const BANK = new Wallet("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const OTHER = new Wallet("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
const LEDGER = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const NOW = 1767225600000;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const BODY = '{"uscc":"91350100M000100Y43","categories":["BASIC"],"purpose":"PRE_LOAN"}';

let nonceCounter = 0;
function freshNonce(): string {
  nonceCounter += 1;
  return nonceCounter.toString(16).padStart(32, "0");
}

function signed(overrides: Partial<RequestToSign> = {}, wallet: Wallet = BANK) {
  const request: RequestToSign = {
    chainId: 31337,
    ledger: LEDGER,
    method: "POST",
    target: "/v1/queries",
    body: BODY,
    timestamp: NOW,
    nonce: freshNonce(),
    ...overrides,
  };
  return { request, headers: signRequest(wallet, request) };
}

function incoming(
  request: RequestToSign,
  headers: SignedRequestHeaders | Record<string, string>,
): IncomingSignedRequest {
  return { method: request.method, target: request.target, headers, body: request.body };
}

function context(nonceStore: NonceStore = new InMemoryNonceStore(), now = NOW) {
  return { chainId: 31337, ledger: LEDGER, nonceStore, now };
}

async function rejection(promise: Promise<unknown>): Promise<LedgerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  return error as LedgerError;
}

function withS(signature: string, transform: (s: bigint) => bigint, v: number): string {
  const s = transform(BigInt("0x" + signature.slice(66, 130)));
  return signature.slice(0, 66) + s.toString(16).padStart(64, "0") + v.toString(16);
}

describe("signingLines", () => {
  it("joins the eight lines with \\n, lower-cases the ledger and upper-cases the method", () => {
    expect(
      signingLines({
        chainId: 31337n,
        ledger: LEDGER,
        method: "post",
        target: "/v1/queries?x=%2F",
        timestamp: "1767225600000",
        nonce: "ab".repeat(16),
        bodySha256Hex: bodySha256Hex(),
      }),
    ).toBe(
      [
        "CREDIT-LEDGER-REQUEST-V1",
        "31337",
        "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        "POST",
        "/v1/queries?x=%2F",
        "1767225600000",
        "ab".repeat(16),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      ].join("\n"),
    );
  });

  it("hashes a body given as bytes and as a string alike, and no body as the empty string", () => {
    expect(bodySha256Hex(Buffer.from("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(bodySha256Hex("abc")).toBe(bodySha256Hex(Buffer.from("abc")));
    expect(bodySha256Hex("")).toBe(bodySha256Hex(undefined));
  });

  it.each([
    ["a target with a line break", { target: "/v1/queries\nPOST" }, "target"],
    ["a target with a space", { target: "/v1/a b" }, "target"],
    ["a target with a raw non-ASCII character", { target: "/v1/é" }, "target"],
    ["an empty target", { target: "" }, "target"],
    ["a method with a line break", { method: "GET\n" }, "method"],
    ["a ledger that is not an address", { ledger: "0x1234" }, "ledger"],
    ["a negative chain id", { chainId: -1 }, "chainId"],
    ["a fractional chain id", { chainId: 1.5 }, "chainId"],
    ["a nonce with a line break", { nonce: "ab\ncd" }, "nonce"],
    ["a body hash in upper case", { bodySha256Hex: "E3B0".padEnd(64, "0") }, "bodySha256Hex"],
  ])("refuses %s with VALIDATION_FAILED", (_, override, field) => {
    let error: unknown;
    try {
      signingLines({
        chainId: 1,
        ledger: LEDGER,
        method: "GET",
        target: "/v1/consents",
        timestamp: "1",
        nonce: "ab".repeat(16),
        bodySha256Hex: bodySha256Hex(),
        ...override,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 400, details: { field } });
  });
});

describe("signRequest", () => {
  it("makes a low-s, v 27/28 signature that ethers verifies as the signer", () => {
    for (let i = 0; i < 50; i++) {
      const { request, headers } = signed({ body: `{"i":${i}}` });
      const lines = signingLines({
        ...request,
        timestamp: headers["x-timestamp"],
        nonce: headers["x-nonce"],
        bodySha256Hex: bodySha256Hex(request.body),
      });
      const signature = headers["x-signature"];
      expect(BigInt("0x" + signature.slice(66, 130)) <= N / 2n).toBe(true);
      expect(["1b", "1c"]).toContain(signature.slice(130));
      expect(verifyMessage(lines, signature)).toBe(BANK.address);
    }
  });

  it("makes up a 16-byte nonce and the current timestamp when none are given", () => {
    const before = Date.now();
    const headers = signRequest(BANK, { chainId: 1, ledger: LEDGER, method: "GET", target: "/" });
    expect(headers["x-nonce"]).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(headers["x-timestamp"])).toBeGreaterThanOrEqual(before);
    expect(Number(headers["x-timestamp"])).toBeLessThanOrEqual(Date.now());
    expect(headers["x-signer"]).toBe("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
  });

  it("refuses a nonce or timestamp the service would refuse", () => {
    const request = { chainId: 1, ledger: LEDGER, method: "GET", target: "/" };
    expect(() => signRequest(BANK, { ...request, nonce: "AB".repeat(16) })).toThrow(
      "nonce must be 16 to 64 bytes as lower-case hex",
    );
    expect(() => signRequest(BANK, { ...request, timestamp: -5 })).toThrow(
      "timestamp must be Unix ms in decimal digits",
    );
  });
});

describe("recoverAddress", () => {
  it("runs on the native libsecp256k1 build on this machine", () => {
    expect(SECP256K1_BACKEND).toBe("native");
  });

  it("recovers the same address as ethers for many keys and messages", () => {
    for (let i = 0; i < 100; i++) {
      const wallet = Wallet.createRandom();
      const message = `message ${i}`;
      const signature = wallet.signMessageSync(message);
      const digest = Buffer.from(hashMessage(message).slice(2), "hex");
      expect(recoverAddress(digest, Buffer.from(signature.slice(2), "hex"))).toBe(
        wallet.address.toLowerCase(),
      );
    }
  });

  it("answers undefined when r is not the x coordinate of a point on the curve", () => {
    const digest = Buffer.alloc(32, 1);
    const signature = Buffer.alloc(65);
    signature[31] = 5; // x = 5 has no point on secp256k1
    signature[63] = 1;
    signature[64] = 27;
    expect(recoverAddress(digest, signature)).toBeUndefined();
  });
});

describe("verifyRequestSignature", () => {
  it("answers the signer in lower case, the EIP-191 digest and the signature", async () => {
    const { request, headers } = signed();
    const verified = await verifyRequestSignature(incoming(request, headers), context());

    const lines = signingLines({
      ...request,
      timestamp: String(NOW),
      nonce: headers["x-nonce"],
      bodySha256Hex: bodySha256Hex(BODY),
    });
    expect(verified).toEqual({
      signer: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
      digest: hashMessage(lines),
      signature: headers["x-signature"],
    });
  });

  it("accepts a body passed as the raw Buffer that was signed as a string", async () => {
    const { request, headers } = signed();
    const raw = { ...incoming(request, headers), body: Buffer.from(BODY, "utf8") };
    await expect(verifyRequestSignature(raw, context())).resolves.toMatchObject({
      signer: BANK.address.toLowerCase(),
    });
  });

  it("accepts a GET with no body, signed as the SHA-256 of the empty string", async () => {
    const { request, headers } = signed({ method: "GET", target: "/v1/consents", body: undefined });
    await expect(
      verifyRequestSignature(incoming(request, headers), context()),
    ).resolves.toMatchObject({ signer: BANK.address.toLowerCase() });
    const empty = signed({ method: "GET", target: "/v1/consents", body: "" });
    await expect(
      verifyRequestSignature(
        { ...incoming(empty.request, empty.headers), body: undefined },
        context(),
      ),
    ).resolves.toMatchObject({ signer: BANK.address.toLowerCase() });
  });

  it("answers 400 VALIDATION_FAILED for a missing header before any other check", async () => {
    const { request, headers } = signed({ timestamp: NOW - 3_600_000 });
    const { "x-nonce": _, ...withoutNonce } = headers;
    const error = await rejection(
      verifyRequestSignature(incoming(request, withoutNonce), context()),
    );
    expect(error).toMatchObject({
      code: "VALIDATION_FAILED",
      status: 400,
      message: "X-Nonce header is missing",
    });
  });

  it.each([
    ["exactly 5 minutes behind", -REQUEST_TIME_WINDOW_MS],
    ["exactly 5 minutes ahead", REQUEST_TIME_WINDOW_MS],
    ["a second behind", -1000],
  ])("accepts a timestamp %s of the server's clock", async (_, skew) => {
    const { request, headers } = signed({ timestamp: NOW + skew });
    await expect(
      verifyRequestSignature(incoming(request, headers), context()),
    ).resolves.toMatchObject({ signer: BANK.address.toLowerCase() });
  });

  it.each([
    ["more than 5 minutes behind", -REQUEST_TIME_WINDOW_MS - 1],
    ["more than 5 minutes ahead", REQUEST_TIME_WINDOW_MS + 1],
    ["a day behind", -86_400_000],
  ])("answers 401 TIMESTAMP_STALE for a timestamp %s", async (_, skew) => {
    const { request, headers } = signed({ timestamp: NOW + skew });
    const error = await rejection(verifyRequestSignature(incoming(request, headers), context()));
    expect(error).toMatchObject({
      code: "TIMESTAMP_STALE",
      status: 401,
      message: `X-Timestamp is ${skew} ms from the server's clock; at most 300000 ms either way`,
      details: { serverTime: NOW, windowMs: REQUEST_TIME_WINDOW_MS },
    });
  });

  it("answers 401 SIGNATURE_INVALID when another key signed for the claimed signer", async () => {
    const { request, headers } = signed({}, OTHER);
    const forged = { ...headers, "x-signer": BANK.address };
    const error = await rejection(verifyRequestSignature(incoming(request, forged), context()));
    expect(error).toMatchObject({
      code: "SIGNATURE_INVALID",
      status: 401,
      message: "X-Signature is not X-Signer's signature over this request's eight lines",
    });
  });

  it.each([
    ["the method", (r: IncomingSignedRequest) => ({ ...r, method: "PUT" })],
    ["the path", (r: IncomingSignedRequest) => ({ ...r, target: "/v1/queries/" })],
    ["the query string", (r: IncomingSignedRequest) => ({ ...r, target: "/v1/queries?x=1" })],
    ["the body", (r: IncomingSignedRequest) => ({ ...r, body: BODY.replace("BASIC", "TAX") })],
    ["the body, dropped", (r: IncomingSignedRequest) => ({ ...r, body: undefined })],
    [
      "the timestamp",
      (r: IncomingSignedRequest) => ({
        ...r,
        headers: { ...r.headers, "x-timestamp": String(NOW + 1) },
      }),
    ],
    [
      "the nonce",
      (r: IncomingSignedRequest) => ({
        ...r,
        headers: { ...r.headers, "x-nonce": "ff".repeat(16) },
      }),
    ],
  ])("answers 401 SIGNATURE_INVALID when %s differs from what was signed", async (_, tamper) => {
    const { request, headers } = signed();
    const error = await rejection(
      verifyRequestSignature(tamper(incoming(request, headers)), context()),
    );
    expect(error).toMatchObject({ code: "SIGNATURE_INVALID", status: 401 });
  });

  it("signs the method in upper case, so its case as received does not matter", async () => {
    const { request, headers } = signed();
    await expect(
      verifyRequestSignature({ ...incoming(request, headers), method: "post" }, context()),
    ).resolves.toMatchObject({ signer: BANK.address.toLowerCase() });
  });

  it("answers 401 SIGNATURE_INVALID for a request signed for another ledger or chain", async () => {
    const otherLedger = signed({ ledger: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" });
    const otherChain = signed({ chainId: 1 });
    for (const { request, headers } of [otherLedger, otherChain]) {
      const error = await rejection(verifyRequestSignature(incoming(request, headers), context()));
      expect(error).toMatchObject({ code: "SIGNATURE_INVALID", status: 401 });
    }
  });

  it("signs the target as sent: a decoded or re-encoded query string does not verify", async () => {
    const target = "/v1/enterprises/91350100M000100Y43/access-log?cursor=a%2Fb%3D%3D&limit=5";
    const { request, headers } = signed({ method: "GET", target, body: undefined });
    await expect(
      verifyRequestSignature(incoming(request, headers), context()),
    ).resolves.toBeDefined();

    for (const variant of [
      "/v1/enterprises/91350100M000100Y43/access-log?cursor=a/b==&limit=5",
      "/v1/enterprises/91350100M000100Y43/access-log?cursor=a%2fb%3d%3d&limit=5",
      "/v1/enterprises/91350100M000100Y43/access-log?limit=5&cursor=a%2Fb%3D%3D",
    ]) {
      const { headers: again } = signed({ method: "GET", target, body: undefined });
      const error = await rejection(
        verifyRequestSignature({ ...incoming(request, again), target: variant }, context()),
      );
      expect(error.code).toBe("SIGNATURE_INVALID");
    }
  });

  it("answers 400 for the high-s twin of a signature, which recovers to the same key", async () => {
    const { request, headers } = signed();
    const v = headers["x-signature"].endsWith("1b") ? 28 : 27;
    const twin = withS(headers["x-signature"], (s) => N - s, v);
    const lines = signingLines({
      ...request,
      timestamp: String(NOW),
      nonce: headers["x-nonce"],
      bodySha256Hex: bodySha256Hex(BODY),
    });
    const digest = Buffer.from(hashMessage(lines).slice(2), "hex");
    expect(recoverAddress(digest, Buffer.from(twin.slice(2), "hex"))).toBe(
      BANK.address.toLowerCase(),
    );

    const error = await rejection(
      verifyRequestSignature(incoming(request, { ...headers, "x-signature": twin }), context()),
    );
    expect(error).toMatchObject({
      code: "VALIDATION_FAILED",
      status: 400,
      message: "X-Signature must be a signature with low s (1..n/2)",
    });
  });

  it("answers 400 for the same signature with v 0 or 1 in place of 27 or 28", async () => {
    const { request, headers } = signed();
    for (const v of ["00", "01"]) {
      const signature = headers["x-signature"].slice(0, 130) + v;
      const error = await rejection(
        verifyRequestSignature(
          incoming(request, { ...headers, "x-signature": signature }),
          context(),
        ),
      );
      expect(error).toMatchObject({
        code: "VALIDATION_FAILED",
        message: "X-Signature must be a signature with v 27 or 28",
      });
    }
  });

  it("answers 401 SIGNATURE_INVALID when v is flipped between 27 and 28", async () => {
    const { request, headers } = signed();
    const v = headers["x-signature"].endsWith("1b") ? "1c" : "1b";
    const flipped = headers["x-signature"].slice(0, 130) + v;
    const error = await rejection(
      verifyRequestSignature(incoming(request, { ...headers, "x-signature": flipped }), context()),
    );
    expect(error.code).toBe("SIGNATURE_INVALID");
  });

  it("answers 401 NONCE_REUSED when the same request comes again", async () => {
    const store = new InMemoryNonceStore();
    const { request, headers } = signed();
    await verifyRequestSignature(incoming(request, headers), context(store));

    const error = await rejection(
      verifyRequestSignature(incoming(request, headers), context(store, NOW + 1000)),
    );
    expect(error).toMatchObject({
      code: "NONCE_REUSED",
      status: 401,
      message: "X-Nonce was already used by this signer",
      details: { header: "X-Nonce" },
    });
  });

  it("answers NONCE_REUSED for a new request that repeats a signer's nonce", async () => {
    const store = new InMemoryNonceStore();
    const nonce = freshNonce();
    const first = signed({ nonce, target: "/v1/queries" });
    const second = signed({ nonce, target: "/v1/consents", method: "GET", body: undefined });
    await verifyRequestSignature(incoming(first.request, first.headers), context(store));
    const error = await rejection(
      verifyRequestSignature(incoming(second.request, second.headers), context(store)),
    );
    expect(error.code).toBe("NONCE_REUSED");
  });

  it("keeps nonces per signer: another signer may use the same nonce", async () => {
    const store = new InMemoryNonceStore();
    const nonce = freshNonce();
    const mine = signed({ nonce });
    const theirs = signed({ nonce }, OTHER);
    await verifyRequestSignature(incoming(mine.request, mine.headers), context(store));
    await expect(
      verifyRequestSignature(incoming(theirs.request, theirs.headers), context(store)),
    ).resolves.toMatchObject({ signer: OTHER.address.toLowerCase() });
  });

  it("does not use up a nonce on a request that failed its signature check", async () => {
    const store = new InMemoryNonceStore();
    const nonce = freshNonce();
    const { request, headers } = signed({ nonce });
    const forged = signed({ nonce }, OTHER).headers;

    const error = await rejection(
      verifyRequestSignature(
        incoming(request, { ...forged, "x-signer": BANK.address }),
        context(store),
      ),
    );
    expect(error.code).toBe("SIGNATURE_INVALID");
    expect(store.size).toBe(0);
    await expect(
      verifyRequestSignature(incoming(request, headers), context(store)),
    ).resolves.toBeDefined();
  });

  it("does not use up a nonce on a request with a stale timestamp", async () => {
    const store = new InMemoryNonceStore();
    const { request, headers } = signed();
    const late = await rejection(
      verifyRequestSignature(
        incoming(request, headers),
        context(store, NOW + REQUEST_TIME_WINDOW_MS + 1),
      ),
    );
    expect(late.code).toBe("TIMESTAMP_STALE");
    expect(store.size).toBe(0);
  });

  it("answers TIMESTAMP_STALE for a request both stale and badly signed", async () => {
    const { request, headers } = signed({ timestamp: NOW - 3_600_000 }, OTHER);
    const forged = { ...headers, "x-signer": BANK.address };
    const error = await rejection(verifyRequestSignature(incoming(request, forged), context()));
    expect(error.code).toBe("TIMESTAMP_STALE");
  });

  it("answers SIGNATURE_INVALID for a forged request that reuses a seen nonce", async () => {
    const store = new InMemoryNonceStore();
    const nonce = freshNonce();
    const { request, headers } = signed({ nonce });
    await verifyRequestSignature(incoming(request, headers), context(store));

    const forged = { ...signed({ nonce }, OTHER).headers, "x-signer": BANK.address };
    const error = await rejection(
      verifyRequestSignature(incoming(request, forged), context(store)),
    );
    expect(error.code).toBe("SIGNATURE_INVALID");
  });

  it("lets exactly one of two concurrent identical requests through", async () => {
    const store = new InMemoryNonceStore();
    const { request, headers } = signed();
    const outcomes = await Promise.allSettled([
      verifyRequestSignature(incoming(request, headers), context(store)),
      verifyRequestSignature(incoming(request, headers), context(store)),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("waits for an asynchronous nonce store", async () => {
    const claims: string[] = [];
    const store: NonceStore = {
      claim: async (signer, nonce, keepUntil, now) => {
        claims.push(`${signer} ${nonce} ${keepUntil} ${now}`);
        return false;
      },
    };
    const { request, headers } = signed();
    const error = await rejection(
      verifyRequestSignature(incoming(request, headers), context(store)),
    );
    expect(error.code).toBe("NONCE_REUSED");
    expect(claims).toEqual([
      `0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc ${headers["x-nonce"]} ${NOW + 300_000} ${NOW}`,
    ]);
  });
});
