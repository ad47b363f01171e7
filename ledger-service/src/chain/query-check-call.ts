import { ConsentRegistry__factory } from "../../../typechain-types";
import { LedgerError } from "../errors";

/** `ConsentRegistry.checkQuery`'s answer, decoded. */
export interface QueryCheckAnswer {
  reason: number;
  blockNumber: number;
  blockTime: number;
  bankHoldsRole: boolean;
  validFrom: number;
  validUntil: number;
}

/** A provider that takes raw JSON-RPC calls (ethers' JsonRpcProvider, Hardhat's provider). */
export interface RawRpc {
  send(method: string, params: unknown[]): Promise<unknown>;
}

const SELECTOR = ConsentRegistry__factory.createInterface()
  .getFunction("checkQuery")
  .selector.slice(2);

function word(hex: string): string {
  return hex.padStart(64, "0");
}

/**
 * `checkQuery` as one raw `eth_call` at the latest block, encoded and decoded by hand. This
 * is the one chain read on the query path; ethers' contract layer costs more than the call.
 * The arguments are static ABI types, the answer six static words.
 */
export class QueryCheckCall {
  constructor(
    private readonly rpc: RawRpc,
    private readonly registry: string,
  ) {}

  async check(
    consentId: string,
    bank: string,
    enterprise: string,
    categories: number,
    purpose: number,
  ): Promise<QueryCheckAnswer> {
    const data =
      "0x" +
      SELECTOR +
      consentId.slice(2).toLowerCase() +
      word(bank.slice(2).toLowerCase()) +
      enterprise.slice(2).toLowerCase() +
      word(categories.toString(16)) +
      word(purpose.toString(16));
    let result: unknown;
    try {
      result = await this.rpc.send("eth_call", [{ to: this.registry, data }, "latest"]);
    } catch (error) {
      throw new LedgerError("CHAIN_UNAVAILABLE", "the chain could not be read", {
        cause: error,
        retryAfterSeconds: 2,
      });
    }
    if (typeof result !== "string" || result.length !== 2 + 6 * 64) {
      throw new LedgerError("CHAIN_UNAVAILABLE", "the consent registry answered unexpectedly");
    }
    const at = (i: number) => Number.parseInt(result.slice(2 + i * 64, 2 + (i + 1) * 64), 16);
    return {
      reason: at(0),
      blockNumber: at(1),
      blockTime: at(2),
      bankHoldsRole: at(3) === 1,
      validFrom: at(4),
      validUntil: at(5),
    };
  }
}
