import type { RouteRegistrar } from "../app";
import { isCategory, type Category } from "../../domain/categories";
import { LedgerError } from "../../errors";
import {
  REGISTRABLE_ROLES,
  type RegistrableRole,
  registerParticipant,
} from "../../participants/participant-registration";
import type { ServiceContext } from "../../service-context";
import { optionalString, parseJsonBody, requireAddress, requireCategories } from "../request-body";

/** `POST /v1/participants`: the OPERATOR registers an account with a role. */
export function registerParticipantRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.signed("post", "/v1/participants", ["OPERATOR"], async ({ caller, rawBody, req, res }) => {
    const body = parseJsonBody(rawBody, req.get("content-type"));
    const address = requireAddress(body, "address");
    const role = body.role;
    if (!REGISTRABLE_ROLES.includes(role as RegistrableRole)) {
      throw new LedgerError("VALIDATION_FAILED", `role: one of ${REGISTRABLE_ROLES.join(", ")}`);
    }
    const categories: Category[] | undefined =
      body.categories === undefined ? undefined : requireCategories(body);
    if (categories && !categories.every(isCategory)) {
      throw new LedgerError("VALIDATION_FAILED", "categories: unknown category");
    }
    const outcome = await registerParticipant(ctx, {
      address,
      role: role as RegistrableRole,
      uscc: optionalString(body, "uscc", 64),
      name: optionalString(body, "name", 200),
      categories,
    });
    ctx.logger.info(
      { event: "participant.registered", by: caller.signer, address, role, status: outcome.status },
      "participant registration",
    );
    res.status(outcome.status).json(outcome.body);
  });
}
