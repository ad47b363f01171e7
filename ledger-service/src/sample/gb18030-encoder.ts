/**
 * A GB18030 encoder for sample files, limited to ASCII and the two-byte part
 * of GB18030 (which holds every character of GBK, so every common Chinese
 * character and full-width form). Node ships a GB18030 decoder but no
 * encoder; the table is the decoder run backwards over every two-byte code.
 */
import { LedgerError } from "../errors";

let table: Map<number, number> | null = null;

/**
 * The GB18030 bytes of `text`. Throws `INTERNAL` for a character outside
 * ASCII and the two-byte range (a four-byte character), which sample data
 * does not use.
 */
export function encodeGb18030(text: string): Uint8Array {
  const codes = twoByteTable();
  const bytes = new Uint8Array(text.length * 2);
  let length = 0;

  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes[length++] = unit;
      continue;
    }
    const code = codes.get(unit);
    if (code === undefined) {
      const hex = unit.toString(16).toUpperCase().padStart(4, "0");
      throw new LedgerError("INTERNAL", `U+${hex} has no two-byte GB18030 code`);
    }
    bytes[length++] = code >> 8;
    bytes[length++] = code & 0xff;
  }

  return bytes.slice(0, length);
}

/** UTF-16 unit to two-byte code (lead << 8 | trail), built once from the decoder. */
function twoByteTable(): Map<number, number> {
  if (table !== null) return table;

  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail !== 0x7f) pairs.push((lead << 8) | trail);
    }
  }
  const decoder = new TextDecoder("gb18030");
  const built = new Map<number, number>();
  for (const pair of pairs) {
    const char = decoder.decode(Uint8Array.of(pair >> 8, pair & 0xff));
    const unit = char.charCodeAt(0);
    // Keep the first code of a character, skip undefined codes and anything not one BMP unit.
    if (char.length === 1 && unit !== 0xfffd && !built.has(unit)) built.set(unit, pair);
  }

  table = built;
  return table;
}
