/**
 * Provider imports: a CSV file as published (Chinese headers, amounts in
 * ten-thousand yuan, UTF-8 or GB18030) or the JSON form (English field names,
 * amounts in fen), checked row by row against the category's schema.
 *
 * A file-level problem (undecodable bytes, no header, a required column
 * missing, a quoted field never closed) rejects the whole file with
 * `VALIDATION_FAILED`. A bad row is rejected with its record number and the
 * reason; the good rows of the same file still come through.
 */
import { isCategory, type Category } from "../domain/categories";
import { LedgerError } from "../errors";
import { parseCsv, type CsvRecord } from "./csv";
import { decodeText } from "./decode-text";
import { columnConverter, normalizeCell, valueFromJson } from "./field-values";
import { assembleRecord, type ImportedRecord } from "./record";
import {
  SCHEMAS,
  headersOf,
  type CategorySchema,
  type FieldSpec,
  type FieldValues,
} from "./schemas";

export type { ImportedRecord } from "./record";

export interface ImportParse {
  /** `row`: the CSV record number (the header is 1) or the 1-based JSON index. */
  records: { row: number; record: ImportedRecord }[];
  rejected: { row: number; reason: string }[];
  /** Data records seen, not counting the header or rows with every cell empty. */
  rowsSeen: number;
}

/** Parses a provider CSV file of `category`. See the module note for what rejects what. */
export function parseCsvImport(bytes: Uint8Array, category: Category): ImportParse {
  const schema = schemaFor(category);
  const csv = parseCsv(decodeText(bytes).text);
  const header = csv[0];
  if (header === undefined || isBlank(header.cells)) {
    throw new LedgerError("VALIDATION_FAILED", "the file has no header row (record 1 is empty)");
  }
  if (header.error !== null) {
    throw new LedgerError("VALIDATION_FAILED", `the header row is malformed: ${header.error}`);
  }
  const columns = mapColumns(schema, header.cells);
  const converters = schema.fields.map(columnConverter);

  const parse: ImportParse = { records: [], rejected: [], rowsSeen: 0 };
  for (let i = 1; i < csv.length; i++) {
    const row = csv[i];
    if (isBlank(row.cells)) continue;
    parse.rowsSeen++;

    const reason = rowShapeProblem(row, header.cells.length);
    if (reason !== null) {
      parse.rejected.push({ row: row.recordNumber, reason });
      continue;
    }
    const outcome = buildRecord(schema, columnLabel, (field, index) => {
      const column = columns[index];
      return column < 0 ? null : converters[index](row.cells[column]);
    });
    pushOutcome(parse, row.recordNumber, outcome);
  }

  return parse;
}

/**
 * Parses the JSON form: `records` is an array of objects keyed by English
 * field names, amounts in fen. Members that are not fields are ignored; an
 * object whose members are all empty (or that has none) is skipped.
 */
export function parseJsonImport(category: Category, records: unknown): ImportParse {
  const schema = schemaFor(category);
  if (!Array.isArray(records)) {
    throw new LedgerError("VALIDATION_FAILED", "records must be an array of objects");
  }

  const parse: ImportParse = { records: [], rejected: [], rowsSeen: 0 };
  records.forEach((item: unknown, index) => {
    const row = index + 1;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      parse.rowsSeen++;
      parse.rejected.push({ row, reason: "the record is not a JSON object" });
      return;
    }
    const members = item as Record<string, unknown>;
    if (Object.values(members).every(isEmptyJson)) return;
    parse.rowsSeen++;

    const outcome = buildRecord(schema, memberLabel, (field) =>
      valueFromJson(field, ownMember(members, field.name)),
    );
    pushOutcome(parse, row, outcome);
  });

  return parse;
}

type RowOutcome = { record: ImportedRecord } | { reason: string };

/**
 * Converts every field (collecting every problem, not just the first), then
 * checks required values and the schema's cross-field rule.
 */
