import type { Request } from "express";

import type { RouteRegistrar } from "../app";
import {
  type Category,
  isCategory,
  maskToCategories,
  maskToPurposes,
} from "../../domain/categories";
import { parseUscc } from "../../domain/uscc";
import { LedgerError } from "../../errors";
import { chinaDate } from "../../import/dates";
import { isServable } from "../../import/publicity";
import { requireEnterpriseOrRegulator } from "../../consent/ownership";
import type { ServiceContext } from "../../service-context";
import type { Caller } from "../authenticate";
import { isoTime, parseLimit } from "../request-body";

async function registeredEnterprise(ctx: ServiceContext, caller: Caller, req: Request) {
  const uscc = parseUscc(String(req.params.uscc));
  const enterprise = await ctx.enterprises.get(uscc);
  if (!enterprise) {
    if (!caller.roles.has("REGULATOR")) {
      throw new LedgerError("NOT_YOUR_RESOURCE", `${caller.signer} does not speak for ${uscc}`);
    }
    throw new LedgerError("NOT_FOUND", `no enterprise ${uscc} is registered here`);
  }
  await requireEnterpriseOrRegulator(ctx, caller, enterprise);
  return enterprise;
}

function parseSeqCursor(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) {
    throw new LedgerError("VALIDATION_FAILED", "cursor: the `next` value of the previous page");
  }
  return Number(value);
}

/** The enterprise's own view: its records, who read them, and the salt behind its commitment. */
export function registerEnterpriseRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  const roles = ["ENTERPRISE", "REGULATOR"] as const;

  routes.signed("get", "/v1/enterprises/:uscc/records", roles, async ({ caller, req, res }) => {
    const enterprise = await registeredEnterprise(ctx, caller, req);
    const category = req.query.category;
    if (category !== undefined && !isCategory(category)) {
      throw new LedgerError("VALIDATION_FAILED", "category: a category such as TAX");
    }
    const today = chinaDate(new Date(ctx.now()));
    const stored = await ctx.records.listForEnterprise(
      enterprise.uscc,
      category === undefined ? undefined : [category as Category],
    );
    res.json({
      uscc: enterprise.uscc,
      records: stored.map(({ record, version, batchHash, importedAt, provider }) => ({
        category: record.category,
        naturalKey: record.naturalKey,
        fields: record.fields,
        served: isServable(record, today),
        version,
        batchId: batchHash,
        provider,
        importedAt,
      })),
    });
  });

  routes.signed("get", "/v1/enterprises/:uscc/access-log", roles, async ({ caller, req, res }) => {
    const enterprise = await registeredEnterprise(ctx, caller, req);
    const limit = parseLimit(req.query.limit);
    const after = parseSeqCursor(req.query.cursor);
    const page = await ctx.receipts.listBy("enterprise", enterprise.commitment, after, limit);
    const anchoredSeq = ctx.anchorer.lastAnchoredSeq;
    const entries = page.receipts.map(({ queryId, receipt }) => ({
      queryId,
      seq: receipt.seq,
      bank: receipt.bank,
      consentId: receipt.consentId,
      categories: maskToCategories(receipt.categories),
      purpose: maskToPurposes(receipt.purpose)[0],
      servedAt: isoTime(receipt.servedAt),
      checkedBlock: receipt.checkedBlock,
      anchored: receipt.seq <= anchoredSeq,
    }));
    const last = entries.at(-1);
    res.json({ entries, ...(page.more && last ? { next: String(last.seq) } : {}) });
  });

  routes.signed("get", "/v1/enterprises/:uscc/salt", roles, async ({ caller, req, res }) => {
    const enterprise = await registeredEnterprise(ctx, caller, req);
    ctx.logger.info(
      { event: "salt.disclosed", uscc: enterprise.uscc, to: caller.signer },
      "salt read",
    );
    res.json({ uscc: enterprise.uscc, salt: enterprise.salt, commitment: enterprise.commitment });
  });
}
