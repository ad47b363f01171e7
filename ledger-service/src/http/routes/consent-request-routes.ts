import type { RouteRegistrar } from "../app";
import {
  consentRequestView,
  createConsentRequest,
  listConsentRequests,
} from "../../consent/consent-requests";
import { LedgerError } from "../../errors";
import type { ServiceContext } from "../../service-context";
import {
  optionalString,
  parseCursor,
  parseJsonBody,
  parseLimit,
  parseTime,
  requireCategories,
  requirePurposes,
  requireString,
} from "../request-body";

/** A bank asks an enterprise for consent; both list the requests that concern them. */
export function registerConsentRequestRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.signed("post", "/v1/consent-requests", ["BANK"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    const request = await createConsentRequest(ctx, caller, {
      uscc: requireString(body, "uscc", 64),
      categories: requireCategories(body),
      purposes: requirePurposes(body),
      validFrom: body.validFrom === undefined ? undefined : parseTime(body.validFrom, "validFrom"),
      validUntil: parseTime(body.validUntil, "validUntil", true),
      note: optionalString(body, "note", 2000),
    });
    res.status(201).json({ requestId: request.requestId, status: request.status });
  });

  routes.signed(
    "get",
    "/v1/consent-requests",
    ["ENTERPRISE", "BANK"],
    async ({ caller, req, res }) => {
      const status = req.query.status;
      if (status !== undefined && status !== "OPEN" && status !== "ANSWERED") {
        throw new LedgerError("VALIDATION_FAILED", "status: OPEN or ANSWERED");
      }
      const page = await listConsentRequests(ctx, caller, {
        cursor: parseCursor(req.query.cursor),
        limit: parseLimit(req.query.limit),
        status,
      });
      res.json({
        requests: page.entries.map(consentRequestView),
        ...(page.next ? { next: page.next } : {}),
      });
    },
  );
}
