/** The import layer's public surface. */
export { decodeText, type DecodedText, type TextEncodingName } from "./decode-text";
export { parseCsv, type CsvRecord } from "./csv";
export { chinaDate, parseDate, parseMonth } from "./dates";
export { parseFen, wanYuanToFen } from "./amounts";
export { SCHEMAS, headersOf, type CategorySchema, type FieldSpec, type FieldType } from "./schemas";
export { normalizeCell, valueFromCell, valueFromJson } from "./field-values";
export { contentHashOf, naturalKeyOf, type ImportedRecord } from "./record";
export { isServable } from "./publicity";
export { parseCsvImport, parseJsonImport, type ImportParse } from "./importer";
