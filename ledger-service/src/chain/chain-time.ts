import { readChain } from "./chain-errors";
import type { RawRpc } from "./query-check-call";

/**
 * "Now" for the start of a consent drafted without `validFrom`: the service's clock, or the
 * latest block's time if that is earlier. Chains stamp blocks with their own clock (Hardhat's
 * blocks run a second or two behind the wall clock), and a consent starting after the chain's
 * time would be refused as not yet valid until the chain caught up.
 */
export async function consentStartSeconds(rpc: RawRpc, serviceNowMs: number): Promise<number> {
  const block = (await readChain(() => rpc.send("eth_getBlockByNumber", ["latest", false]))) as {
    timestamp: string;
  } | null;
  const serviceSeconds = Math.floor(serviceNowMs / 1000);
  const blockSeconds = block ? Number.parseInt(block.timestamp, 16) : serviceSeconds;
  return Math.min(serviceSeconds, blockSeconds);
}
