import type { Request } from "express";

import { readChain } from "../chain/chain-errors";
import { ROLE_BITS, type RoleName } from "../chain/ledger-contracts";
import { LedgerError } from "../errors";
import type { ServiceContext } from "../service-context";
import { parseSignedHeaders, verifyRequestSignature } from "../signing";
import type { RateLimiter } from "./rate-limiter";

/** Who is calling, as proven by the request signature and read from the chain. */
export interface Caller {
  /** Lower-case address. */
  signer: string;
  roles: Set<RoleName>;
  /** The EIP-191 digest the caller signed (a query receipt's requestHash). */
  digest: string;
  signature: string;
  /** The block the roles were read at; -1 while a deferred role check has not run. */
  rolesBlock: number;
}

export function rolesFromMask(mask: bigint): Set<RoleName> {
  const roles = new Set<RoleName>();
  for (const [name, bit] of Object.entries(ROLE_BITS) as [RoleName, number][]) {
    if ((mask & BigInt(bit)) !== 0n) roles.add(name);
  }
  return roles;
}

/**
 * Authenticates a signed request and checks the caller holds one of `roles`, in DESIGN.md's
 * order: headers, timestamp, signature, nonce (all in `verifyRequestSignature`), the
 * per-signer rate limit, then the role read from the chain.
 */
export async function authenticate(
  ctx: ServiceContext,
  req: Request,
  rawBody: Buffer,
  roles: readonly RoleName[] | "deferred",
  signerLimiter: RateLimiter,
): Promise<Caller> {
  const { timestampMs } = parseSignedHeaders(req.headers);
  if (timestampMs < ctx.startedAtMs) {
    throw new LedgerError(
      "TIMESTAMP_STALE",
      "the request was signed before this service started; sign it again",
    );
  }
  const verified = await verifyRequestSignature(
    { method: req.method, target: req.originalUrl, headers: req.headers, body: rawBody },
    {
      chainId: ctx.contracts.chainId,
      ledger: ctx.contracts.addresses.CreditLedger,
      nonceStore: ctx.nonces,
      now: ctx.now(),
      windowMs: ctx.config.requestWindowMs,
    },
  );

  const wait = signerLimiter.take(verified.signer, ctx.now());
  if (wait > 0) {
    throw new LedgerError("RATE_LIMITED", `too many requests from ${verified.signer}`, {
      retryAfterSeconds: wait,
    });
  }

  const caller: Caller = { ...verified, roles: new Set(), rolesBlock: -1 };
  // The query path reads the bank's role in the same view call as the consent.
  if (roles !== "deferred") await requireRoles(ctx, caller, roles);
  return caller;
}

/**
 * Reads the caller's roles from the chain and refuses with ROLE_REQUIRED unless it holds one
 * of `roles`. A route that deferred the check calls this on every path that does not read
 * the role otherwise, before any other refusal.
 */
export async function requireRoles(
  ctx: ServiceContext,
  caller: Caller,
  roles: readonly RoleName[],
): Promise<void> {
  if (caller.rolesBlock < 0) {
    const [mask, block] = await readChain(() => ctx.contracts.ledger.rolesOf(caller.signer));
    caller.roles = rolesFromMask(mask);
    caller.rolesBlock = Number(block);
  }
  if (!roles.some((role) => caller.roles.has(role))) {
    throw new LedgerError(
      "ROLE_REQUIRED",
      `${caller.signer} holds none of the roles this call needs: ${roles.join(", ")}`,
      { details: { requiredRoles: roles } },
    );
  }
}
