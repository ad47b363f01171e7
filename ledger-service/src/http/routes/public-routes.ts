import type { RouteRegistrar } from "../app";
import type { ServiceContext } from "../../service-context";
import { openApiDocument } from "../openapi";

/** `GET /v1/health` and `GET /v1/openapi.json`: unsigned, for anyone. */
export function registerPublicRoutes(routes: RouteRegistrar, ctx: ServiceContext): void {
  routes.open("get", "/v1/health", async (_req, res) => {
    let blockNumber: number | null = null;
    try {
      // A live probe: the provider's getBlockNumber may answer from its cache.
      blockNumber = Number(await ctx.rawRpc.send("eth_blockNumber", []));
    } catch {
      blockNumber = null;
    }
    res.status(blockNumber === null ? 503 : 200).json({
      chainId: Number(ctx.contracts.chainId),
      blockNumber,
      ledger: ctx.contracts.addresses.CreditLedger,
      contracts: ctx.contracts.addresses,
      rpcUrl: ctx.rpcUrl,
      chainReachable: blockNumber !== null,
      ready: ctx.status.ready,
      anchorer: ctx.senders.anchorer.address,
      receipts: ctx.receipts.lastDurableSeq,
      anchoredSeq: ctx.anchorer.lastAnchoredSeq,
    });
  });

  routes.open("get", "/v1/openapi.json", async (_req, res) => {
    res.json(openApiDocument(ctx));
  });
}
