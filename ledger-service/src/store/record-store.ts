import type { Category } from "../domain/categories";
import type { ImportedRecord } from "../import/importer";
import { canonicalFieldsJson } from "../receipts/response-hash";
import type { BatchOperation, LedgerDatabase } from "./database";

/** The served version of a record, with where it came from. */
export interface StoredRecord {
  record: ImportedRecord;
  version: number;
  batchHash: string;
  provider: string;
  importedAt: string;
}

/** `foreign`: the record was imported by another provider, who alone may correct it. */
export type ImportDisposition = "accepted" | "duplicate" | "corrected" | "foreign";

/** A served record with its RFC 8785 canonical JSON, as the query path reads it. */
export interface ServableRecord {
  record: ImportedRecord;
  canonicalFields: string;
}

/** Enterprises whose records are kept in memory for queries, most recently used last. */
const QUERY_CACHE_ENTERPRISES = 10_000;

const SEPARATOR = "!";

function recordKey(uscc: string, category: Category, naturalKey: string): string {
  return [uscc, category, naturalKey].join(SEPARATOR);
}

/**
 * Records by enterprise and category. A record's natural key decides what a re-import is:
 * equal content is a duplicate and changes nothing; other content is a correction that
 * replaces the served version, the old one kept in the history for audit.
 */
export class RecordStore {
  private readonly current;
  private readonly history;
  private readonly queryCache = new Map<string, ServableRecord[]>();

  constructor(private readonly database: LedgerDatabase) {
    this.current = database.sublevel<StoredRecord>("records");
    this.history = database.sublevel<StoredRecord>("record-history");
  }

  /**
   * Applies parsed records of one import durably in one batch and answers, per input, what
   * happened to it. Later rows of the same import win over earlier ones with the same key.
   */
  async applyImport(
    records: readonly ImportedRecord[],
    source: { batchHash: string; provider: string; importedAt: string },
    extraOperations: readonly BatchOperation[] = [],
  ): Promise<ImportDisposition[]> {
    const keys = records.map((r) => recordKey(r.uscc, r.category, r.naturalKey));
    const existing = await this.current.getMany([...new Set(keys)]);
    const latest = new Map<string, StoredRecord | undefined>();
    [...new Set(keys)].forEach((key, i) => latest.set(key, existing[i]));

    const operations: BatchOperation[] = [...extraOperations];
    const dispositions = records.map((record, i): ImportDisposition => {
      const key = keys[i];
      const before = latest.get(key);
      if (before && before.record.contentHash === record.contentHash) return "duplicate";
      if (before && before.provider.toLowerCase() !== source.provider.toLowerCase())
        return "foreign";

      const stored: StoredRecord = { record, version: (before?.version ?? 0) + 1, ...source };
      if (before) {
        const historyKey = `${key}${SEPARATOR}${String(before.version).padStart(8, "0")}`;
        operations.push({ type: "put", sublevel: this.history, key: historyKey, value: before });
      }
      operations.push({ type: "put", sublevel: this.current, key, value: stored });
      latest.set(key, stored);
      return before ? "corrected" : "accepted";
    });

    await this.database.writeDurably(operations);
    for (const record of records) this.queryCache.delete(record.uscc);
    return dispositions;
  }

  /**
   * An enterprise's served records of `categories`, with their canonical JSON, for the query
   * path: read from LevelDB once, then from memory until an import touches the enterprise.
   */
  async forQuery(uscc: string, categories: readonly Category[]): Promise<ServableRecord[]> {
    let all = this.queryCache.get(uscc);
    if (all) {
      this.queryCache.delete(uscc);
    } else {
      all = (await this.listForEnterprise(uscc)).map(({ record }) => ({
        record,
        canonicalFields: canonicalFieldsJson(record.fields),
      }));
      if (this.queryCache.size >= QUERY_CACHE_ENTERPRISES) {
        this.queryCache.delete(this.queryCache.keys().next().value as string);
      }
    }
    this.queryCache.set(uscc, all);
    return all.filter(({ record }) => categories.includes(record.category));
  }

  /** The served versions of an enterprise's records, for the given categories (all if none). */
  async listForEnterprise(uscc: string, categories?: readonly Category[]): Promise<StoredRecord[]> {
    const prefixes = categories
      ? categories.map((c) => `${uscc}${SEPARATOR}${c}${SEPARATOR}`)
      : [`${uscc}${SEPARATOR}`];
    const found: StoredRecord[] = [];
    for (const prefix of prefixes) {
      for await (const value of this.current.values({ gte: prefix, lt: `${prefix}\xff` })) {
        found.push(value);
      }
    }
    return found;
  }

  /** Earlier versions of one record, oldest first. */
  async historyOf(uscc: string, category: Category, naturalKey: string): Promise<StoredRecord[]> {
    const prefix = `${recordKey(uscc, category, naturalKey)}${SEPARATOR}`;
    const found: StoredRecord[] = [];
    for await (const value of this.history.values({ gte: prefix, lt: `${prefix}\xff` })) {
      found.push(value);
    }
    return found;
  }

  async isEmpty(): Promise<boolean> {
    for await (const _ of this.current.keys({ limit: 1 })) return false;
    return true;
  }
}
