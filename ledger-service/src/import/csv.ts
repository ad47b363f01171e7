/**
 * RFC 4180 records, as spreadsheets export them: fields separated by commas,
 * records by CRLF, LF or a lone CR; a field that starts with a double quote
 * runs to the matching closing quote and may hold commas, line breaks and
 * doubled quotes (`""` for one `"`). A line break inside quotes belongs to
 * the field, so it does not start a new record.
 *
 * Records are numbered from 1 (the header, when there is one) and every
 * record counts, blank lines included, so a number always points at the same
 * record a provider sees in its spreadsheet.
 */
import { LedgerError } from "../errors";

export interface CsvRecord {
  /** 1-based position of the record in the file. */
  recordNumber: number;
  /** The fields as written: unquoted, doubled quotes undone, nothing trimmed. */
  cells: string[];
  /**
   * Malformed quoting confined to this record (a quote inside an unquoted
   * field, text after a closing quote); the record is best-effort then.
   */
  error: string | null;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits CSV text into records.
 *
 * Throws `VALIDATION_FAILED` when a quoted field is never closed: everything
 * after the opening quote would be one field, so no record boundary after it
 * can be trusted.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;

  while (i < n) {
    const recordNumber = records.length + 1;
    const cells: string[] = [];
    let error: string | null = null;

    for (;;) {
      let value: string;

      if (text.charCodeAt(i) === QUOTE) {
        value = "";
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            throw new LedgerError(
              "VALIDATION_FAILED",
              `record ${recordNumber}: the quoted field in column ${cells.length + 1} ` +
                "is never closed",
              { details: { row: recordNumber } },
            );
          }
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }

        if (i < n && !isFieldEnd(text.charCodeAt(i))) {
          error ??= `column ${cells.length + 1}: text after the closing quote of a quoted field`;
          const end = unquotedEnd(text, i);
          value += text.slice(i, end);
          i = end;
        }
      } else {
        const end = unquotedEnd(text, i);
        value = text.slice(i, end);
        if (error === null && value.includes('"')) {
          error = `column ${cells.length + 1}: a double quote inside a field that is not quoted`;
        }
        i = end;
      }

      cells.push(value);
      if (text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }

    // End of record: CRLF, LF, CR or the end of the text.
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    records.push({ recordNumber, cells, error });
  }

  return records;
}

function isFieldEnd(code: number): boolean {
  return code === COMMA || code === CR || code === LF;
}

/** Index of the comma, CR or LF that ends an unquoted field starting at `from`. */
function unquotedEnd(text: string, from: number): number {
  const n = text.length;
  let i = from;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === CR || code === LF) return i;
    i++;
  }
  return n;
}
