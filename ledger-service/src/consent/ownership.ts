import { ethers } from "ethers";

import { readChain } from "../chain/chain-errors";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import type { ServiceContext } from "../service-context";
import type { EnterpriseEntry } from "../store/enterprise-store";

/** The commitment the caller's account speaks for on-chain, or undefined. */
export async function commitmentOfCaller(
  ctx: ServiceContext,
  caller: Caller,
): Promise<string | undefined> {
  if (!caller.roles.has("ENTERPRISE")) return undefined;
  const commitment = await readChain(() => ctx.contracts.ledger.commitmentOf(caller.signer));
  return commitment === ethers.ZeroHash ? undefined : commitment.toLowerCase();
}

/**
 * Allows a regulator, or the enterprise's own bound account; refuses anyone else with
 * NOT_YOUR_RESOURCE.
 */
export async function requireEnterpriseOrRegulator(
  ctx: ServiceContext,
  caller: Caller,
  enterprise: EnterpriseEntry,
): Promise<"REGULATOR" | "ENTERPRISE"> {
  if (caller.roles.has("REGULATOR")) return "REGULATOR";
  const own = await commitmentOfCaller(ctx, caller);
  if (own !== undefined && own === enterprise.commitment.toLowerCase()) return "ENTERPRISE";
  throw new LedgerError(
    "NOT_YOUR_RESOURCE",
    `${caller.signer} does not speak for ${enterprise.uscc}`,
  );
}

/** The enterprise's own bound account only. */
export async function requireOwnEnterprise(
  ctx: ServiceContext,
  caller: Caller,
  enterprise: EnterpriseEntry,
): Promise<void> {
  const own = await commitmentOfCaller(ctx, caller);
  if (own === undefined || own !== enterprise.commitment.toLowerCase()) {
    throw new LedgerError(
      "NOT_YOUR_RESOURCE",
      `${caller.signer} does not speak for ${enterprise.uscc}`,
    );
  }
}
