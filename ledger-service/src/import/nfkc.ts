/**
 * Unicode NFKC, skipped for text it cannot change. Provider files are mostly
 * ASCII and common CJK ideographs, which NFKC leaves as they are; skipping
 * them saves most of the normalisation cost on large imports.
 */

/** `text.normalize("NFKC")`, computed only when `text` has a character NFKC might change. */
export function toNfkc(text: string): string {
  return isNfkcStable(text) ? text : text.normalize("NFKC");
}

/**
 * True when every character is printable ASCII, a tab or line break, or a
 * CJK Unified Ideograph of the basic block (U+4E00-U+9FFF): none of these has
 * a compatibility decomposition or combines with a neighbour.
 */
function isNfkcStable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code >= 0x4e00 && code <= 0x9fff) continue;
    if (code === 0x0a || code === 0x0d || code === 0x09) continue;
    return false;
  }
  return true;
}
