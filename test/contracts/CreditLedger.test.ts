import { ethers } from "hardhat";
import { describe, expect, it } from "vitest";

import type { CreditLedger } from "../../typechain-types";
import {
  expectEvent,
  expectNoEvent,
  expectRevert,
  fixture,
  latestTime,
  mined,
  setNextBlockTime,
} from "./helpers";
import { REBINDING_DELAY, ROLE, ROLE_BIT, commitmentOf } from "./roles";

const COMMITMENT = commitmentOf("91350100M000100Y43", ethers.id("salt of enterprise one"));
const OTHER_COMMITMENT = commitmentOf("91110108MA01A2B3C4", ethers.id("salt of enterprise two"));

const deployLedger = fixture(async () => {
  const [admin, operator, anchorer, bank, regulator, provider, enterprise, newAccount, stranger] =
    await ethers.getSigners();
  const factory = await ethers.getContractFactory("CreditLedger");
  const ledger = (await factory.deploy(admin.address, REBINDING_DELAY)) as unknown as CreditLedger;
  await ledger.waitForDeployment();
  const deployment = await ledger.deploymentTransaction()!.wait();
  await ledger.grantRole(ROLE.OPERATOR, operator.address);
  await ledger.grantRole(ROLE.ANCHORER, anchorer.address);
  await ledger.grantRole(ROLE.BANK, bank.address);
  await ledger.grantRole(ROLE.REGULATOR, regulator.address);
  await ledger.setProviderCategories(provider.address, 0x24);
  await ledger.bindEnterprise(COMMITMENT, enterprise.address);
  return {
    ledger,
    deployment: deployment!,
    admin,
    operator,
    anchorer,
    bank,
    regulator,
    provider,
    enterprise,
    newAccount,
    stranger,
  };
});

/** Proposes moving COMMITMENT to newAccount and returns the effectiveAt it was given. */
async function proposeRebinding(ledger: CreditLedger, newAccount: string): Promise<bigint> {
  await ledger.proposeRebinding(COMMITMENT, newAccount);
  return (await ledger.pendingRebinding(COMMITMENT)).effectiveAt;
}

