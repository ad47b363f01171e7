import type { Request } from "express";

import type { RouteRegistrar } from "../app";
import { checkIntegrity } from "../../audit/integrity-check";
import { listConsents, parseConsentMode, parseConsentStatus } from "../../consent/consent-listing";
import { outcomeView } from "../../outcomes/outcome-view";
import { outcomeStoreFor } from "../../store/outcome-store";
import { maskToCategories, maskToPurposes } from "../../domain/categories";
import { parseUscc } from "../../domain/uscc";
import { LedgerError } from "../../errors";
import type { ServiceContext } from "../../service-context";
import { isoTime, parseCursor, parseLimit, parseTime, requireAddress } from "../request-body";

/** The regulator's filters: bank, enterprise (by USCC), and a time range [from, to). */
export interface AuditFilter {
  bank: string | undefined;
  enterprise: string | undefined;
  fromMs: number | undefined;
  toMs: number | undefined;
}

async function readAuditFilter(ctx: ServiceContext, req: Request): Promise<AuditFilter> {
  const q = req.query;
  let enterprise: string | undefined;
  if (q.uscc !== undefined) {
    const uscc = parseUscc(String(q.uscc));
    // An unknown enterprise matches nothing rather than everything.
    enterprise = (await ctx.enterprises.get(uscc))?.commitment ?? "0x-unknown";
  }
  return {
    bank: q.bank === undefined ? undefined : requireAddress({ bank: q.bank }, "bank").toLowerCase(),
    enterprise,
    fromMs: q.from === undefined ? undefined : parseTime(q.from, "from") * 1000,
    toMs: q.to === undefined ? undefined : parseTime(q.to, "to", true) * 1000,
  };
}

function inRange(filter: AuditFilter, ms: number): boolean {
  return (
    (filter.fromMs === undefined || ms >= filter.fromMs) &&
    (filter.toMs === undefined || ms < filter.toMs)
  );
}

function parseSeq(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) {
    throw new LedgerError("VALIDATION_FAILED", "cursor: the `next` value of the previous page");
  }
  return Number(value);
}

/** The regulator's listings and checks of the off-chain log against the chain. */
export function registerAuditRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.signed("get", "/v1/audit/integrity", ["REGULATOR"], async ({ caller, res }) => {
    const report = await checkIntegrity(ctx);
    ctx.logger.info(
      { event: "audit.integrity", by: caller.signer, ok: report.ok, receipts: report.receipts },
      "integrity check",
    );
    res.json(report);
  });

  routes.signed("get", "/v1/audit/consents", ["REGULATOR"], async ({ req, res }) => {
    const filter = await readAuditFilter(ctx, req);
    const page = await listConsents(
      ctx,
      {
        ...filter,
        status: parseConsentStatus(req.query.status),
        mode: req.query.mode === undefined ? undefined : parseConsentMode(req.query.mode),
      },
      parseCursor(req.query.cursor),
      parseLimit(req.query.limit),
    );
    res.json({ consents: page.consents, ...(page.next ? { next: page.next } : {}) });
  });

  routes.signed("get", "/v1/audit/queries", ["REGULATOR"], async ({ req, res }) => {
    const filter = await readAuditFilter(ctx, req);
    const anchoredSeq = ctx.anchorer.lastAnchoredSeq;
    const page = await ctx.receipts.list(
      parseSeq(req.query.cursor),
      parseLimit(req.query.limit),
      ({ receipt }) =>
        (filter.bank === undefined || receipt.bank.toLowerCase() === filter.bank) &&
        (filter.enterprise === undefined ||
          receipt.enterprise.toLowerCase() === filter.enterprise) &&
        inRange(filter, receipt.servedAt * 1000),
    );
    const queries = page.receipts.map(({ queryId, receipt }) => ({
      queryId,
      seq: receipt.seq,
      bank: receipt.bank,
      enterprise: receipt.enterprise,
      consentId: receipt.consentId,
      categories: maskToCategories(receipt.categories),
      purpose: maskToPurposes(receipt.purpose)[0],
      servedAt: isoTime(receipt.servedAt),
      checkedBlock: receipt.checkedBlock,
      anchored: receipt.seq <= anchoredSeq,
    }));
    const last = queries.at(-1);
    res.json({ queries, ...(page.more && last ? { next: String(last.seq) } : {}) });
  });

  routes.signed("get", "/v1/audit/outcomes", ["REGULATOR"], async ({ req, res }) => {
    const filter = await readAuditFilter(ctx, req);
    const page = await outcomeStoreFor(ctx).list(
      {
        bank: filter.bank,
        enterprise: filter.enterprise,
        from: filter.fromMs === undefined ? undefined : filter.fromMs / 1000,
        to: filter.toMs === undefined ? undefined : filter.toMs / 1000,
      },
      { after: parseCursor(req.query.cursor), limit: parseLimit(req.query.limit) },
    );
    const outcomes = page.outcomes.map(outcomeView);
    const last = outcomes.at(-1);
    res.json({ outcomes, ...(page.more && last ? { next: last.outcomeId } : {}) });
  });

  routes.signed("get", "/v1/audit/refusals", ["REGULATOR"], async ({ req, res }) => {
    const filter = await readAuditFilter(ctx, req);
    const code = req.query.code;
    const page = await ctx.refusals.list(
      parseCursor(req.query.cursor),
      parseLimit(req.query.limit),
      (r) =>
        (filter.bank === undefined || r.signer === filter.bank) &&
        (filter.enterprise === undefined || r.enterprise === filter.enterprise) &&
        (code === undefined || r.code === code) &&
        inRange(filter, Date.parse(r.at)),
    );
    res.json({ refusals: page.entries, ...(page.next ? { next: page.next } : {}) });
  });
}
