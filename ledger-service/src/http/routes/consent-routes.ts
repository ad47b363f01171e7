import type { RouteRegistrar } from "../app";
import { draftConsent, draftRevocation } from "../../consent/consent-drafts";
import { relayConsent, relayRevocation } from "../../consent/consent-relay";
import { viewConsent } from "../../consent/consent-view";
import { LedgerError } from "../../errors";
import { readChain } from "../../chain/chain-errors";
import { commitmentOfCaller } from "../../consent/ownership";
import type { ServiceContext } from "../../service-context";
import {
  optionalString,
  parseJsonBody,
  parseTime,
  requireAddress,
  requireBytes32,
  requireCategories,
  requirePurposes,
  requireString,
} from "../request-body";

/** Consents: drafts to sign, relay, reading, and revocation. */
export function registerConsentRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.signed("post", "/v1/consents/drafts", ["ENTERPRISE"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    const draft = await draftConsent(ctx, caller, {
      uscc: requireString(body, "uscc", 64),
      bank: requireAddress(body, "bank"),
      categories: requireCategories(body),
      purposes: requirePurposes(body),
      validFrom: body.validFrom === undefined ? undefined : parseTime(body.validFrom, "validFrom"),
      validUntil: parseTime(body.validUntil, "validUntil", true),
      requestId: optionalString(body, "requestId", 80),
    });
    res.json(draft);
  });

  routes.signed("post", "/v1/consents", ["ENTERPRISE", "BANK"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    const answer = await relayConsent(ctx, caller, body);
    res.status(answer.status).json(answer.body);
  });

  routes.signed("get", "/v1/consents/:id", ["ENTERPRISE", "BANK", "REGULATOR"], async ({ caller, req, res }) => {
    const consentId = requireBytes32(req.params.id, "id");
    const { view } = await viewConsent(ctx, caller, consentId);
    res.json(view);
  });

  routes.signed(
    "post",
    "/v1/consents/:id/revocation/drafts",
    ["ENTERPRISE"],
    async ({ caller, rawBody, req, res }) => {
      parseJsonBody(rawBody, req.get("content-type"));
      const consentId = requireBytes32(req.params.id, "id");
      const record = await readChain(() => ctx.contracts.consents.getConsent(consentId));
      if (Number(record.status) === 0) {
        throw new LedgerError("NOT_FOUND", `no consent ${consentId} is on the ledger`);
      }
      const own = await commitmentOfCaller(ctx, caller);
      if (own === undefined || own !== record.enterprise.toLowerCase()) {
        throw new LedgerError("NOT_YOUR_RESOURCE", `consent ${consentId} was not given by the caller`);
      }
      res.json(await draftRevocation(ctx, consentId));
    },
  );

  routes.signed("post", "/v1/consents/:id/revocation", ["ENTERPRISE"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    const consentId = requireBytes32(req.params.id, "id");
    res.json(await relayRevocation(ctx, caller, consentId, body));
  });
}

