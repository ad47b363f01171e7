/**
 * Sample records written the way provider spreadsheets export them: Chinese
 * headers, CRLF, amounts in ten-thousand yuan, enum values in Chinese, dates
 * in the three forms providers mix, and RFC 4180 quoting wherever a field
 * holds a comma, a quote or a line break.
 */
import type { Category } from "../domain/categories";
import { fenToWanYuan } from "../import/amounts";
import { SCHEMAS } from "../import/schemas";
import type { SampleRecord } from "./category-records";
import type { SeededRandom } from "./prng";

export interface ProviderCsvOptions {
  /** Columns a provider adds that the schema does not know (the importer ignores them). */
  extraColumns?: readonly string[];
}

export function renderProviderCsv(
  random: SeededRandom,
  category: Category,
  records: readonly SampleRecord[],
  options: ProviderCsvOptions = {},
): string {
  const fields = SCHEMAS[category].fields;
  const extra = options.extraColumns ?? [];
  const lines = [[...fields.map((f) => f.header), ...extra].map(quoteCsvField).join(",")];

  for (const record of records) {
    const cells = fields.map((field) => {
      const text = record[field.name] ?? null;
      if (text === null) return "";
      switch (field.type) {
        case "fen":
          return fenToWanYuan(text);
        case "date":
          return formatDate(random, text);
        case "month":
          return formatMonth(random, text);
        case "enum":
          // The first Chinese spelling, as a provider's own system would print it.
          return field.values?.[text]?.[0] ?? text;
        default:
          return text;
      }
    });
    lines.push([...cells, ...extra.map(() => "")].map(quoteCsvField).join(","));
  }

  return lines.join("\r\n") + "\r\n";
}

/** RFC 4180: quoted when the field holds a comma, quote or line break; quotes doubled. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function formatDate(random: SeededRandom, iso: string): string {
  const [year, month, day] = iso.split("-");
  switch (random.int(0, 2)) {
    case 0:
      return iso;
    case 1:
      return `${year}/${Number(month)}/${Number(day)}`;
    default:
      return `${year}年${Number(month)}月${Number(day)}日`;
  }
}

function formatMonth(random: SeededRandom, period: string): string {
  const [year, month] = period.split("-");
  return random.chance(0.5) ? period : `${year}年${Number(month)}月`;
}
