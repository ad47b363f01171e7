import { ethers } from "ethers";

import { startEmbeddedChain } from "./chain/embedded-chain";
import { configFromEnv } from "./config";
import { DEV_ACCOUNTS, setupDevLedger } from "./dev/dev-setup";
import { startLedgerService } from "./ledger-service";

/**
 * A node's JSON-RPC with a short timeout: a hung node must answer 503 CHAIN_UNAVAILABLE within
 * seconds, not hold requests for ethers' default five minutes.
 */
function externalProvider(url: string): ethers.JsonRpcProvider {
  const request = new ethers.FetchRequest(url);
  request.timeout = 5_000;
  return new ethers.JsonRpcProvider(request, undefined, { staticNetwork: true });
}

/** `npm start`: the service on the embedded chain (or on RPC_URL), with sample data. */
async function main(): Promise<void> {
  const config = configFromEnv();
  const embedded = config.rpcUrl === undefined;
  const chain = embedded ? await startEmbeddedChain(config.rpcPort) : undefined;
  const provider = chain?.provider ?? externalProvider(config.rpcUrl as string);
  const rpcUrl = chain?.rpcUrl ?? (config.rpcUrl as string);

  const service = await startLedgerService(config, {
    provider,
    rpcUrl,
    embedded,
    deferReady: true,
  });
  const storeWasEmpty = await service.ctx.records.isEmpty();
  let summary;
  if (embedded) {
    summary = await setupDevLedger(service.url, {
      loadSampleData: config.loadSampleData && storeWasEmpty,
      seed: config.sampleSeed,
      enterpriseCount: config.sampleEnterprises,
    });
  }

  service.markReady();
  const { addresses } = service.ctx.contracts;
  const lines = [
    "",
    "Credit consent ledger is running",
    `  HTTP API         ${service.url}   (GET /v1/health, /v1/openapi.json)`,
    `  chain JSON-RPC   ${rpcUrl}   (chain id ${service.ctx.contracts.chainId}` +
      `${embedded ? ", embedded Hardhat network" : ""})`,
    `  data directory   ${config.dataDir}`,
    ...(service.movedStoreTo ? [`  earlier store    moved aside to ${service.movedStoreTo}`] : []),
    "  contracts",
    ...Object.entries(addresses).map(([name, address]) => `    ${name.padEnd(16)} ${address}`),
  ];
  if (summary) {
    const address = (key: string) => new ethers.Wallet(key).address;
    lines.push(
      "  dev accounts (Hardhat's default keys)",
      `    #0 ADMIN, OPERATOR, ANCHORER  ${address(DEV_ACCOUNTS.operator)}`,
      `    #1 REGULATOR                  ${address(DEV_ACCOUNTS.regulator)}`,
      `    #2 BANK                       ${address(DEV_ACCOUNTS.banks[0])}`,
      `    #3 BANK                       ${address(DEV_ACCOUNTS.banks[1])}`,
      `    #4 DATA_PROVIDER              ${address(DEV_ACCOUNTS.provider)}`,
      ...summary.enterprises.map(
        (e, i) => `    #${i + 5} ENTERPRISE ${e.uscc} ${e.account} ${e.name}`,
      ),
    );
    if (summary.imports.length > 0) {
      const accepted = summary.imports.reduce((n, i) => n + i.accepted, 0);
      lines.push(
        `  sample data      ${summary.sampleEnterprises} enterprises, ${accepted} records ` +
          `in ${summary.imports.length} anchored imports`,
      );
    } else {
      lines.push("  sample data      store not empty: nothing loaded");
    }
  }
  console.log(lines.join("\n") + "\n");

  const shutdown = async (signal: string) => {
    service.ctx.logger.info({ event: "service.stopping", signal }, "stopping");
    await service.close();
    await chain?.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: Error) => {
  console.error(`ledger service failed to start: ${error.message}`);
  process.exit(1);
});
