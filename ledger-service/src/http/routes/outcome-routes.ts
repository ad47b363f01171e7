import type { RouteRegistrar } from "../app";
import { draftOutcome, draftRepayment } from "../../outcomes/outcome-drafts";
import { relayOutcome } from "../../outcomes/outcome-relay";
import {
  DECISIONS,
  REPAYMENT_STATUSES,
  isDecision,
  isRepaymentStatus,
  readAmountFen,
  readSmallUint,
} from "../../outcomes/outcome-terms";
import { listOutcomes, viewOutcome } from "../../outcomes/outcome-view";
import { relayRepayment } from "../../outcomes/repayment-relay";
import type { ServiceContext } from "../../service-context";
import {
  parseJsonBody,
  parseLimit,
  parseTime,
  requireAddress,
  requireBytes32,
  validationError,
} from "../request-body";

function optionalQueryString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw validationError(field, "give it once");
  return value;
}

/** Loan outcomes: drafts to sign, relay, reading, and repayment updates. */
export function registerOutcomeRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.signed("post", "/v1/outcomes/drafts", ["BANK"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    if (!isDecision(body.decision)) {
      throw validationError("decision", `one of ${DECISIONS.join(", ")} is required`);
    }
    const draft = await draftOutcome(ctx, caller, {
      queryId: requireBytes32(body.queryId, "queryId"),
      decision: body.decision,
      amountFen: readAmountFen(body.amountFen, "amountFen"),
      termMonths: readSmallUint(body.termMonths, "termMonths", 0xffff),
      annualRateBps: readSmallUint(body.annualRateBps, "annualRateBps", 0xffffffff),
      decidedAt: parseTime(body.decidedAt, "decidedAt"),
    });
    res.json(draft);
  });

  routes.signed("post", "/v1/outcomes", ["BANK"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    const answer = await relayOutcome(ctx, caller, body);
    res.status(answer.status).json(answer.body);
  });

  const readers = ["BANK", "ENTERPRISE", "REGULATOR"] as const;

  routes.signed("get", "/v1/outcomes", readers, async ({ caller, req, res }) => {
    const bank = optionalQueryString(req.query.bank, "bank");
    const decision = optionalQueryString(req.query.decision, "decision");
    if (decision !== undefined && !isDecision(decision)) {
      throw validationError("decision", `one of ${DECISIONS.join(", ")}`);
    }
    const cursor = optionalQueryString(req.query.cursor, "cursor");
    const page = await listOutcomes(
      ctx,
      caller,
      {
        bank: bank === undefined ? undefined : requireAddress({ bank }, "bank"),
        decision,
      },
      {
        cursor: cursor === undefined ? undefined : requireBytes32(cursor, "cursor"),
        limit: parseLimit(req.query.limit),
      },
    );
    res.json(page);
  });

  routes.signed("get", "/v1/outcomes/:id", readers, async ({ caller, req, res }) => {
    const outcomeId = requireBytes32(req.params.id, "id");
    res.json(await viewOutcome(ctx, caller, outcomeId));
  });

  routes.signed(
    "post",
    "/v1/outcomes/:id/repayment/drafts",
    ["BANK"],
    async ({ caller, rawBody, req, res }) => {
      const body = parseJsonBody(rawBody, req.get("content-type"));
      const outcomeId = requireBytes32(req.params.id, "id");
      if (!isRepaymentStatus(body.status)) {
        throw validationError("status", `one of ${REPAYMENT_STATUSES.join(", ")} is required`);
      }
      const draft = await draftRepayment(ctx, caller, outcomeId, {
        status: body.status,
        asOf: parseTime(body.asOf, "asOf"),
      });
      res.json(draft);
    },
  );

  routes.signed(
    "post",
    "/v1/outcomes/:id/repayment",
    ["BANK"],
    async ({ caller, rawBody, req, res }) => {
      const body = parseJsonBody(rawBody, req.get("content-type"));
      const outcomeId = requireBytes32(req.params.id, "id");
      res.json(await relayRepayment(ctx, caller, outcomeId, body));
    },
  );
}
