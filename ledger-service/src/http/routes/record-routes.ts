import type { RouteRegistrar } from "../app";
import type { DataBatchAnchorer } from "../../anchoring/data-batch-anchorer";
import { importRecords } from "../../records/record-import";
import type { ServiceContext } from "../../service-context";

/** `POST /v1/records:import`: a provider's CSV or JSON file, reported row by row. */
export function recordRoutes(dataBatches: DataBatchAnchorer) {
  return (routes: RouteRegistrar, ctx: ServiceContext): void => {
    // Express 5 reads ":" as a parameter; the escaped colon matches it literally.
    routes.signed(
      "post",
      "/v1/records\\:import",
      ["DATA_PROVIDER"],
      async ({ caller, rawBody, req, res }) => {
        const report = await importRecords(ctx, dataBatches, {
          provider: caller.signer,
          rawBody,
          contentType: req.get("content-type"),
          query: { category: req.query.category, format: req.query.format },
          requestDigest: caller.digest,
          requestSignature: caller.signature,
        });
        ctx.logger.info(
          {
            event: "records.imported",
            provider: caller.signer,
            batchId: report.batchId,
            category: report.category,
            accepted: report.accepted,
            duplicates: report.duplicates,
            rejected: report.rejected.length,
          },
          "provider import",
        );
        res.status(200).json(report);
      },
    );
  };
}
