import { ethers } from "ethers";

import type { RawRpc } from "./query-check-call";

/** The in-process Hardhat network, with its JSON-RPC served on loopback. */
export interface EmbeddedChain {
  provider: ethers.Provider & RawRpc;
  /** JSON-RPC address anyone on this machine can verify the ledger through. */
  rpcUrl: string;
  close(): Promise<void>;
}

interface JsonRpcServerLike {
  listen(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

/**
 * Starts the Hardhat network of `hardhat.config.ts` inside this process (mining on each
 * transaction and every 2 s) and serves its JSON-RPC on `127.0.0.1:rpcPort`.
 */
export async function startEmbeddedChain(rpcPort: number): Promise<EmbeddedChain> {
  // Loaded lazily: importing hardhat reads hardhat.config.ts, which RPC_URL mode never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TASK_NODE_CREATE_SERVER } = require("hardhat/builtin-tasks/task-names");

  const server = (await hre.run(TASK_NODE_CREATE_SERVER, {
    hostname: "127.0.0.1",
    port: rpcPort,
    provider: hre.network.provider,
  })) as JsonRpcServerLike;
  const { port } = await server.listen();

  return {
    provider: hre.ethers.provider,
    rpcUrl: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}
