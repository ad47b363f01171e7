import type { RouteRegistrar } from "../app";
import { LedgerError } from "../../errors";
import { requireRoles } from "../authenticate";
import { proveQuery } from "../../queries/query-proof";
import { serveQuery } from "../../queries/serve-query";
import type { ServiceContext } from "../../service-context";
import {
  parseJsonBody,
  requireBytes32,
  requireCategories,
  requirePurpose,
  requireString,
} from "../request-body";

/** `POST /v1/queries` and `GET /v1/queries/{id}/proof`. */
export function registerQueryRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  // The bank's role is read with the consent in one view call (see serveQuery); a refusal
  // before that reads the role first, so ROLE_REQUIRED still answers before everything else.
  routes.signed(
    "post",
    "/v1/queries",
    "deferred",
    async ({ caller, rawBody, req, res, requestId }) => {
      let request;
      try {
        const body = parseJsonBody(rawBody, req.get("content-type"));
        request = {
          uscc: requireString(body, "uscc", 64),
          categories: requireCategories(body),
          purpose: requirePurpose(body),
          consentId: requireBytes32(body.consentId, "consentId"),
        };
      } catch (error) {
        await requireRoles(ctx, caller, ["BANK"]);
        throw error;
      }
      const answer = await serveQuery(ctx, caller, request, async (facts, error: LedgerError) => {
        await ctx.refusals.record({
          at: new Date(ctx.now()).toISOString(),
          requestId,
          signer: caller.signer,
          method: "POST",
          path: "/v1/queries",
          code: error.code,
          status: error.status,
          consentId: facts.consentId,
          enterprise: facts.enterprise,
          categories: facts.categories,
          purpose: facts.purpose,
        });
      });
      ctx.logger.info(
        {
          event: "query.served",
          requestId,
          bank: caller.signer,
          consentId: request.consentId,
          categories: request.categories,
          purpose: request.purpose,
          queryId: answer.queryId,
          seq: answer.seq,
        },
        "query served",
      );
      res.json({ queryId: answer.queryId, data: answer.data, receipt: answer.receipt });
    },
  );

  routes.signed(
    "get",
    "/v1/queries/:id/proof",
    ["BANK", "ENTERPRISE", "REGULATOR"],
    async ({ caller, req, res }) => {
      const queryId = requireBytes32(req.params.id, "id");
      const answer = await proveQuery(ctx, caller, queryId);
      res.status(answer.status).json(answer.body);
    },
  );
}
