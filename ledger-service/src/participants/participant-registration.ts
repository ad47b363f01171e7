import { randomBytes } from "node:crypto";

import { ethers } from "ethers";

import { ContractRevert, readChain } from "../chain/chain-errors";
import { ROLE_IDS } from "../chain/ledger-contracts";
import { type Category, categoriesToMask } from "../domain/categories";
import { parseUscc } from "../domain/uscc";
import { LedgerError } from "../errors";
import { enterpriseCommitment } from "../receipts/commitment";
import type { ServiceContext } from "../service-context";
import type { EnterpriseEntry } from "../store/enterprise-store";

export type RegistrableRole = "BANK" | "ENTERPRISE" | "REGULATOR" | "DATA_PROVIDER";
export const REGISTRABLE_ROLES: readonly RegistrableRole[] = [
  "BANK",
  "ENTERPRISE",
  "REGULATOR",
  "DATA_PROVIDER",
];

export interface Registration {
  address: string;
  role: RegistrableRole;
  uscc?: string;
  name?: string;
  categories?: Category[];
}

/** The answer: done (201, or 200 when it already was), or a transaction for the multisig (202). */
export type RegistrationOutcome =
  | { status: 200 | 201; body: { address: string; role: RegistrableRole; uscc?: string } }
  | {
      status: 202;
      body: { transaction: { to: string; data: string; value: "0"; chainId: number } };
    };

/**
 * Registers an account with a role. On a dev chain the service holds ADMIN and sends the
 * grant itself; where ADMIN is the consortium's multisig it answers the transaction for the
 * multisig to execute. An enterprise gets its random salt and commitment here, stored before
 * anything is sent, so a commitment on-chain never lacks its salt off-chain.
 */
export async function registerParticipant(
  ctx: ServiceContext,
  registration: Registration,
): Promise<RegistrationOutcome> {
  const address = ethers.getAddress(registration.address);
  const { ledger } = ctx.contracts;

  if (registration.role === "ENTERPRISE") return registerEnterprise(ctx, registration, address);

  if (registration.role === "DATA_PROVIDER") {
    const categories = registration.categories ?? [];
    if (categories.length === 0) {
      throw new LedgerError(
        "VALIDATION_FAILED",
        "categories: a provider needs at least one category",
      );
    }
    const mask = categoriesToMask(categories);
    const current = Number(await readChain(() => ledger.providerCategories(address)));
    if (current === mask) return { status: 200, body: { address, role: registration.role } };
    return sendAsAdmin(ctx, "setProviderCategories", [address, mask], {
      address,
      role: registration.role,
    });
  }

  const role = ROLE_IDS[registration.role];
  if (await readChain(() => ledger.hasRole(role, address))) {
    return { status: 200, body: { address, role: registration.role } };
  }
  return sendAsAdmin(ctx, "grantRole", [role, address], { address, role: registration.role });
}

async function registerEnterprise(
  ctx: ServiceContext,
  registration: Registration,
  address: string,
): Promise<RegistrationOutcome> {
  if (registration.uscc === undefined) {
    throw new LedgerError("VALIDATION_FAILED", "uscc: an enterprise needs its USCC");
  }
  const uscc = parseUscc(registration.uscc);
  const name = registration.name?.trim();
  if (!name) throw new LedgerError("VALIDATION_FAILED", "name: an enterprise needs its name");

  const { ledger } = ctx.contracts;
  let entry = await ctx.enterprises.get(uscc);
  if (!entry) {
    const salt = ethers.hexlify(randomBytes(32));
    entry = {
      uscc,
      name,
      salt,
      commitment: enterpriseCommitment(uscc, salt),
      account: null,
      registeredAt: new Date(ctx.now()).toISOString(),
    };
    await ctx.enterprises.put(entry);
  }

  const [boundAccount, accountCommitment] = await Promise.all([
    readChain(() => ledger.enterpriseAccount(entry.commitment)),
    readChain(() => ledger.commitmentOf(address)),
  ]);
  const body = { address, role: "ENTERPRISE" as const, uscc };
  if (boundAccount === address) {
    await recordAccount(ctx, entry, address);
    return { status: 200, body };
  }
  if (boundAccount !== ethers.ZeroAddress) {
    throw new LedgerError(
      "CONFLICT",
      `${uscc} is bound to another account; re-binding goes through the consortium's delayed re-binding`,
    );
  }
  if (accountCommitment !== ethers.ZeroHash) {
    throw new LedgerError("CONFLICT", `${address} already speaks for another enterprise`);
  }
  const outcome = await sendAsAdmin(ctx, "bindEnterprise", [entry.commitment, address], body);
  if (outcome.status === 201) await recordAccount(ctx, entry, address);
  return outcome;
}

async function recordAccount(ctx: ServiceContext, entry: EnterpriseEntry, account: string) {
  if (entry.account === account.toLowerCase()) return;
  await ctx.enterprises.put({ ...entry, account: account.toLowerCase() }, entry.account);
}

async function sendAsAdmin(
  ctx: ServiceContext,
  functionName: "grantRole" | "setProviderCategories" | "bindEnterprise",
  args: unknown[],
  body: { address: string; role: RegistrableRole; uscc?: string },
): Promise<RegistrationOutcome> {
  const { ledger } = ctx.contracts;
  const to = ctx.contracts.addresses.CreditLedger;
  const admin = ctx.senders.admin;
  if (!admin) {
    const data = (ledger.interface as ethers.Interface).encodeFunctionData(functionName, args);
    return {
      status: 202,
      body: { transaction: { to, data, value: "0", chainId: Number(ctx.contracts.chainId) } },
    };
  }
  try {
    await admin.send((runner) => ledger.connect(runner).getFunction(functionName)(...args));
  } catch (error) {
    if (error instanceof ContractRevert) {
      throw new LedgerError("CONFLICT", `the ledger refused the registration: ${error.message}`);
    }
    throw error;
  }
  return { status: 201, body };
}
