/**
 * Money. Providers publish amounts in ten-thousand yuan (万元) as decimal
 * text; the ledger keeps fen (1 万元 = 10,000 yuan = 1,000,000 fen) as decimal
 * strings. Conversion is digit shifting on strings, so no amount ever passes
 * through a binary floating-point number.
 */
import { LedgerError } from "../errors";
import { toNfkc } from "./nfkc";

/** Decimal places of ten-thousand yuan that are still whole fen. */
export const WAN_YUAN_DECIMALS = 6;

const WAN_YUAN_FORM = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
const FEN_FORM = /^\d+$/;

/**
 * `"1.5"`, `"0.0125"`, `"12,000.5"` or full-width digits (after NFKC) in
 * ten-thousand yuan, as fen: `"1500000"`, `"12500"`, `"12000500000"`.
 *
 * Throws `VALIDATION_FAILED` for a negative amount, more than 6 decimal
 * places (finer than one fen), exponents, misplaced thousands separators or
 * anything else that is not a plain decimal number.
 */
export function wanYuanToFen(input: string): string {
  const text = toNfkc(input).trim();
  if (text.startsWith("-")) throw negative(text);

  const match = WAN_YUAN_FORM.exec(text);
  if (match === null) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not an amount in ten-thousand yuan; ` +
        "expected a plain decimal number such as 1.5 or 12,000.5",
    );
  }
  const whole = match[1].replaceAll(",", "");
  const fraction = match[2] ?? "";
  if (fraction.length > WAN_YUAN_DECIMALS) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} has ${fraction.length} decimal places; ten-thousand yuan ` +
        `take at most ${WAN_YUAN_DECIMALS} (one fen)`,
    );
  }

  return stripLeadingZeros(whole + fraction.padEnd(WAN_YUAN_DECIMALS, "0"));
}

/**
 * A whole number of fen as given in the JSON form (`"1500000"`), without
 * leading zeros. Throws `VALIDATION_FAILED` for anything but digits.
 */
export function parseFen(input: string): string {
  const text = toNfkc(input).trim();
  if (text.startsWith("-")) throw negative(text);
  if (!FEN_FORM.test(text)) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${JSON.stringify(text)} is not a whole number of fen; expected digits only`,
    );
  }
  return stripLeadingZeros(text);
}

/**
 * Fen as ten-thousand yuan, the way provider files write amounts: `"1500000"`
 * gives `"1.5"`, `"100"` gives `"0.0001"`, `"0"` gives `"0"`. The inverse of
 * `wanYuanToFen` for canonical fen. Throws `VALIDATION_FAILED` for anything
 * but a whole number of fen.
 */
export function fenToWanYuan(fen: string): string {
  const digits = parseFen(fen).padStart(WAN_YUAN_DECIMALS + 1, "0");
  const whole = stripLeadingZeros(digits.slice(0, -WAN_YUAN_DECIMALS));
  const fraction = digits.slice(-WAN_YUAN_DECIMALS).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return digits.slice(i);
}

function negative(text: string): LedgerError {
  return new LedgerError(
    "VALIDATION_FAILED",
    `${JSON.stringify(text)} is negative; amounts are zero or more`,
  );
}
