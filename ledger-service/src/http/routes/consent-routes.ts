import type { RouteRegistrar } from "../app";
import { draftConsent, draftRevocation } from "../../consent/consent-drafts";
import { listConsents, parseConsentMode, parseConsentStatus } from "../../consent/consent-listing";
import { relayConsent, relayRevocation } from "../../consent/consent-relay";
import { viewConsent } from "../../consent/consent-view";
import { submitOfflineLetter, verifyOfflineLetter } from "../../consent/offline-letters";
import { parseUscc } from "../../domain/uscc";
import { LedgerError } from "../../errors";
import { readChain } from "../../chain/chain-errors";
import { commitmentOfCaller } from "../../consent/ownership";
import type { ServiceContext } from "../../service-context";
import {
  optionalString,
  parseCursor,
  parseJsonBody,
  parseLimit,
  parseTime,
  requireAddress,
  requireBoolean,
  requireBytes32,
  requireCategories,
  requirePurposes,
  requireString,
} from "../request-body";

/** Consents: drafts to sign, relay, reading, and revocation. */
export function registerConsentRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.signed(
    "post",
    "/v1/consents/drafts",
    ["ENTERPRISE"],
    async ({ caller, rawBody, req, res }) => {
      const body = parseJsonBody(rawBody, req.get("content-type"));
      const draft = await draftConsent(ctx, caller, {
        uscc: requireString(body, "uscc", 64),
        bank: requireAddress(body, "bank"),
        categories: requireCategories(body),
        purposes: requirePurposes(body),
        validFrom:
          body.validFrom === undefined ? undefined : parseTime(body.validFrom, "validFrom"),
        validUntil: parseTime(body.validUntil, "validUntil", true),
        requestId: optionalString(body, "requestId", 80),
      });
      res.json(draft);
    },
  );

  routes.signed(
    "post",
    "/v1/consents",
    ["ENTERPRISE", "BANK"],
    async ({ caller, rawBody, req, res }) => {
      const body = parseJsonBody(rawBody, req.get("content-type"));
      const answer = await relayConsent(ctx, caller, body);
      res.status(answer.status).json(answer.body);
    },
  );

  routes.signed(
    "get",
    "/v1/consents",
    ["ENTERPRISE", "BANK", "REGULATOR", "OPERATOR"],
    async ({ caller, req, res }) => {
      const q = req.query;
      const own = await commitmentOfCaller(ctx, caller);
      const status = parseConsentStatus(q.status);
      const mode = q.mode === undefined ? undefined : parseConsentMode(q.mode);
      const bankFilter =
        q.bank === undefined ? undefined : requireAddress({ bank: q.bank }, "bank").toLowerCase();
      const usccFilter = q.uscc === undefined ? undefined : parseUscc(String(q.uscc));
      const enterpriseFilter = usccFilter
        ? ((await ctx.enterprises.get(usccFilter))?.commitment ?? "0x-unknown")
        : undefined;
      // Scope: a regulator sees all; an enterprise its own; a bank its own; an operator letters.
      let scope: { bank?: string; enterprise?: string; mode?: "OFFLINE" } = {};
      if (!caller.roles.has("REGULATOR")) {
        if (own !== undefined) scope = { enterprise: own };
        else if (caller.roles.has("BANK")) scope = { bank: caller.signer };
        else scope = { mode: "OFFLINE" };
      }
      // A filter outside the caller's scope narrows it to nothing, never widens or replaces it.
      const outOfScope =
        (scope.bank !== undefined && bankFilter !== undefined && bankFilter !== scope.bank) ||
        (scope.enterprise !== undefined &&
          enterpriseFilter !== undefined &&
          enterpriseFilter !== scope.enterprise) ||
        (scope.mode !== undefined && mode !== undefined && mode !== scope.mode);
      if (outOfScope) {
        res.json({ consents: [] });
        return;
      }
      const page = await listConsents(
        ctx,
        {
          bank: scope.bank ?? bankFilter,
          enterprise: scope.enterprise ?? enterpriseFilter,
          mode: scope.mode ?? mode,
          status,
          fromMs: q.from === undefined ? undefined : parseTime(q.from, "from") * 1000,
          toMs: q.to === undefined ? undefined : parseTime(q.to, "to", true) * 1000,
        },
        parseCursor(q.cursor),
        parseLimit(q.limit),
      );
      res.json({ consents: page.consents, ...(page.next ? { next: page.next } : {}) });
    },
  );

  routes.signed("post", "/v1/consents/offline", ["BANK"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    const answer = await submitOfflineLetter(ctx, caller, {
      uscc: requireString(body, "uscc", 64),
      categories: requireCategories(body),
      purposes: requirePurposes(body),
      validFrom: body.validFrom === undefined ? undefined : parseTime(body.validFrom, "validFrom"),
      validUntil: parseTime(body.validUntil, "validUntil", true),
      document: requireString(body, "document", 15 * 1024 * 1024),
    });
    res.status(answer.status).json(answer.body);
  });

  routes.signed(
    "get",
    "/v1/consents/:id",
    ["ENTERPRISE", "BANK", "REGULATOR", "OPERATOR"],
    async ({ caller, req, res }) => {
      const consentId = requireBytes32(req.params.id, "id");
      res.json(await viewConsent(ctx, caller, consentId));
    },
  );

  routes.signed(
    "get",
    "/v1/consents/:id/document",
    ["ENTERPRISE", "BANK", "REGULATOR", "OPERATOR"],
    async ({ caller, req, res }) => {
      const consentId = requireBytes32(req.params.id, "id");
      const view = await viewConsent(ctx, caller, consentId);
      const letter =
        view.mode === "OFFLINE" ? await ctx.offlineLetters.document(consentId) : undefined;
      if (!letter)
        throw new LedgerError("NOT_FOUND", `consent ${consentId} has no offline letter here`);
      res.type("application/octet-stream").send(letter);
    },
  );

  routes.signed(
    "post",
    "/v1/consents/:id/verification",
    ["OPERATOR"],
    async ({ caller, rawBody, req, res }) => {
      const body = parseJsonBody(rawBody, req.get("content-type"));
      const consentId = requireBytes32(req.params.id, "id");
      const answer = await verifyOfflineLetter(ctx, caller, consentId, {
        approved: requireBoolean(body, "approved"),
        reason: optionalString(body, "reason", 2000),
      });
      res.json(answer);
    },
  );

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
        throw new LedgerError(
          "NOT_YOUR_RESOURCE",
          `consent ${consentId} was not given by the caller`,
        );
      }
      res.json(await draftRevocation(ctx, consentId));
    },
  );

  routes.signed(
    "post",
    "/v1/consents/:id/revocation",
    ["ENTERPRISE"],
    async ({ caller, rawBody, req, res }) => {
      const body = parseJsonBody(rawBody, req.get("content-type"));
      const consentId = requireBytes32(req.params.id, "id");
      res.json(await relayRevocation(ctx, caller, consentId, body));
    },
  );
}
