import { ethers } from "ethers";

import {
  AnchorRegistry,
  AnchorRegistry__factory,
  ConsentRegistry,
  ConsentRegistry__factory,
  CreditLedger,
  CreditLedger__factory,
  OutcomeRegistry,
  OutcomeRegistry__factory,
} from "../../../typechain-types";
import { readChain } from "./chain-errors";

export interface ContractAddresses {
  CreditLedger: string;
  ConsentRegistry: string;
  AnchorRegistry: string;
  OutcomeRegistry: string;
}

/** Read-only handles on the deployed contracts, all through one provider. */
export interface LedgerContracts {
  chainId: bigint;
  addresses: ContractAddresses;
  ledger: CreditLedger;
  consents: ConsentRegistry;
  anchors: AnchorRegistry;
  outcomes: OutcomeRegistry;
}

export const ROLE_IDS = {
  ADMIN: ethers.ZeroHash,
  OPERATOR: ethers.id("OPERATOR_ROLE"),
  ANCHORER: ethers.id("ANCHORER_ROLE"),
  BANK: ethers.id("BANK_ROLE"),
  ENTERPRISE: ethers.id("ENTERPRISE_ROLE"),
  REGULATOR: ethers.id("REGULATOR_ROLE"),
  DATA_PROVIDER: ethers.id("DATA_PROVIDER_ROLE"),
} as const;

export type RoleName = keyof typeof ROLE_IDS;

/** Bit order of `CreditLedger.rolesOf`. */
export const ROLE_BITS: Record<RoleName, number> = {
  ADMIN: 1,
  OPERATOR: 2,
  ANCHORER: 4,
  BANK: 8,
  ENTERPRISE: 16,
  REGULATOR: 32,
  DATA_PROVIDER: 64,
};

export const DEFAULT_REBINDING_DELAY_SECONDS = 72 * 3600;

export async function connectContracts(
  provider: ethers.Provider,
  addresses: ContractAddresses,
): Promise<LedgerContracts> {
  const network = await readChain(() => provider.getNetwork());
  return {
    chainId: network.chainId,
    addresses,
    ledger: CreditLedger__factory.connect(addresses.CreditLedger, provider),
    consents: ConsentRegistry__factory.connect(addresses.ConsentRegistry, provider),
    anchors: AnchorRegistry__factory.connect(addresses.AnchorRegistry, provider),
    outcomes: OutcomeRegistry__factory.connect(addresses.OutcomeRegistry, provider),
  };
}

/** Whether a contract is deployed at `address`. */
export async function hasCode(provider: ethers.Provider, address: string): Promise<boolean> {
  const code = await readChain(() => provider.getCode(address));
  return code !== "0x";
}

/**
 * Deploys the four contracts with `admin` and grants OPERATOR and ANCHORER to the given
 * accounts. Transactions are sent one after another from the admin account.
 */
export async function deployContracts(
  admin: ethers.Signer,
  roles: { operator: string; anchorer: string },
  rebindingDelaySeconds = DEFAULT_REBINDING_DELAY_SECONDS,
): Promise<{ addresses: ContractAddresses; deployedIn: DeploymentBlock }> {
  const adminAddress = await admin.getAddress();
  const ledger = await new CreditLedger__factory(admin).deploy(adminAddress, rebindingDelaySeconds);
  await ledger.waitForDeployment();
  const ledgerAddress = await ledger.getAddress();
  const deployment = await ledger.deploymentTransaction()!.wait();

  const consents = await new ConsentRegistry__factory(admin).deploy(ledgerAddress);
  await consents.waitForDeployment();
  const anchors = await new AnchorRegistry__factory(admin).deploy(ledgerAddress);
  await anchors.waitForDeployment();
  const anchorsAddress = await anchors.getAddress();
  const outcomes = await new OutcomeRegistry__factory(admin).deploy(ledgerAddress, anchorsAddress);
  await outcomes.waitForDeployment();

  await (await ledger.grantRole(ROLE_IDS.OPERATOR, roles.operator)).wait();
  await (await ledger.grantRole(ROLE_IDS.ANCHORER, roles.anchorer)).wait();

  return {
    addresses: {
      CreditLedger: ledgerAddress,
      ConsentRegistry: await consents.getAddress(),
      AnchorRegistry: anchorsAddress,
      OutcomeRegistry: await outcomes.getAddress(),
    },
    deployedIn: { blockNumber: deployment!.blockNumber, blockHash: deployment!.blockHash },
  };
}

/** The block that deployed the ledger: it tells one deployment from another at one address. */
export interface DeploymentBlock {
  blockNumber: number;
  blockHash: string;
}

/** Whether the chain still has the block that deployed the ledger, with the same hash. */
export async function isSameDeployment(
  provider: ethers.Provider,
  deployedIn: DeploymentBlock | undefined,
): Promise<boolean> {
  if (!deployedIn) return false;
  const block = await readChain(() => provider.getBlock(deployedIn.blockNumber));
  return block?.hash === deployedIn.blockHash;
}
