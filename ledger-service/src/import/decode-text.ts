/**
 * Provider files arrive as UTF-8 (with or without a byte-order mark) or as
 * GB18030, undeclared. Strict UTF-8 is tried first: GB18030 byte sequences
 * are almost never valid UTF-8, while a valid UTF-8 file read as GB18030
 * would silently turn into other Chinese characters.
 */
import { LedgerError } from "../errors";

export type TextEncodingName = "utf-8" | "gb18030";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * The text of a provider file and the encoding it was read as.
 *
 * A leading UTF-8 byte-order mark is stripped and declares the file UTF-8.
 * Throws `VALIDATION_FAILED` when the bytes are neither valid UTF-8 nor
 * valid GB18030, or carry the mark but are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;

  const utf8 = tryDecode("utf-8", body);
  if (utf8 !== null) return { text: utf8, encoding: "utf-8" };
  if (hasBom) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "the file starts with a UTF-8 byte-order mark but is not valid UTF-8",
    );
  }

  const gb18030 = tryDecode("gb18030", body);
  if (gb18030 !== null) return { text: gb18030, encoding: "gb18030" };
  throw new LedgerError(
    "VALIDATION_FAILED",
    "the file is neither valid UTF-8 nor valid GB18030 text",
  );
}

function tryDecode(encoding: TextEncodingName, bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: a leading mark was already stripped; a second one is content.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
