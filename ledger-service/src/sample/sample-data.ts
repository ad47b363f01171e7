/**
 * The sample data set the service loads into an empty store: fictional
 * enterprises and records of all eight categories, as providers would send
 * them. Deterministic: the same seed gives byte-identical files.
 *
 * - REGULATORY: the national penalty layout as a CSV export, UTF-8 with a
 *   byte-order mark, CRLF, quoted fields with commas, quotes and line breaks,
 *   amounts in ten-thousand yuan, mixed date forms, an extra 备注 column.
 * - UTILITIES: a CSV export in GB18030, as utilities' older systems write it.
 * - The other categories: the JSON form (English names, fen, ISO dates).
 *
 * The first five enterprises are the ones the dev accounts #5 to #9 are bound
 * to; each has records in every category, and the third has one penalty whose
 * publicity has ended.
 */
import { CATEGORIES, type Category } from "../domain/categories";
import { generateCategoryRecords } from "./category-records";
import { generateEnterprises, type SampleEnterprise } from "./enterprises";
import { encodeGb18030 } from "./gb18030-encoder";
import { SeededRandom } from "./prng";
import { renderProviderCsv } from "./provider-csv";

export type { SampleEnterprise } from "./enterprises";

export type SampleFile =
  | { category: Category; format: "csv"; body: Uint8Array }
  | { category: Category; format: "json"; body: unknown[] };

export interface SampleData {
  enterprises: SampleEnterprise[];
  /** One file per category, in category order. */
  files: SampleFile[];
}

export const DEFAULT_ENTERPRISE_COUNT = 1000;

export function generateSampleData(
  seed: number,
  enterpriseCount = DEFAULT_ENTERPRISE_COUNT,
): SampleData {
  const random = new SeededRandom(seed);
  const enterprises = generateEnterprises(random, enterpriseCount);
  const records = generateCategoryRecords(random, enterprises);

  const files = CATEGORIES.map((category): SampleFile => {
    if (category === "REGULATORY") {
      const text = renderProviderCsv(random, category, records[category], {
        extraColumns: ["备注"],
      });
      return { category, format: "csv", body: new TextEncoder().encode("\ufeff" + text) };
    }
    if (category === "UTILITIES") {
      const text = renderProviderCsv(random, category, records[category]);
      return { category, format: "csv", body: encodeGb18030(text) };
    }
    return { category, format: "json", body: records[category] };
  });

  return { enterprises, files };
}
