/**
 * The Unified Social Credit Code (GB 32100-2015): 18 characters, being the
 * registration authority, the entity type, a 6-digit administrative division,
 * a 9-character organisation code and a check character.
 *
 * Input is normalised before it is judged (NFKC for full-width characters
 * pasted from spreadsheets, surrounding spaces, lower case); whatever still
 * fails is rejected with a reason that names the position and the problem.
 */
import { LedgerError } from "../errors";

/** The 31 symbols in value order: digits and upper-case letters without I, O, S, V, Z. */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

export const USCC_LENGTH = 18;

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Value of each symbol by char code, -1 outside the alphabet (codes >= 128 included). */
const VALUE_OF_CODE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) VALUE_OF_CODE[USCC_ALPHABET.charCodeAt(i)] = i;

const ALPHABET_DESCRIPTION = "0-9 and A-Y without I, O, S, V, Z";

/** NFKC, trimmed, upper-case: the form in which a USCC is stored and compared. */
export function normalizeUscc(input: string): string {
  // Printable ASCII is already NFKC; skipping it keeps bulk imports fast.
  const text = /^[\x20-\x7e]*$/.test(input) ? input : input.normalize("NFKC");
  return text.trim().toUpperCase();
}

/**
 * The check character for the first 17 characters of a code.
 *
 * Requirements: `first17` is exactly 17 characters of the code alphabet
 * (already normalised); otherwise throws `INVALID_USCC`.
 */
export function computeCheckCharacter(first17: string): string {
  if (first17.length !== WEIGHTS.length) {
    throw invalid(
      first17,
      `expected 17 characters before the check character, got ${first17.length}`,
    );
  }

  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    const value = valueOf(first17, i);
    if (value < 0) throw invalid(first17, outsideAlphabet(i, first17[i]));
    sum += value * WEIGHTS[i];
  }

  // 31 - (sum mod 31), where 31 stands for 0; the outer mod folds that case.
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check];
}

/**
 * The normalised code, or `INVALID_USCC` with the first problem found, in this
 * order: not a string, length, a character outside the alphabet, positions 3-8
 * not digits, wrong check character.
 */
export function parseUscc(input: unknown): string {
  if (typeof input !== "string") {
    throw new LedgerError("INVALID_USCC", `USCC must be a string, got ${describeType(input)}`);
  }
  const code = normalizeUscc(input);

  if (code.length !== USCC_LENGTH) {
    throw invalid(code, `must be 18 characters, got ${code.length}`);
  }
  for (let i = 0; i < USCC_LENGTH; i++) {
    if (valueOf(code, i) < 0) throw invalid(code, outsideAlphabet(i, code[i]));
  }
  for (let i = 2; i < 8; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) {
      throw invalid(
        code,
        `positions 3-8 (administrative division) must be digits; position ${i + 1} is "${code[i]}"`,
      );
    }
  }
  const expected = computeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    throw invalid(code, `check character expected ${expected}, got ${code[17]}`);
  }

  return code;
}

export function isValidUscc(input: unknown): boolean {
  try {
    parseUscc(input);
    return true;
  } catch (error) {
    if (error instanceof LedgerError) return false;
    throw error;
  }
}

function valueOf(code: string, index: number): number {
  const charCode = code.charCodeAt(index);
  return charCode < 128 ? VALUE_OF_CODE[charCode] : -1;
}

function outsideAlphabet(index: number, char: string): string {
  const shown = JSON.stringify(char);
  return `position ${index + 1} has ${shown}, outside the code alphabet (${ALPHABET_DESCRIPTION})`;
}

function invalid(code: string, reason: string): LedgerError {
  return new LedgerError("INVALID_USCC", `invalid USCC ${JSON.stringify(code)}: ${reason}`, {
    details: { uscc: code },
  });
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}