function buildRecord(
  schema: CategorySchema,
  label: (field: FieldSpec) => string,
  valueOf: (field: FieldSpec, index: number) => string | null,
): RowOutcome {
  const values = new Array<string | null>(schema.fields.length);
  let problems: string[] | null = null;

  for (let index = 0; index < schema.fields.length; index++) {
    const field = schema.fields[index];
    let value: string | null = null;
    try {
      value = valueOf(field, index);
      if (value === null && field.required) {
        (problems ??= []).push(`${label(field)}: required but empty`);
      }
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      (problems ??= []).push(`${label(field)}: ${error.message}`);
    }
    values[index] = value;
  }
  if (problems === null && schema.check !== undefined) {
    const problem = schema.check(fieldsByName(schema, values));
    if (problem !== null) problems = [problem];
  }

  if (problems !== null) return { reason: problems.join("; ") };
  return { record: assembleRecord(schema, values) };
}

function fieldsByName(schema: CategorySchema, values: readonly (string | null)[]): FieldValues {
  const fields: Record<string, string | null> = {};
  schema.fields.forEach((field, index) => (fields[field.name] = values[index]));
  return fields;
}

function pushOutcome(parse: ImportParse, row: number, outcome: RowOutcome): void {
  if ("record" in outcome) parse.records.push({ row, record: outcome.record });
  else parse.rejected.push({ row, reason: outcome.reason });
}

/**
 * The column index of each schema field (-1 when absent), matched on headers
 * after NFKC with white space removed, so `罚款金额(万元)` and `罚款金额 （万元）`
 * both find `fineFen`.
 */
function mapColumns(schema: CategorySchema, headerCells: readonly string[]): number[] {
  const normalizedHeaders = headerCells.map(headerKey);
  const columns: number[] = [];
  const missing: FieldSpec[] = [];

  for (const field of schema.fields) {
    const accepted = new Set(headersOf(field).map(headerKey));
    const found: number[] = [];
    normalizedHeaders.forEach((key, index) => {
      if (accepted.has(key)) found.push(index);
    });

    if (found.length > 1) {
      const positions = found.map((index) => index + 1).join(" and ");
      throw new LedgerError(
        "VALIDATION_FAILED",
        `columns ${positions} both hold ${headerLabel(field)}; keep one of them`,
        { details: { columns: found.map((index) => headerCells[index]) } },
      );
    }
    if (found.length === 0 && field.required) missing.push(field);
    columns.push(found.length === 1 ? found[0] : -1);
  }

  if (missing.length > 0) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `required column${missing.length > 1 ? "s" : ""} missing for ${schema.category}: ` +
        missing.map(headerLabel).join(", "),
      { details: { missingColumns: missing.map((field) => field.header) } },
    );
  }
  return columns;
}

function rowShapeProblem(row: CsvRecord, headerLength: number): string | null {
  if (row.error !== null) return `malformed CSV quoting in ${row.error}`;
  if (row.cells.length !== headerLength) {
    return (
      `the record has ${row.cells.length} cells but the header has ${headerLength}; ` +
      "a field with a comma or line break must be quoted"
    );
  }
  return null;
}

function schemaFor(category: Category): CategorySchema {
  if (!isCategory(category)) {
    throw new LedgerError("VALIDATION_FAILED", `unknown data category ${JSON.stringify(category)}`);
  }
  return SCHEMAS[category];
}

function headerKey(header: string): string {
  return normalizeCell(header).replace(/\s+/g, "");
}

function headerLabel(field: FieldSpec): string {
  return `${field.header} (${field.name})`;
}

function columnLabel(field: FieldSpec): string {
  return `column ${headerLabel(field)}`;
}

function memberLabel(field: FieldSpec): string {
  return `field ${field.name}`;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

function ownMember(members: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(members, name) ? members[name] : undefined;
}

function isEmptyJson(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === "string" && value.trim() === "")
  );
}
