import { randomBytes } from "node:crypto";

import { keccak256 as ethersKeccak256 } from "ethers";
import { describe, expect, it } from "vitest";

import { keccak256, keccak256Hex } from "../../ledger-service/src/signing";

describe("keccak256", () => {
  it("hashes the empty input and 'abc' to their known Keccak-256 values", () => {
    expect(keccak256Hex(Buffer.alloc(0))).toBe(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
    expect(keccak256Hex(Buffer.from("abc"))).toBe(
      "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    );
  });

  it("equals ethers' keccak256 for every length from 0 to 600 bytes", () => {
    for (let length = 0; length <= 600; length++) {
      const data = randomBytes(length);
      expect(keccak256Hex(data)).toBe(ethersKeccak256(data));
    }
  });

  it("hands out a fresh buffer per hash, untouched by later hashes", () => {
    const first = keccak256(Buffer.from("first"));
    const copy = Buffer.from(first);
    keccak256(Buffer.from("second"));
    expect(first.equals(copy)).toBe(true);
  });
});
