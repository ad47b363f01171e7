import type { RouteRegistrar } from "../app";
import { checkIntegrity } from "../../audit/integrity-check";
import type { ServiceContext } from "../../service-context";

/** The regulator's checks of the off-chain log against the chain. */
export function registerAuditRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.signed("get", "/v1/audit/integrity", ["REGULATOR"], async ({ caller, res }) => {
    const report = await checkIntegrity(ctx);
    ctx.logger.info(
      { event: "audit.integrity", by: caller.signer, ok: report.ok, receipts: report.receipts },
      "integrity check",
    );
    res.json(report);
  });
}
