import { createHash } from "node:crypto";

import { ethers } from "ethers";

import { readChain } from "../chain/chain-errors";
import { CATEGORY_BITS, type Category, isCategory } from "../domain/categories";
import { LedgerError } from "../errors";
import { type ImportParse, parseCsvImport, parseJsonImport } from "../import/importer";
import type { ServiceContext } from "../service-context";
import type { DataBatchEntry } from "../store/anchor-store";
import type { DataBatchAnchorer } from "../anchoring/data-batch-anchorer";
import { parseJsonText } from "../http/request-body";

export interface ImportRequest {
  provider: string;
  rawBody: Buffer;
  contentType: string | undefined;
  query: { category?: unknown; format?: unknown };
  requestDigest: string;
  requestSignature: string;
}

export interface ImportReport {
  batchId: string;
  category: Category;
  accepted: number;
  corrected: number;
  duplicates: number;
  rejected: { row: number; reason: string }[];
  anchored: boolean;
  txHash: string | null;
}

/**
 * The batch hash: keccak256(abi.encode(address provider, uint32 categoryBit, bytes32
 * sha256(body))). Equal bytes from the same provider for the same category are the same
 * batch, so re-sending a file is harmless.
 */
export function dataBatchHash(provider: string, category: Category, body: Buffer): string {
  const bodyHash = "0x" + createHash("sha256").update(body).digest("hex");
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(
      ["address", "uint32", "bytes32"],
      [provider, CATEGORY_BITS[category], bodyHash],
    ),
  );
}

function readCategory(value: unknown, where: string): Category {
  if (!isCategory(value)) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `${where}: a category such as REGULATORY is required`,
    );
  }
  return value;
}

/**
 * Parses the body as CSV (`?format=csv` or `text/csv`) or as JSON `{category, records}`,
 * calling `allowed(category)` before the rows are read, so a refused provider costs nothing.
 */
async function parseImportBody(
  request: ImportRequest,
  allowed: (category: Category) => Promise<void>,
): Promise<{ category: Category; parse: ImportParse }> {
  const contentType = (request.contentType ?? "").toLowerCase();
  const format = request.query.format;
  if (format !== undefined && format !== "csv" && format !== "json") {
    throw new LedgerError("VALIDATION_FAILED", "format: csv or json");
  }
  const isCsv = format === "csv" || (format === undefined && contentType.startsWith("text/csv"));
  if (isCsv) {
    if (
      contentType !== "" &&
      !contentType.startsWith("text/csv") &&
      !contentType.startsWith("application/octet-stream")
    ) {
      throw new LedgerError(
        "UNSUPPORTED_MEDIA_TYPE",
        `a CSV import is sent as text/csv, not ${contentType}`,
      );
    }
    const category = readCategory(request.query.category, "category");
    await allowed(category);
    return { category, parse: parseCsvImport(request.rawBody, category) };
  }
  if (!contentType.startsWith("application/json")) {
    throw new LedgerError(
      "UNSUPPORTED_MEDIA_TYPE",
      `send text/csv with ?category= or application/json, not ${contentType || "no type"}`,
    );
  }
  const body = parseJsonText(request.rawBody, request.contentType);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new LedgerError("MALFORMED_BODY", "the body must be a JSON object {category, records}");
  }
  const { category: bodyCategory, records } = body as { category?: unknown; records?: unknown };
  const category = readCategory(bodyCategory, "category");
  if (request.query.category !== undefined && request.query.category !== category) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      "category: the query and the body name different categories",
    );
  }
  await allowed(category);
  return { category, parse: parseJsonImport(category, records) };
}

/**
 * Imports a provider's file: the provider must be allowed the category on-chain; good rows
 * land durably (with the data batch, in one write) even when others are rejected; then the
 * batch is anchored with the digest of the provider's signed request.
 */
export async function importRecords(
  ctx: ServiceContext,
  dataBatches: DataBatchAnchorer,
  request: ImportRequest,
): Promise<ImportReport> {
  const { category, parse } = await parseImportBody(request, async (category) => {
    const allowed = Number(
      await readChain(() => ctx.contracts.ledger.providerCategories(request.provider)),
    );
    if ((allowed & CATEGORY_BITS[category]) === 0) {
      throw new LedgerError(
        "CATEGORY_NOT_ALLOWED",
        `provider ${request.provider} may not import ${category}`,
      );
    }
  });

  const batchHash = dataBatchHash(request.provider, category, request.rawBody);
  const previous = await ctx.anchors.getDataBatch(batchHash);
  const entry: DataBatchEntry = previous ?? {
    batchHash,
    provider: ethers.getAddress(request.provider),
    category,
    recordCount: parse.records.length,
    requestDigest: request.requestDigest,
    requestSignature: request.requestSignature,
    importedAt: new Date(ctx.now()).toISOString(),
    txHash: null,
    blockNumber: null,
  };
  const dispositions = await ctx.records.applyImport(
    parse.records.map((r) => r.record),
    { batchHash, provider: entry.provider, importedAt: entry.importedAt },
    previous ? [] : [ctx.anchors.dataBatchOperation(entry)],
  );

  let anchoredEntry = entry;
  try {
    anchoredEntry = await dataBatches.anchor(entry);
  } catch (error) {
    ctx.logger.warn(
      { event: "anchoring.data-batch-failed", batchHash, reason: (error as Error).message },
      "data batch stored but not anchored yet; it will be retried",
    );
  }

  const count = (kind: string) => dispositions.filter((d) => d === kind).length;
  const foreign = parse.records
    .filter((_, i) => dispositions[i] === "foreign")
    .map(({ row, record }) => ({
      row,
      reason: `${record.naturalKey} was imported by another provider; only that provider may correct it`,
    }));
  return {
    batchId: batchHash,
    category,
    accepted: count("accepted") + count("corrected"),
    corrected: count("corrected"),
    duplicates: count("duplicate"),
    rejected: [...parse.rejected, ...foreign].sort((a, b) => a.row - b.row),
    anchored: anchoredEntry.txHash !== null,
    txHash: anchoredEntry.txHash,
  };
}
