import { describe, expect, it } from "vitest";

import { decodeText } from "../../ledger-service/src/import/decode-text";
import { encodeGb18030 } from "../../ledger-service/src/sample/gb18030-encoder";

/** GB18030 codes written out by hand from the GBK table. */
const GB18030 = {
  罚: [0xb7, 0xa3],
  款: [0xbf, 0xee],
  金: [0xbd, 0xf0],
  额: [0xb6, 0xee],
  "（": [0xa3, 0xa8],
  万: [0xcd, 0xf2],
  元: [0xd4, 0xaa],
  "）": [0xa3, 0xa9],
} as const;

const HEADER_BYTES = Object.values(GB18030).flat();

describe("decodeText", () => {
  it("reads UTF-8 without a byte-order mark", () => {
    expect(decodeText(new TextEncoder().encode("罚款,1\r\n"))).toEqual({
      text: "罚款,1\r\n",
      encoding: "utf-8",
    });
  });

  it("strips a UTF-8 byte-order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("罚款")]);
    expect(decodeText(bytes)).toEqual({ text: "罚款", encoding: "utf-8" });
  });

  it("keeps a second byte-order mark as content", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61]);
    expect(decodeText(bytes).text).toBe("\ufeffa");
  });

  it("reads GB18030 bytes that are not valid UTF-8", () => {
    expect(decodeText(new Uint8Array([...HEADER_BYTES, 0x2c, 0x31]))).toEqual({
      text: "罚款金额（万元）,1",
      encoding: "gb18030",
    });
  });

  it("reads four-byte GB18030 characters", () => {
    // U+20000 is 95 32 82 36 in GB18030; U+00B7 (middle dot) is A1 A4.
    const bytes = new Uint8Array([0xb7, 0xa3, 0x95, 0x32, 0x82, 0x36, 0xa1, 0xa4]);
    expect(decodeText(bytes)).toEqual({ text: "罚\u{20000}\u00b7", encoding: "gb18030" });
  });

  it("prefers UTF-8 for pure ASCII", () => {
    expect(decodeText(new TextEncoder().encode("a,b"))).toEqual({ text: "a,b", encoding: "utf-8" });
  });

  it("refuses bytes with a UTF-8 mark that are not UTF-8", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0xb7, 0xa3]);
    expect(() => decodeText(bytes)).toThrow(
      "the file starts with a UTF-8 byte-order mark but is not valid UTF-8",
    );
  });

  it("refuses bytes that are neither UTF-8 nor GB18030", () => {
    // 0xFF is never a GB18030 lead byte, and never valid in UTF-8.
    expect(() => decodeText(new Uint8Array([0x61, 0xff, 0x62]))).toThrow(
      "the file is neither valid UTF-8 nor valid GB18030 text",
    );
  });
});

describe("encodeGb18030 (sample files)", () => {
  it("writes the codes of the GBK table", () => {
    expect([...encodeGb18030("罚款金额（万元）")]).toEqual(HEADER_BYTES);
  });

  it("writes ASCII as single bytes", () => {
    expect([...encodeGb18030("a,\r\n")]).toEqual([0x61, 0x2c, 0x0d, 0x0a]);
  });

  it("refuses a character outside the two-byte range", () => {
    expect(() => encodeGb18030("\u{20000}")).toThrow("U+D840 has no two-byte GB18030 code");
  });
});
