import { ethers } from "ethers";

import {
  type Category,
  type Purpose,
  CATEGORY_BITS,
  PURPOSE_BITS,
  categoriesToMask,
} from "../domain/categories";
import { parseUscc } from "../domain/uscc";

import { readChain } from "../chain/chain-errors";
import { LedgerError } from "../errors";
import { chinaDate } from "../import/dates";
import { isServable } from "../import/publicity";
import { responseHashOfRecords } from "../receipts/response-hash";
import type { ServiceContext } from "../service-context";
import { receiptJson } from "../anchoring/receipt-encoding";
import type { ReceiptJson } from "../receipts/receipt";
import { type Caller, requireRoles } from "../http/authenticate";
import type { EnterpriseEntry } from "../store/enterprise-store";

export interface QueryRequest {
  uscc: string;
  categories: Category[];
  purpose: Purpose;
  consentId: string;
}

export interface QueryAnswer {
  queryId: string;
  data: Partial<Record<Category, Record<string, string | null>[]>>;
  receipt: ReceiptJson;
  seq: number;
}

/** What a refused query names, for the regulators' refusal log. */
export interface QueryRefusalFacts {
  consentId: string;
  enterprise?: string;
  categories: Category[];
  purpose: Purpose;
}

/**
 * Serves a bank's query: consent checked for that enterprise, bank, categories and purpose
 * at the latest block and by the service's clock; the records read; a receipt written
 * durably before the answer leaves. Refuses while anchoring lags beyond its limit.
 */
export async function serveQuery(
  ctx: ServiceContext,
  caller: Caller,
  request: QueryRequest,
  onRefusal: (facts: QueryRefusalFacts, error: LedgerError) => Promise<void>,
): Promise<QueryAnswer> {
  let uscc: string;
  let enterprise: EnterpriseEntry | undefined;
  const nowMs = ctx.now();
  const facts: QueryRefusalFacts = {
    consentId: request.consentId,
    categories: request.categories,
    purpose: request.purpose,
  };
  try {
    uscc = parseUscc(request.uscc);
    const lag = await ctx.anchorer.oldestUnanchoredAgeMs(nowMs);
    if (lag > ctx.config.maxUnanchoredAgeMs) {
      throw new LedgerError(
        "ANCHORING_BEHIND",
        `the oldest unanchored receipt is ${Math.round(lag / 1000)} s old; queries resume once it is anchored`,
        { retryAfterSeconds: Math.max(1, Math.ceil(ctx.config.anchorIntervalMs / 1000)) },
      );
    }
    enterprise = await boundEnterprise(ctx, uscc);
    if (!enterprise) {
      throw new LedgerError("ENTERPRISE_UNKNOWN", `no enterprise ${uscc} is registered here`);
    }
  } catch (error) {
    // Refusals before the consent's view call read the role first: ROLE_REQUIRED answers first.
    await requireRoles(ctx, caller, ["BANK"]);
    if (error instanceof LedgerError && error.code === "ENTERPRISE_UNKNOWN")
      await onRefusal(facts, error);
    throw error;
  }

  let checked;
  try {
    facts.enterprise = enterprise.commitment;
    checked = await ctx.consentCheck.check({
      consentId: request.consentId,
      bank: caller.signer,
      enterprise: enterprise.commitment,
      categoriesMask: categoriesToMask(request.categories),
      purposeBit: PURPOSE_BITS[request.purpose],
      nowSeconds: Math.floor(nowMs / 1000),
    });
  } catch (error) {
    if (error instanceof LedgerError && error.status === 403 && error.code !== "ROLE_REQUIRED") {
      await onRefusal(facts, error);
    }
    throw error;
  }

  const today = chinaDate(new Date(nowMs));
  const served = await ctx.records.forQuery(uscc, request.categories);
  const data: QueryAnswer["data"] = {};
  const canonical = new Map<string, string[]>();
  for (const category of sortByBit(request.categories)) {
    data[category] = [];
    canonical.set(category, []);
  }
  for (const { record, canonicalFields } of served) {
    if (!isServable(record, today)) continue;
    data[record.category]!.push(record.fields);
    canonical.get(record.category)!.push(canonicalFields);
  }

  const durable = await ctx.receipts.append(
    {
      consentId: request.consentId,
      bank: caller.signer,
      enterprise: enterprise.commitment,
      categories: categoriesToMask(request.categories),
      purpose: PURPOSE_BITS[request.purpose],
      requestHash: caller.digest,
      responseHash: responseHashOfRecords(canonical),
      checkedBlock: checked.checkedBlock,
      servedAt: Math.floor(nowMs / 1000),
      bankSignature: caller.signature,
    },
    nowMs,
  );
  ctx.anchorer.notifyAppended(durable.receipt.seq);
  return {
    queryId: durable.queryId,
    data,
    receipt: receiptJson(durable.receipt),
    seq: durable.receipt.seq,
  };
}

/**
 * The enterprise, if it is registered here and bound to an account on-chain. A registration
 * whose binding never happened (refused, or awaiting the multisig) leaves a salt but no account:
 * such an enterprise can hold no consent, and is unknown to queries. A binding made outside the
 * service is found on-chain once and remembered.
 */
async function boundEnterprise(
  ctx: ServiceContext,
  uscc: string,
): Promise<EnterpriseEntry | undefined> {
  const entry = await ctx.enterprises.get(uscc);
  if (!entry || entry.account !== null) return entry;
  const account = await readChain(() => ctx.contracts.ledger.enterpriseAccount(entry.commitment));
  if (account === ethers.ZeroAddress) return undefined;
  const bound = { ...entry, account: account.toLowerCase() };
  await ctx.enterprises.put(bound, null);
  return bound;
}

function sortByBit(categories: readonly Category[]): Category[] {
  return [...categories].sort((a, b) => CATEGORY_BITS[a] - CATEGORY_BITS[b]);
}