describe("CreditLedger", () => {
  describe("deployment and roles", () => {
    it("gives ADMIN to the admin and sets the re-binding delay, with an event", async () => {
      const { ledger, deployment, admin, stranger } = await deployLedger();

      expect(await ledger.hasRole(ROLE.ADMIN, admin.address)).toBe(true);
      expect(await ledger.hasRole(ROLE.ADMIN, stranger.address)).toBe(false);
      expect(await ledger.rebindingDelay()).toBe(REBINDING_DELAY);
      const events = deployment.logs
        .map((log) => ledger.interface.parseLog(log))
        .filter((parsed) => parsed?.name === "RebindingDelaySet");
      expect(events.map((e) => e!.args[0])).toEqual([REBINDING_DELAY]);
    });

    it("answers every role of an account as one bitmask in the documented bit order", async () => {
      const { ledger, admin, operator, anchorer, bank, regulator, provider, enterprise, stranger } =
        await deployLedger();

      const expected: [string, bigint][] = [
        [admin.address, ROLE_BIT.ADMIN],
        [operator.address, ROLE_BIT.OPERATOR],
        [anchorer.address, ROLE_BIT.ANCHORER],
        [bank.address, ROLE_BIT.BANK],
        [enterprise.address, ROLE_BIT.ENTERPRISE],
        [regulator.address, ROLE_BIT.REGULATOR],
        [provider.address, ROLE_BIT.DATA_PROVIDER],
        [stranger.address, 0n],
      ];
      const block = await ethers.provider.getBlockNumber();
      for (const [account, bits] of expected) {
        expect(await ledger.rolesOf(account)).toEqual([bits, BigInt(block)]);
      }
    });

    it("answers all seven bits for an account that holds every role", async () => {
      const { ledger, admin } = await deployLedger();

      for (const role of [ROLE.OPERATOR, ROLE.ANCHORER, ROLE.BANK, ROLE.REGULATOR]) {
        await ledger.grantRole(role, admin.address);
      }
      await ledger.setProviderCategories(admin.address, 0xff);
      await ledger.bindEnterprise(OTHER_COMMITMENT, admin.address);

      const [roles] = await ledger.rolesOf(admin.address);
      expect(roles).toBe(0x7fn);
    });

    it("grants and revokes ordinary roles through grantRole and revokeRole", async () => {
      const { ledger, admin, stranger } = await deployLedger();

      const granted = await mined(ledger.grantRole(ROLE.BANK, stranger.address));
      expectEvent(granted, ledger, "RoleGranted", [ROLE.BANK, stranger.address, admin.address]);
      expect(await ledger.hasRole(ROLE.BANK, stranger.address)).toBe(true);

      const revoked = await mined(ledger.revokeRole(ROLE.BANK, stranger.address));
      expectEvent(revoked, ledger, "RoleRevoked", [ROLE.BANK, stranger.address, admin.address]);
      expect(await ledger.hasRole(ROLE.BANK, stranger.address)).toBe(false);
    });

    it("refuses role grants from an account without ADMIN", async () => {
      const { ledger, stranger } = await deployLedger();

      await expectRevert(
        ledger.connect(stranger).grantRole(ROLE.BANK, stranger.address),
        ledger,
        "AccessControlUnauthorizedAccount",
        [stranger.address, ROLE.ADMIN],
      );
    });

    it("refuses to grant ENTERPRISE_ROLE or DATA_PROVIDER_ROLE outside registration", async () => {
      const { ledger, stranger } = await deployLedger();

      for (const role of [ROLE.ENTERPRISE, ROLE.DATA_PROVIDER]) {
        await expectRevert(
          ledger.grantRole(role, stranger.address),
          ledger,
          "RoleGrantedThroughRegistration",
          [role],
        );
      }
      expect((await ledger.rolesOf(stranger.address))[0]).toBe(0n);
    });

    it("refuses to revoke or renounce DATA_PROVIDER_ROLE outside setProviderCategories", async () => {
      const { ledger, provider } = await deployLedger();

      await expectRevert(
        ledger.revokeRole(ROLE.DATA_PROVIDER, provider.address),
        ledger,
        "RoleGrantedThroughRegistration",
        [ROLE.DATA_PROVIDER],
      );
      await expectRevert(
        ledger.connect(provider).renounceRole(ROLE.DATA_PROVIDER, provider.address),
        ledger,
        "RoleGrantedThroughRegistration",
        [ROLE.DATA_PROVIDER],
      );
      expect(await ledger.hasRole(ROLE.DATA_PROVIDER, provider.address)).toBe(true);
    });

    it("lets an account renounce an ordinary role", async () => {
      const { ledger, bank } = await deployLedger();

      await ledger.connect(bank).renounceRole(ROLE.BANK, bank.address);

      expect(await ledger.hasRole(ROLE.BANK, bank.address)).toBe(false);
    });

    it("declares ERC-165 support for ICreditLedger, IAccessControl and ERC-165", async () => {
      const { ledger } = await deployLedger();

      const own = await ethers.getContractAt("ICreditLedger", ledger.target);
      const inherited = await ethers.getContractAt("IAccessControl", ledger.target);
      const selectorsOf = (c: typeof own | typeof inherited) => {
        const selectors: bigint[] = [];
        c.interface.forEachFunction((f) => selectors.push(BigInt(f.selector)));
        return selectors;
      };
      const accessControl = selectorsOf(inherited);
      const ledgerOnly = selectorsOf(own).filter((s) => !accessControl.includes(s));
      const xor = (selectors: bigint[]) => selectors.reduce((a, b) => a ^ b, 0n);
      const id = (value: bigint) => ethers.toBeHex(value, 4);

      expect(await ledger.supportsInterface(id(xor(ledgerOnly)))).toBe(true);
      expect(await ledger.supportsInterface(id(xor(accessControl)))).toBe(true);
      expect(await ledger.supportsInterface("0x01ffc9a7")).toBe(true);
      expect(await ledger.supportsInterface("0xffffffff")).toBe(false);
    });
  });

  describe("binding enterprises", () => {
    it("binds a commitment to an account and grants it ENTERPRISE_ROLE", async () => {
      const { ledger, admin, stranger } = await deployLedger();

      const receipt = await mined(ledger.bindEnterprise(OTHER_COMMITMENT, stranger.address));

      expectEvent(receipt, ledger, "EnterpriseBound", [OTHER_COMMITMENT, stranger.address]);
      expectEvent(receipt, ledger, "RoleGranted", [
        ROLE.ENTERPRISE,
        stranger.address,
        admin.address,
      ]);
      expect(await ledger.enterpriseAccount(OTHER_COMMITMENT)).toBe(stranger.address);
      expect(await ledger.commitmentOf(stranger.address)).toBe(OTHER_COMMITMENT);
      expect(await ledger.hasRole(ROLE.ENTERPRISE, stranger.address)).toBe(true);
    });

    it("answers zero for an unbound commitment or account", async () => {
      const { ledger, stranger } = await deployLedger();

      expect(await ledger.enterpriseAccount(OTHER_COMMITMENT)).toBe(ethers.ZeroAddress);
      expect(await ledger.commitmentOf(stranger.address)).toBe(ethers.ZeroHash);
    });

    it("refuses a binding from an account without ADMIN", async () => {
      const { ledger, stranger } = await deployLedger();

      await expectRevert(
        ledger.connect(stranger).bindEnterprise(OTHER_COMMITMENT, stranger.address),
        ledger,
        "AccessControlUnauthorizedAccount",
        [stranger.address, ROLE.ADMIN],
      );
    });

    it("refuses a zero commitment or a zero account", async () => {
      const { ledger, stranger } = await deployLedger();

      await expectRevert(
        ledger.bindEnterprise(ethers.ZeroHash, stranger.address),
        ledger,
        "InvalidBinding",
        [ethers.ZeroHash, stranger.address],
      );
      await expectRevert(
        ledger.bindEnterprise(OTHER_COMMITMENT, ethers.ZeroAddress),
        ledger,
        "InvalidBinding",
        [OTHER_COMMITMENT, ethers.ZeroAddress],
      );
    });

    it("refuses to bind a commitment that is already bound", async () => {
      const { ledger, enterprise, stranger } = await deployLedger();

      await expectRevert(
        ledger.bindEnterprise(COMMITMENT, stranger.address),
        ledger,
        "EnterpriseAlreadyBound",
        [COMMITMENT, enterprise.address],
      );
    });

    it("refuses to bind an account that already speaks for another commitment", async () => {
      const { ledger, enterprise } = await deployLedger();

      await expectRevert(
        ledger.bindEnterprise(OTHER_COMMITMENT, enterprise.address),
        ledger,
        "AccountAlreadyBound",
        [enterprise.address, COMMITMENT],
      );
    });

    it("refuses to bind an account that a pending re-binding reserves", async () => {
      const { ledger, newAccount } = await deployLedger();
      await ledger.proposeRebinding(COMMITMENT, newAccount.address);

      await expectRevert(
        ledger.bindEnterprise(OTHER_COMMITMENT, newAccount.address),
        ledger,
        "AccountAlreadyBound",
        [newAccount.address, COMMITMENT],
      );
    });
  });

  describe("provider categories", () => {
    it("grants DATA_PROVIDER_ROLE with its categories, updates them, and revokes it at 0", async () => {
      const { ledger, admin, stranger } = await deployLedger();

      const granted = await mined(ledger.setProviderCategories(stranger.address, 0x81));
      expectEvent(granted, ledger, "ProviderCategoriesSet", [stranger.address, 0x81]);
      expectEvent(granted, ledger, "RoleGranted", [
        ROLE.DATA_PROVIDER,
        stranger.address,
        admin.address,
      ]);
      expect(await ledger.providerCategories(stranger.address)).toBe(0x81n);
      expect(await ledger.hasRole(ROLE.DATA_PROVIDER, stranger.address)).toBe(true);

      const updated = await mined(ledger.setProviderCategories(stranger.address, 0x02));
      expectEvent(updated, ledger, "ProviderCategoriesSet", [stranger.address, 0x02]);
      expectNoEvent(updated, ledger, "RoleGranted");
      expect(await ledger.providerCategories(stranger.address)).toBe(0x02n);

      const removed = await mined(ledger.setProviderCategories(stranger.address, 0));
      expectEvent(removed, ledger, "ProviderCategoriesSet", [stranger.address, 0]);
      expectEvent(removed, ledger, "RoleRevoked", [
        ROLE.DATA_PROVIDER,
        stranger.address,
        admin.address,
      ]);
      expect(await ledger.providerCategories(stranger.address)).toBe(0n);
      expect(await ledger.hasRole(ROLE.DATA_PROVIDER, stranger.address)).toBe(false);
    });

    it("refuses categories outside the eight category bits", async () => {
      const { ledger, stranger } = await deployLedger();

      await expectRevert(
        ledger.setProviderCategories(stranger.address, 0x100),
        ledger,
        "InvalidCategories",
        [0x100],
      );
    });

    it("refuses provider registration from an account without ADMIN", async () => {
      const { ledger, operator, stranger } = await deployLedger();

      await expectRevert(
        ledger.connect(operator).setProviderCategories(stranger.address, 1),
        ledger,
        "AccessControlUnauthorizedAccount",
        [operator.address, ROLE.ADMIN],
      );
    });
  });

  describe("re-binding", () => {
    it("lets ADMIN change the re-binding delay, with an event", async () => {
      const { ledger, stranger } = await deployLedger();

      const receipt = await mined(ledger.setRebindingDelay(3600));

      expectEvent(receipt, ledger, "RebindingDelaySet", [3600]);
      expect(await ledger.rebindingDelay()).toBe(3600n);
      await expectRevert(
        ledger.connect(stranger).setRebindingDelay(0),
        ledger,
        "AccessControlUnauthorizedAccount",
        [stranger.address, ROLE.ADMIN],
      );
    });

    it("proposes a re-binding effective after the delay", async () => {
      const { ledger, enterprise, newAccount } = await deployLedger();
      const at = (await latestTime()) + 10n;
      await setNextBlockTime(at);

      const receipt = await mined(ledger.proposeRebinding(COMMITMENT, newAccount.address));

      const effectiveAt = at + REBINDING_DELAY;
      expectEvent(receipt, ledger, "RebindingProposed", [
        COMMITMENT,
        enterprise.address,
        newAccount.address,
        effectiveAt,
      ]);
      expect(await ledger.pendingRebinding(COMMITMENT)).toEqual([newAccount.address, effectiveAt]);
      // Nothing moves before completion.
      expect(await ledger.enterpriseAccount(COMMITMENT)).toBe(enterprise.address);
      expect(await ledger.hasRole(ROLE.ENTERPRISE, newAccount.address)).toBe(false);
    });

    it("answers zero values when no re-binding is pending", async () => {
      const { ledger } = await deployLedger();

      expect(await ledger.pendingRebinding(COMMITMENT)).toEqual([ethers.ZeroAddress, 0n]);
    });

    it("refuses a proposal from an account without ADMIN", async () => {
      const { ledger, enterprise, newAccount } = await deployLedger();

      await expectRevert(
        ledger.connect(enterprise).proposeRebinding(COMMITMENT, newAccount.address),
        ledger,
        "AccessControlUnauthorizedAccount",
        [enterprise.address, ROLE.ADMIN],
      );
    });

    it("refuses a proposal for an unbound commitment or to the zero address", async () => {
      const { ledger, newAccount } = await deployLedger();

      await expectRevert(
        ledger.proposeRebinding(OTHER_COMMITMENT, newAccount.address),
        ledger,
        "EnterpriseNotBound",
        [OTHER_COMMITMENT],
      );
      await expectRevert(
        ledger.proposeRebinding(COMMITMENT, ethers.ZeroAddress),
        ledger,
        "InvalidBinding",
        [COMMITMENT, ethers.ZeroAddress],
      );
    });

    it("refuses a second proposal while one is pending", async () => {
      const { ledger, newAccount, stranger } = await deployLedger();
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);

      await expectRevert(
        ledger.proposeRebinding(COMMITMENT, stranger.address),
        ledger,
        "RebindingAlreadyPending",
        [COMMITMENT, newAccount.address, effectiveAt],
      );
    });

    it("refuses a proposal to an account that is bound or reserved elsewhere", async () => {
      const { ledger, enterprise, newAccount, stranger } = await deployLedger();
      await ledger.bindEnterprise(OTHER_COMMITMENT, stranger.address);

      await expectRevert(
        ledger.proposeRebinding(COMMITMENT, stranger.address),
        ledger,
        "AccountAlreadyBound",
        [stranger.address, OTHER_COMMITMENT],
      );
      await expectRevert(
        ledger.proposeRebinding(COMMITMENT, enterprise.address),
        ledger,
        "AccountAlreadyBound",
        [enterprise.address, COMMITMENT],
      );
      await ledger.proposeRebinding(OTHER_COMMITMENT, newAccount.address);
      await expectRevert(
        ledger.proposeRebinding(COMMITMENT, newAccount.address),
        ledger,
        "AccountAlreadyBound",
        [newAccount.address, OTHER_COMMITMENT],
      );
    });

    it("refuses completion one second before the delay has passed", async () => {
      const { ledger, newAccount, stranger } = await deployLedger();
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);
      await setNextBlockTime(effectiveAt - 1n);

      await expectRevert(
        ledger.connect(stranger).completeRebinding(COMMITMENT),
        ledger,
        "RebindingNotDue",
        [COMMITMENT, effectiveAt, effectiveAt - 1n],
      );
    });

    it("lets anyone complete a due re-binding, moving the role and the binding both ways", async () => {
      const { ledger, enterprise, newAccount, stranger } = await deployLedger();
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);
      await setNextBlockTime(effectiveAt);

      const receipt = await mined(ledger.connect(stranger).completeRebinding(COMMITMENT));

      expectEvent(receipt, ledger, "EnterpriseRebound", [
        COMMITMENT,
        enterprise.address,
        newAccount.address,
      ]);
      expectEvent(receipt, ledger, "RoleRevoked", [
        ROLE.ENTERPRISE,
        enterprise.address,
        stranger.address,
      ]);
      expectEvent(receipt, ledger, "RoleGranted", [
        ROLE.ENTERPRISE,
        newAccount.address,
        stranger.address,
      ]);
      expect(await ledger.enterpriseAccount(COMMITMENT)).toBe(newAccount.address);
      expect(await ledger.commitmentOf(newAccount.address)).toBe(COMMITMENT);
      expect(await ledger.commitmentOf(enterprise.address)).toBe(ethers.ZeroHash);
      expect(await ledger.hasRole(ROLE.ENTERPRISE, enterprise.address)).toBe(false);
      expect(await ledger.hasRole(ROLE.ENTERPRISE, newAccount.address)).toBe(true);
      expect(await ledger.pendingRebinding(COMMITMENT)).toEqual([ethers.ZeroAddress, 0n]);
    });

    it("frees the old account after completion, so it can be bound again", async () => {
      const { ledger, enterprise, newAccount } = await deployLedger();
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);
      await setNextBlockTime(effectiveAt);
      await ledger.completeRebinding(COMMITMENT);

      await ledger.bindEnterprise(OTHER_COMMITMENT, enterprise.address);

      expect(await ledger.commitmentOf(enterprise.address)).toBe(OTHER_COMMITMENT);
    });

    it("refuses completion and contest when nothing is pending", async () => {
      const { ledger, enterprise } = await deployLedger();

      await expectRevert(ledger.completeRebinding(COMMITMENT), ledger, "NoRebindingPending", [
        COMMITMENT,
      ]);
      await expectRevert(
        ledger.connect(enterprise).contestRebinding(COMMITMENT),
        ledger,
        "NoRebindingPending",
        [COMMITMENT],
      );
    });

    it("lets the bound account contest a pending re-binding, which cancels it", async () => {
      const { ledger, enterprise, newAccount } = await deployLedger();
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);

      const receipt = await mined(ledger.connect(enterprise).contestRebinding(COMMITMENT));

      expectEvent(receipt, ledger, "RebindingContested", [
        COMMITMENT,
        enterprise.address,
        newAccount.address,
      ]);
      expect(await ledger.pendingRebinding(COMMITMENT)).toEqual([ethers.ZeroAddress, 0n]);
      await setNextBlockTime(effectiveAt);
      await expectRevert(ledger.completeRebinding(COMMITMENT), ledger, "NoRebindingPending", [
        COMMITMENT,
      ]);
      expect(await ledger.enterpriseAccount(COMMITMENT)).toBe(enterprise.address);
      // The reservation is gone too: the proposed account can be bound elsewhere.
      await ledger.bindEnterprise(OTHER_COMMITMENT, newAccount.address);
    });

    it("lets the bound account contest after the delay as long as nobody has completed it", async () => {
      const { ledger, enterprise, newAccount } = await deployLedger();
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);
      await setNextBlockTime(effectiveAt + 5n);

      await ledger.connect(enterprise).contestRebinding(COMMITMENT);

      expect(await ledger.pendingRebinding(COMMITMENT)).toEqual([ethers.ZeroAddress, 0n]);
    });

    it("refuses a contest from anyone but the bound account", async () => {
      const { ledger, admin, newAccount, stranger } = await deployLedger();
      await proposeRebinding(ledger, newAccount.address);

      for (const caller of [stranger, newAccount, admin]) {
        await expectRevert(
          ledger.connect(caller).contestRebinding(COMMITMENT),
          ledger,
          "NotBoundAccount",
          [COMMITMENT, caller.address],
        );
      }
    });

    it("refuses a contest from the old account once the re-binding has completed", async () => {
      const { ledger, enterprise, newAccount } = await deployLedger();
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);
      await setNextBlockTime(effectiveAt);
      await ledger.completeRebinding(COMMITMENT);

      await expectRevert(
        ledger.connect(enterprise).contestRebinding(COMMITMENT),
        ledger,
        "NotBoundAccount",
        [COMMITMENT, enterprise.address],
      );
    });
  });

  describe("suspending an enterprise account", () => {
    it("lets ADMIN revoke ENTERPRISE_ROLE, which keeps the binding", async () => {
      const { ledger, admin, enterprise } = await deployLedger();

      const receipt = await mined(ledger.revokeRole(ROLE.ENTERPRISE, enterprise.address));

      expectEvent(receipt, ledger, "RoleRevoked", [
        ROLE.ENTERPRISE,
        enterprise.address,
        admin.address,
      ]);
      expect(await ledger.hasRole(ROLE.ENTERPRISE, enterprise.address)).toBe(false);
      expect(await ledger.enterpriseAccount(COMMITMENT)).toBe(enterprise.address);
      expect(await ledger.commitmentOf(enterprise.address)).toBe(COMMITMENT);
    });

    it("refuses a contest from a suspended account, so a stolen key cannot block recovery", async () => {
      const { ledger, enterprise, newAccount } = await deployLedger();
      await ledger.revokeRole(ROLE.ENTERPRISE, enterprise.address);
      const effectiveAt = await proposeRebinding(ledger, newAccount.address);

      await expectRevert(
        ledger.connect(enterprise).contestRebinding(COMMITMENT),
        ledger,
        "NotBoundAccount",
        [COMMITMENT, enterprise.address],
      );

      await setNextBlockTime(effectiveAt);
      await ledger.completeRebinding(COMMITMENT);
      expect(await ledger.enterpriseAccount(COMMITMENT)).toBe(newAccount.address);
      expect(await ledger.hasRole(ROLE.ENTERPRISE, newAccount.address)).toBe(true);
    });

    it("lets the enterprise account renounce its own role, suspending itself", async () => {
      const { ledger, enterprise } = await deployLedger();

      await ledger.connect(enterprise).renounceRole(ROLE.ENTERPRISE, enterprise.address);

      expect(await ledger.hasRole(ROLE.ENTERPRISE, enterprise.address)).toBe(false);
      expect(await ledger.enterpriseAccount(COMMITMENT)).toBe(enterprise.address);
    });

    it("cannot reinstate a suspended account through grantRole", async () => {
      const { ledger, enterprise } = await deployLedger();
      await ledger.revokeRole(ROLE.ENTERPRISE, enterprise.address);

      await expectRevert(
        ledger.grantRole(ROLE.ENTERPRISE, enterprise.address),
        ledger,
        "RoleGrantedThroughRegistration",
        [ROLE.ENTERPRISE],
      );
    });
  });
});
