import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Signature, TypedDataEncoder } from "ethers";
import secp256k1 from "secp256k1";
import { describe, expect, it } from "vitest";

import type { ConsentRegistry, CreditLedger, ERC1271WalletMock } from "../../typechain-types";
import { CATEGORY_BITS, PURPOSE_BITS } from "../../ledger-service/src/domain/categories";
import {
  CONSENT_TYPES,
  type ConsentMessage,
  REVOCATION_TYPES,
  type RevocationMessage,
  creditLedgerDomain,
} from "./eip712-types";
import {
  expectEvent,
  expectRevert,
  fieldsOf,
  fixture,
  latestTime,
  mineAt,
  mined,
  random32,
  setNextBlockTime,
} from "./helpers";
import { REBINDING_DELAY, ROLE, commitmentOf } from "./roles";

const COMMITMENT = commitmentOf("91350100M000100Y43", ethers.id("salt of enterprise one"));
const OTHER_COMMITMENT = commitmentOf("91110108MA01A2B3C4", ethers.id("salt of enterprise two"));
const WALLET_COMMITMENT = commitmentOf(
  "91440300MA5F0XYZ1K",
  ethers.id("salt of a wallet enterprise"),
);
const UNBOUND_COMMITMENT = commitmentOf("91310000MA1K00001B", ethers.id("salt of nobody"));
const DAY = 86_400n;
const MODE = { Online: 0n, Offline: 1n } as const;
const STATUS = { None: 0n, Active: 1n, Revoked: 2n } as const;
const REASON = {
  Ok: 0n,
  NotFound: 1n,
  WrongBank: 2n,
  EnterpriseMismatch: 3n,
  Revoked: 4n,
  NotYetValid: 5n,
  Expired: 6n,
  PurposeNotAllowed: 7n,
  ScopeExceeded: 8n,
} as const;
const SCOPE = BigInt(CATEGORY_BITS.BASIC | CATEGORY_BITS.REGULATORY | CATEGORY_BITS.TAX);
const PURPOSES = BigInt(PURPOSE_BITS.PRE_LOAN | PURPOSE_BITS.IN_LOAN);
/** The order of the secp256k1 group, to turn a low-s signature into its high-s twin. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const deployConsentRegistry = fixture(async () => {
  const signers = await ethers.getSigners();
  const [admin, operator, bank, otherBank, enterprise, otherEnterprise, newAccount, stranger] =
    signers;
  const walletOwner = signers[8];
  const ledger = (await ethers.deployContract("CreditLedger", [
    admin.address,
    REBINDING_DELAY,
  ])) as unknown as CreditLedger;
  await ledger.grantRole(ROLE.OPERATOR, operator.address);
  await ledger.grantRole(ROLE.BANK, bank.address);
  await ledger.grantRole(ROLE.BANK, otherBank.address);
  await ledger.bindEnterprise(COMMITMENT, enterprise.address);
  await ledger.bindEnterprise(OTHER_COMMITMENT, otherEnterprise.address);
  const wallet = (await ethers.deployContract("ERC1271WalletMock", [
    walletOwner.address,
  ])) as unknown as ERC1271WalletMock;
  await ledger.bindEnterprise(WALLET_COMMITMENT, wallet.target);
  const registry = (await ethers.deployContract("ConsentRegistry", [
    ledger.target,
  ])) as unknown as ConsentRegistry;
  // A second deployment on the same chain: its signatures must be worthless at the first.
  const otherRegistry = (await ethers.deployContract("ConsentRegistry", [
    ledger.target,
  ])) as unknown as ConsentRegistry;
  const { chainId } = await ethers.provider.getNetwork();
  return {
    ledger,
    registry,
    otherRegistry,
    wallet,
    chainId,
    admin,
    operator,
    bank,
    otherBank,
    enterprise,
    otherEnterprise,
    newAccount,
    stranger,
    walletOwner,
  };
});

type Fixture = Awaited<ReturnType<typeof deployConsentRegistry>>;

/** A consent of COMMITMENT to `bank`, valid from now for 30 days, signable for an hour. */
async function draftConsent(
  bank: string,
  overrides: Partial<ConsentMessage> = {},
): Promise<ConsentMessage> {
  const now = await latestTime();
  return {
    enterprise: COMMITMENT,
    bank,
    categories: SCOPE,
    purposes: PURPOSES,
    validFrom: now,
    validUntil: now + 30n * DAY,
    documentHash: ethers.keccak256(ethers.toUtf8Bytes("I authorise the bank to read ...")),
    nonce: random32(),
    deadline: now + 3600n,
    ...overrides,
  };
}

function signConsent(
  f: Fixture,
  signer: HardhatEthersSigner,
  consent: ConsentMessage,
  domain = creditLedgerDomain(f.chainId, f.registry.target as string),
): Promise<string> {
  return signer.signTypedData(domain, CONSENT_TYPES, consent);
}

function signRevocation(
  f: Fixture,
  signer: HardhatEthersSigner,
  revocation: RevocationMessage,
): Promise<string> {
  const domain = creditLedgerDomain(f.chainId, f.registry.target as string);
  return signer.signTypedData(domain, REVOCATION_TYPES, revocation);
}

/** Grants a consent of COMMITMENT to f.bank, signed by the enterprise and relayed by the operator. */
async function grantSigned(
  f: Fixture,
  overrides: Partial<ConsentMessage> = {},
): Promise<{ consent: ConsentMessage; id: string }> {
  const consent = await draftConsent(f.bank.address, overrides);
  const signature = await signConsent(f, f.enterprise, consent);
  await f.registry.connect(f.operator).grantConsent(consent, signature);
  return { consent, id: TypedDataEncoder.hashStruct("Consent", CONSENT_TYPES, consent) };
}

function toHighS(signature: string): string {
  const sig = Signature.from(signature);
  const highS = SECP256K1_N - BigInt(sig.s);
  return ethers.concat([sig.r, ethers.toBeHex(highS, 32), sig.v === 27 ? "0x1c" : "0x1b"]);
}

async function checkAccess(
  f: Fixture,
  id: string,
  fields: { bank?: string; enterprise?: string; categories?: bigint; purpose?: bigint } = {},
  blockTag: number | string = "latest",
): Promise<bigint> {
  const [reason] = await f.registry.checkAccess(
    id,
    fields.bank ?? f.bank.address,
    fields.enterprise ?? COMMITMENT,
    fields.categories ?? BigInt(CATEGORY_BITS.TAX),
    fields.purpose ?? BigInt(PURPOSE_BITS.PRE_LOAN),
    { blockTag },
  );
  return reason;
}

describe("ConsentRegistry", () => {
  describe("EIP-712 types and ids", () => {
    it("has the Consent and Revocation type strings that ethers derives from the published types", async () => {
      const { registry } = await deployConsentRegistry();

      const consentType = TypedDataEncoder.from(CONSENT_TYPES).encodeType("Consent");
      const revocationType = TypedDataEncoder.from(REVOCATION_TYPES).encodeType("Revocation");
      expect(await registry.CONSENT_TYPE()).toBe(consentType);
      expect(await registry.REVOCATION_TYPE()).toBe(revocationType);
      expect(await registry.CONSENT_TYPEHASH()).toBe(ethers.id(consentType));
      expect(await registry.REVOCATION_TYPEHASH()).toBe(ethers.id(revocationType));
    });

    it("uses the domain CreditLedger, version 1, this chain and this contract", async () => {
      const f = await deployConsentRegistry();

      const domain = creditLedgerDomain(f.chainId, f.registry.target as string);
      expect(await f.registry.domainSeparator()).toBe(TypedDataEncoder.hashDomain(domain));
      const published = await f.registry.eip712Domain();
      expect([
        published.name,
        published.version,
        published.chainId,
        published.verifyingContract,
      ]).toEqual(["CreditLedger", "1", f.chainId, f.registry.target]);
      expect(await f.otherRegistry.domainSeparator()).not.toBe(await f.registry.domainSeparator());
    });

    it("makes the consent id the struct hash that TypedDataEncoder computes, before relaying", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const expectedId = TypedDataEncoder.hashStruct("Consent", CONSENT_TYPES, consent);

      expect(await f.registry.consentId(consent)).toBe(expectedId);
      const signature = await signConsent(f, f.enterprise, consent);
      expect(await f.registry.grantConsent.staticCall(consent, signature)).toBe(expectedId);
      const receipt = await mined(f.registry.grantConsent(consent, signature));
      const [granted] = receipt.logs.map((log) => f.registry.interface.parseLog(log));
      expect(granted!.args.consentId).toBe(expectedId);
      // The id is the struct hash, not the signed digest.
      expect(expectedId).not.toBe(
        TypedDataEncoder.hash(
          creditLedgerDomain(f.chainId, f.registry.target as string),
          CONSENT_TYPES,
          consent,
        ),
      );
    });

    it("computes the offline id as keccak256(abi.encode(bank, enterprise, letterSha256))", async () => {
      const { registry, bank } = await deployConsentRegistry();
      const letter = ethers.sha256(ethers.toUtf8Bytes("scanned letter"));

      const expected = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(
          ["address", "bytes32", "bytes32"],
          [bank.address, COMMITMENT, letter],
        ),
      );
      expect(await registry.offlineConsentId(COMMITMENT, bank.address, letter)).toBe(expected);
    });
  });

  describe("granting online consents", () => {
    it("accepts an ethers signTypedData signature relayed by the operator and records the consent", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const signature = await signConsent(f, f.enterprise, consent);
      const id = TypedDataEncoder.hashStruct("Consent", CONSENT_TYPES, consent);

      const receipt = await mined(f.registry.connect(f.operator).grantConsent(consent, signature));

      expectEvent(receipt, f.registry, "ConsentGranted", [
        id,
        COMMITMENT,
        f.bank.address,
        consent.categories,
        consent.purposes,
        consent.validFrom,
        consent.validUntil,
        consent.documentHash,
        MODE.Online,
        ethers.ZeroAddress,
      ]);
      expect(fieldsOf(await f.registry.getConsent(id))).toEqual({
        enterprise: COMMITMENT,
        bank: f.bank.address,
        categories: consent.categories,
        purposes: consent.purposes,
        validFrom: consent.validFrom,
        validUntil: consent.validUntil,
        documentHash: consent.documentHash,
        mode: MODE.Online,
        status: STATUS.Active,
        approver: ethers.ZeroAddress,
        grantedBlock: BigInt(receipt.blockNumber),
        revokedBlock: 0n,
      });
      expect(await f.registry.isNonceUsed(COMMITMENT, consent.nonce)).toBe(true);
      expect(await checkAccess(f, id)).toBe(REASON.Ok);
    });

    it("lets the bank relay the enterprise's signed consent itself", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const signature = await signConsent(f, f.enterprise, consent);

      await f.registry.connect(f.bank).grantConsent(consent, signature);

      expect((await f.registry.getConsent(await f.registry.consentId(consent))).status).toBe(
        STATUS.Active,
      );
    });

    it("lets the bound account send its own consent with an empty signature", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);

      const receipt = await mined(f.registry.connect(f.enterprise).grantConsent(consent, "0x"));

      const id = await f.registry.consentId(consent);
      expect(receipt.logs).toHaveLength(1);
      expect((await f.registry.getConsent(id)).status).toBe(STATUS.Active);
    });

    it("refuses an empty signature from anyone but the bound account", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);

      await expectRevert(
        f.registry.connect(f.operator).grantConsent(consent, "0x"),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );
    });

    it("refuses a high-s signature", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const signature = await signConsent(f, f.enterprise, consent);
      const highS = toHighS(signature);
      // The twin recovers to the same key, so only the low-s rule can refuse it.
      const digest = TypedDataEncoder.hash(
        creditLedgerDomain(f.chainId, f.registry.target as string),
        CONSENT_TYPES,
        consent,
      );
      const sig = Signature.from(signature);
      const twin = secp256k1.ecdsaRecover(
        ethers.getBytes(ethers.dataSlice(highS, 0, 64)),
        sig.yParity ^ 1,
        ethers.getBytes(digest),
        false,
      );
      expect(ethers.computeAddress(ethers.hexlify(twin))).toBe(f.enterprise.address);

      await expectRevert(
        f.registry.connect(f.operator).grantConsent(consent, highS),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );
    });

    it("refuses a consent signed for another chain id", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const domain = creditLedgerDomain(f.chainId + 1n, f.registry.target as string);
      const signature = await signConsent(f, f.enterprise, consent, domain);

      await expectRevert(
        f.registry.connect(f.operator).grantConsent(consent, signature),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );
    });

    it("refuses a consent signed for another deployment of the registry", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const domain = creditLedgerDomain(f.chainId, f.otherRegistry.target as string);
      const signature = await signConsent(f, f.enterprise, consent, domain);
      // The signature is good where it was meant for.
      expect(await f.otherRegistry.grantConsent.staticCall(consent, signature)).toBe(
        await f.registry.consentId(consent),
      );

      await expectRevert(
        f.registry.connect(f.operator).grantConsent(consent, signature),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );
    });

    it("refuses a consent signed under another domain name or version", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const base = creditLedgerDomain(f.chainId, f.registry.target as string);

      for (const domain of [
        { ...base, name: "CreditLedger2" },
        { ...base, version: "2" },
      ]) {
        const signature = await signConsent(f, f.enterprise, consent, domain);
        await expectRevert(
          f.registry.grantConsent(consent, signature),
          f.registry,
          "InvalidEnterpriseSignature",
          [COMMITMENT, f.enterprise.address],
        );
      }
    });

    it("refuses a consent signed by an account that does not speak for the enterprise", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);

      for (const signer of [f.otherEnterprise, f.bank, f.operator]) {
        const signature = await signConsent(f, signer, consent);
        await expectRevert(
          f.registry.grantConsent(consent, signature),
          f.registry,
          "InvalidEnterpriseSignature",
          [COMMITMENT, f.enterprise.address],
        );
      }
    });

    it("refuses a consent whose terms differ from what was signed", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const signature = await signConsent(f, f.enterprise, consent);

      const widened = {
        ...consent,
        categories: BigInt(CATEGORY_BITS.JUDICIAL) | consent.categories,
      };
      await expectRevert(
        f.registry.grantConsent(widened, signature),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );
      const longer = { ...consent, validUntil: consent.validUntil + DAY };
      await expectRevert(
        f.registry.grantConsent(longer, signature),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );
    });

    it("refuses a malformed signature", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const signature = await signConsent(f, f.enterprise, consent);

      for (const bad of [ethers.dataSlice(signature, 0, 64), ethers.concat([signature, "0x00"])]) {
        await expectRevert(
          f.registry.grantConsent(consent, bad),
          f.registry,
          "InvalidEnterpriseSignature",
          [COMMITMENT, f.enterprise.address],
        );
      }
    });

    it("accepts an ERC-1271 signature from an enterprise bound to a contract wallet", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address, { enterprise: WALLET_COMMITMENT });
      const signature = await signConsent(f, f.walletOwner, consent);

      await f.registry.connect(f.operator).grantConsent(consent, signature);

      const id = await f.registry.consentId(consent);
      expect((await f.registry.getConsent(id)).status).toBe(STATUS.Active);
    });

    it("refuses a signature that the enterprise's contract wallet rejects", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address, { enterprise: WALLET_COMMITMENT });
      const signature = await signConsent(f, f.stranger, consent);

      await expectRevert(
        f.registry.connect(f.operator).grantConsent(consent, signature),
        f.registry,
        "InvalidEnterpriseSignature",
        [WALLET_COMMITMENT, f.wallet.target],
      );
    });

    it("refuses a replayed consent with ConsentAlreadyRecorded, even after its deadline", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const signature = await signConsent(f, f.enterprise, consent);
      await f.registry.connect(f.operator).grantConsent(consent, signature);
      const id = await f.registry.consentId(consent);

      await expectRevert(
        f.registry.connect(f.operator).grantConsent(consent, signature),
        f.registry,
        "ConsentAlreadyRecorded",
        [id],
      );
      await setNextBlockTime(consent.deadline + 10n);
      await expectRevert(
        f.registry.connect(f.bank).grantConsent(consent, signature),
        f.registry,
        "ConsentAlreadyRecorded",
        [id],
      );
    });

    it("refuses another consent that reuses a nonce", async () => {
      const f = await deployConsentRegistry();
      const { consent } = await grantSigned(f);
      const other = { ...consent, categories: BigInt(CATEGORY_BITS.BASIC) };
      const signature = await signConsent(f, f.enterprise, other);

      await expectRevert(
        f.registry.grantConsent(other, signature),
        f.registry,
        "NonceAlreadyUsed",
        [COMMITMENT, consent.nonce],
      );
    });

    it("keeps nonces per enterprise: another enterprise may use the same nonce", async () => {
      const f = await deployConsentRegistry();
      const { consent } = await grantSigned(f);
      const other = await draftConsent(f.bank.address, {
        enterprise: OTHER_COMMITMENT,
        nonce: consent.nonce,
      });

      await f.registry.grantConsent(other, await signConsent(f, f.otherEnterprise, other));

      expect(await f.registry.isNonceUsed(OTHER_COMMITMENT, consent.nonce)).toBe(true);
    });

    it("accepts a consent at its deadline and refuses it one second later", async () => {
      const f = await deployConsentRegistry();
      const now = await latestTime();
      const onTime = await draftConsent(f.bank.address, { deadline: now + 100n });
      const late = await draftConsent(f.bank.address, { deadline: now + 100n });

      await setNextBlockTime(now + 100n);
      await f.registry.grantConsent(onTime, await signConsent(f, f.enterprise, onTime));
      await setNextBlockTime(now + 101n);
      await expectRevert(
        f.registry.grantConsent(late, await signConsent(f, f.enterprise, late)),
        f.registry,
        "SignatureExpired",
        [now + 100n, now + 101n],
      );
    });

    it("refuses a validity window that is empty, inverted or already over", async () => {
      const f = await deployConsentRegistry();
      // Each window relative to the time `at` of the block that refuses it.
      const windows: [bigint, bigint][] = [
        [DAY, DAY],
        [DAY, 0n],
        [-DAY, 0n],
        [-DAY, -1n],
      ];

      for (const [from, until] of windows) {
        // A refused transaction still mines a block on Hardhat, so take the time afresh.
        const at = (await latestTime()) + 10n;
        const consent = await draftConsent(f.bank.address, {
          validFrom: at + from,
          validUntil: at + until,
        });
        await setNextBlockTime(at);
        await expectRevert(
          f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent)),
          f.registry,
          "InvalidValidity",
          [at + from, at + until, at],
        );
      }
    });

    it("accepts a window that starts in the past and ends one second from now", async () => {
      const f = await deployConsentRegistry();
      const at = (await latestTime()) + 10n;
      const consent = await draftConsent(f.bank.address, { validFrom: 0n, validUntil: at + 1n });

      await setNextBlockTime(at);
      await f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent));

      expect((await f.registry.getConsent(await f.registry.consentId(consent))).validFrom).toBe(0n);
    });

    it("refuses categories that are empty or outside the eight category bits", async () => {
      const f = await deployConsentRegistry();

      for (const categories of [0n, 0x100n, 0x1ffn]) {
        const consent = await draftConsent(f.bank.address, { categories });
        await expectRevert(
          f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent)),
          f.registry,
          "InvalidCategories",
          [categories],
        );
      }
    });

    it("refuses purposes that are empty or outside the three purpose bits", async () => {
      const f = await deployConsentRegistry();

      for (const purposes of [0n, 8n, 0xffn]) {
        const consent = await draftConsent(f.bank.address, { purposes });
        await expectRevert(
          f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent)),
          f.registry,
          "InvalidPurposes",
          [purposes],
        );
      }
    });

    it("refuses a consent to an account that is not a bank", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.stranger.address);

      await expectRevert(
        f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent)),
        f.registry,
        "NotABank",
        [f.stranger.address],
      );
    });

    it("refuses a consent of an enterprise that is not bound", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address, { enterprise: UNBOUND_COMMITMENT });

      await expectRevert(
        f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent)),
        f.registry,
        "EnterpriseNotBound",
        [UNBOUND_COMMITMENT],
      );
    });

    it("refuses a consent from a suspended enterprise account, signed or sent by it", async () => {
      const f = await deployConsentRegistry();
      await f.ledger.revokeRole(ROLE.ENTERPRISE, f.enterprise.address);
      const consent = await draftConsent(f.bank.address);

      await expectRevert(
        f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent)),
        f.registry,
        "EnterpriseNotBound",
        [COMMITMENT],
      );
      await expectRevert(
        f.registry.connect(f.enterprise).grantConsent(consent, "0x"),
        f.registry,
        "EnterpriseNotBound",
        [COMMITMENT],
      );
    });

    it("leaves the nonce unused when it refuses a grant", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      await expectRevert(
        f.registry.grantConsent(consent, await signConsent(f, f.bank, consent)),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );

      expect(await f.registry.isNonceUsed(COMMITMENT, consent.nonce)).toBe(false);
      await f.registry.grantConsent(consent, await signConsent(f, f.enterprise, consent));
      expect((await f.registry.getConsent(await f.registry.consentId(consent))).status).toBe(
        STATUS.Active,
      );
    });

    it("reports an expired deadline before any other problem of the terms", async () => {
      const f = await deployConsentRegistry();
      const now = await latestTime();
      const consent = await draftConsent(f.stranger.address, {
        deadline: now - 1n,
        categories: 0n,
        purposes: 0n,
        enterprise: UNBOUND_COMMITMENT,
      });

      await setNextBlockTime(now + 1n);
      await expectRevert(f.registry.grantConsent(consent, "0x"), f.registry, "SignatureExpired", [
        now - 1n,
        now + 1n,
      ]);
    });
  });

  describe("cancelling nonces", () => {
    it("lets the bound account cancel an unrelayed consent's nonce, which then refuses the consent", async () => {
      const f = await deployConsentRegistry();
      const consent = await draftConsent(f.bank.address);
      const signature = await signConsent(f, f.enterprise, consent);

      const receipt = await mined(
        f.registry.connect(f.enterprise).cancelNonce(COMMITMENT, consent.nonce),
      );

      expectEvent(receipt, f.registry, "NonceCancelled", [COMMITMENT, consent.nonce]);
      expect(await f.registry.isNonceUsed(COMMITMENT, consent.nonce)).toBe(true);
      await expectRevert(
        f.registry.connect(f.operator).grantConsent(consent, signature),
        f.registry,
        "NonceAlreadyUsed",
        [COMMITMENT, consent.nonce],
      );
    });

    it("refuses to cancel a nonce that is already used or cancelled", async () => {
      const f = await deployConsentRegistry();
      const { consent } = await grantSigned(f);
      const nonce = random32();
      await f.registry.connect(f.enterprise).cancelNonce(COMMITMENT, nonce);

      for (const used of [consent.nonce, nonce]) {
        await expectRevert(
          f.registry.connect(f.enterprise).cancelNonce(COMMITMENT, used),
          f.registry,
          "NonceAlreadyUsed",
          [COMMITMENT, used],
        );
      }
    });

    it("refuses a nonce cancellation from anyone but the bound, active account", async () => {
      const f = await deployConsentRegistry();
      const nonce = random32();

      for (const caller of [f.operator, f.otherEnterprise, f.bank]) {
        await expectRevert(
          f.registry.connect(caller).cancelNonce(COMMITMENT, nonce),
          f.registry,
          "NotEnterpriseAccount",
          [COMMITMENT, caller.address],
        );
      }
      await f.ledger.revokeRole(ROLE.ENTERPRISE, f.enterprise.address);
      await expectRevert(
        f.registry.connect(f.enterprise).cancelNonce(COMMITMENT, nonce),
        f.registry,
        "NotEnterpriseAccount",
        [COMMITMENT, f.enterprise.address],
      );
      expect(await f.registry.isNonceUsed(COMMITMENT, nonce)).toBe(false);
    });
  });

  describe("offline consents", () => {
    async function recordOffline(f: Fixture, letter: string) {
      const now = await latestTime();
      return f.registry
        .connect(f.operator)
        .recordOfflineConsent(
          COMMITMENT,
          f.bank.address,
          SCOPE,
          PURPOSES,
          now,
          now + 30n * DAY,
          letter,
        );
    }

    it("lets an operator record a verified letter as a consent with the letter hash and approver", async () => {
      const f = await deployConsentRegistry();
      const letter = ethers.sha256(ethers.toUtf8Bytes("scanned letter"));
      const now = await latestTime();
      const id = await f.registry.offlineConsentId(COMMITMENT, f.bank.address, letter);

      const receipt = await mined(recordOffline(f, letter));

      expectEvent(receipt, f.registry, "ConsentGranted", [
        id,
        COMMITMENT,
        f.bank.address,
        SCOPE,
        PURPOSES,
        now,
        now + 30n * DAY,
        letter,
        MODE.Offline,
        f.operator.address,
      ]);
      expect(fieldsOf(await f.registry.getConsent(id))).toEqual({
        enterprise: COMMITMENT,
        bank: f.bank.address,
        categories: SCOPE,
        purposes: PURPOSES,
        validFrom: now,
        validUntil: now + 30n * DAY,
        documentHash: letter,
        mode: MODE.Offline,
        status: STATUS.Active,
        approver: f.operator.address,
        grantedBlock: BigInt(receipt.blockNumber),
        revokedBlock: 0n,
      });
      expect(await checkAccess(f, id)).toBe(REASON.Ok);
    });

    it("refuses an offline consent from an account that is not an operator", async () => {
      const f = await deployConsentRegistry();
      const now = await latestTime();

      for (const caller of [f.bank, f.enterprise, f.admin]) {
        await expectRevert(
          f.registry
            .connect(caller)
            .recordOfflineConsent(
              COMMITMENT,
              f.bank.address,
              1,
              1,
              now,
              now + DAY,
              ethers.ZeroHash,
            ),
          f.registry,
          "CallerNotOperator",
          [caller.address],
        );
      }
    });

    it("refuses an operator approving a letter for itself as the bank", async () => {
      const f = await deployConsentRegistry();
      await f.ledger.grantRole(ROLE.BANK, f.operator.address);
      const now = await latestTime();

      await expectRevert(
        f.registry
          .connect(f.operator)
          .recordOfflineConsent(
            COMMITMENT,
            f.operator.address,
            1,
            1,
            now,
            now + DAY,
            ethers.ZeroHash,
          ),
        f.registry,
        "ApproverIsBank",
        [f.operator.address],
      );
    });

    it("refuses the same letter twice", async () => {
      const f = await deployConsentRegistry();
      const letter = ethers.sha256(ethers.toUtf8Bytes("scanned letter"));
      await recordOffline(f, letter);

      await expectRevert(recordOffline(f, letter), f.registry, "ConsentAlreadyRecorded", [
        await f.registry.offlineConsentId(COMMITMENT, f.bank.address, letter),
      ]);
    });

    it("applies the same term checks as online consents", async () => {
      const f = await deployConsentRegistry();
      const at = (await latestTime()) + 10n;
      const op = f.registry.connect(f.operator);
      const letter = ethers.ZeroHash;

      await setNextBlockTime(at);
      await expectRevert(
        op.recordOfflineConsent(COMMITMENT, f.bank.address, 1, 1, at, at, letter),
        f.registry,
        "InvalidValidity",
        [at, at, at],
      );
      await expectRevert(
        op.recordOfflineConsent(COMMITMENT, f.bank.address, 0, 1, at, at + DAY, letter),
        f.registry,
        "InvalidCategories",
        [0],
      );
      await expectRevert(
        op.recordOfflineConsent(COMMITMENT, f.bank.address, 1, 9, at, at + DAY, letter),
        f.registry,
        "InvalidPurposes",
        [9],
      );
      await expectRevert(
        op.recordOfflineConsent(COMMITMENT, f.stranger.address, 1, 1, at, at + DAY, letter),
        f.registry,
        "NotABank",
        [f.stranger.address],
      );
      await expectRevert(
        op.recordOfflineConsent(UNBOUND_COMMITMENT, f.bank.address, 1, 1, at, at + DAY, letter),
        f.registry,
        "EnterpriseNotBound",
        [UNBOUND_COMMITMENT],
      );
    });
  });

  describe("revocation", () => {
    it("lets the bound account revoke, effective from the block that mines it", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);

      const receipt = await mined(f.registry.connect(f.enterprise).revoke(id));

      expectEvent(receipt, f.registry, "ConsentRevoked", [id, COMMITMENT, f.bank.address]);
      const record = await f.registry.getConsent(id);
      expect(record.status).toBe(STATUS.Revoked);
      expect(record.revokedBlock).toBe(BigInt(receipt.blockNumber));
      expect(await checkAccess(f, id, {}, receipt.blockNumber)).toBe(REASON.Revoked);
      expect(await checkAccess(f, id, {}, receipt.blockNumber - 1)).toBe(REASON.Ok);
    });

    it("refuses a revocation from anyone but the enterprise's bound account", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);

      for (const caller of [f.bank, f.operator, f.otherEnterprise, f.admin]) {
        await expectRevert(
          f.registry.connect(caller).revoke(id),
          f.registry,
          "NotEnterpriseAccount",
          [COMMITMENT, caller.address],
        );
      }
    });

    it("refuses to revoke an unknown consent", async () => {
      const f = await deployConsentRegistry();
      const id = ethers.id("no such consent");

      await expectRevert(
        f.registry.connect(f.enterprise).revoke(id),
        f.registry,
        "ConsentNotFound",
        [id],
      );
    });

    it("refuses to revoke twice, naming the block of the first revocation", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      const receipt = await mined(f.registry.connect(f.enterprise).revoke(id));

      await expectRevert(
        f.registry.connect(f.enterprise).revoke(id),
        f.registry,
        "ConsentAlreadyRevoked",
        [id, receipt.blockNumber],
      );
    });

    it("lets the enterprise revoke an offline consent", async () => {
      const f = await deployConsentRegistry();
      const now = await latestTime();
      const letter = ethers.sha256(ethers.toUtf8Bytes("letter"));
      await f.registry
        .connect(f.operator)
        .recordOfflineConsent(COMMITMENT, f.bank.address, 1, 1, now, now + DAY, letter);
      const id = await f.registry.offlineConsentId(COMMITMENT, f.bank.address, letter);

      await f.registry.connect(f.enterprise).revoke(id);

      expect((await f.registry.getConsent(id)).status).toBe(STATUS.Revoked);
    });

    it("accepts a relayed EIP-712 revocation and uses up its nonce", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      const revocation = {
        consentId: id,
        nonce: random32(),
        deadline: (await latestTime()) + 600n,
      };
      const signature = await signRevocation(f, f.enterprise, revocation);

      const receipt = await mined(
        f.registry.connect(f.operator).revokeWithSignature(revocation, signature),
      );

      expectEvent(receipt, f.registry, "ConsentRevoked", [id, COMMITMENT, f.bank.address]);
      expect((await f.registry.getConsent(id)).status).toBe(STATUS.Revoked);
      expect(await f.registry.isNonceUsed(COMMITMENT, revocation.nonce)).toBe(true);
      expect(await checkAccess(f, id, {}, receipt.blockNumber)).toBe(REASON.Revoked);
    });

    it("answers a replayed revocation with ConsentAlreadyRevoked", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      const revocation = {
        consentId: id,
        nonce: random32(),
        deadline: (await latestTime()) + 600n,
      };
      const signature = await signRevocation(f, f.enterprise, revocation);
      const receipt = await mined(f.registry.revokeWithSignature(revocation, signature));

      await expectRevert(
        f.registry.revokeWithSignature(revocation, signature),
        f.registry,
        "ConsentAlreadyRevoked",
        [id, receipt.blockNumber],
      );
    });

    it("refuses a revocation signed by anyone but the bound account", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      const revocation = {
        consentId: id,
        nonce: random32(),
        deadline: (await latestTime()) + 600n,
      };

      for (const signer of [f.bank, f.otherEnterprise]) {
        await expectRevert(
          f.registry.revokeWithSignature(revocation, await signRevocation(f, signer, revocation)),
          f.registry,
          "InvalidEnterpriseSignature",
          [COMMITMENT, f.enterprise.address],
        );
      }
      expect(await f.registry.isNonceUsed(COMMITMENT, revocation.nonce)).toBe(false);
    });

    it("refuses a revocation signature for one consent used on another", async () => {
      const f = await deployConsentRegistry();
      const first = await grantSigned(f);
      const second = await grantSigned(f);
      const revocation = {
        consentId: first.id,
        nonce: random32(),
        deadline: (await latestTime()) + 600n,
      };
      const signature = await signRevocation(f, f.enterprise, revocation);

      await expectRevert(
        f.registry.revokeWithSignature({ ...revocation, consentId: second.id }, signature),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.enterprise.address],
      );
    });

    it("refuses a revocation after its deadline", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      const deadline = (await latestTime()) + 600n;
      const revocation = { consentId: id, nonce: random32(), deadline };
      const signature = await signRevocation(f, f.enterprise, revocation);

      await setNextBlockTime(deadline + 1n);
      await expectRevert(
        f.registry.revokeWithSignature(revocation, signature),
        f.registry,
        "SignatureExpired",
        [deadline, deadline + 1n],
      );
    });

    it("shares the nonce space with consents, so neither signature can reuse the other's nonce", async () => {
      const f = await deployConsentRegistry();
      const { id, consent } = await grantSigned(f);
      const deadline = (await latestTime()) + 600n;

      const reused = { consentId: id, nonce: consent.nonce, deadline };
      await expectRevert(
        f.registry.revokeWithSignature(reused, await signRevocation(f, f.enterprise, reused)),
        f.registry,
        "NonceAlreadyUsed",
        [COMMITMENT, consent.nonce],
      );

      const revocation = { consentId: id, nonce: random32(), deadline };
      await f.registry.revokeWithSignature(
        revocation,
        await signRevocation(f, f.enterprise, revocation),
      );
      const next = await draftConsent(f.bank.address, { nonce: revocation.nonce });
      await expectRevert(
        f.registry.grantConsent(next, await signConsent(f, f.enterprise, next)),
        f.registry,
        "NonceAlreadyUsed",
        [COMMITMENT, revocation.nonce],
      );
    });

    it("refuses a revocation by a cancelled nonce", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      const revocation = {
        consentId: id,
        nonce: random32(),
        deadline: (await latestTime()) + 600n,
      };
      const signature = await signRevocation(f, f.enterprise, revocation);
      await f.registry.connect(f.enterprise).cancelNonce(COMMITMENT, revocation.nonce);

      await expectRevert(
        f.registry.revokeWithSignature(revocation, signature),
        f.registry,
        "NonceAlreadyUsed",
        [COMMITMENT, revocation.nonce],
      );
    });

    it("refuses to revoke an unknown consent by signature", async () => {
      const f = await deployConsentRegistry();
      const revocation = {
        consentId: ethers.id("no such consent"),
        nonce: random32(),
        deadline: (await latestTime()) + 600n,
      };

      await expectRevert(
        f.registry.revokeWithSignature(
          revocation,
          await signRevocation(f, f.enterprise, revocation),
        ),
        f.registry,
        "ConsentNotFound",
        [revocation.consentId],
      );
    });

    it("refuses revocations by a suspended enterprise account", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      await f.ledger.revokeRole(ROLE.ENTERPRISE, f.enterprise.address);
      const revocation = {
        consentId: id,
        nonce: random32(),
        deadline: (await latestTime()) + 600n,
      };

      await expectRevert(
        f.registry.connect(f.enterprise).revoke(id),
        f.registry,
        "NotEnterpriseAccount",
        [COMMITMENT, f.enterprise.address],
      );
      await expectRevert(
        f.registry.revokeWithSignature(
          revocation,
          await signRevocation(f, f.enterprise, revocation),
        ),
        f.registry,
        "EnterpriseNotBound",
        [COMMITMENT],
      );
    });
  });

  describe("checking access", () => {
    it("answers Ok with the block number and time it answered at", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      const block = await ethers.provider.getBlock("latest");

      const answer = await f.registry.checkAccess(id, f.bank.address, COMMITMENT, SCOPE, 2n);

      expect(answer).toEqual([REASON.Ok, BigInt(block!.number), BigInt(block!.timestamp)]);
    });

    it("answers checkQuery with the reason, the block, the bank's role and the window", async () => {
      const f = await deployConsentRegistry();
      const { id, consent } = await grantSigned(f);
      const block = await ethers.provider.getBlock("latest");

      const ok = await f.registry.checkQuery(id, f.bank.address, COMMITMENT, SCOPE, 2n);
      expect({
        reason: ok.reason,
        blockNumber: ok.blockNumber,
        blockTime: ok.blockTime,
        bankHoldsRole: ok.bankHoldsRole,
        validFrom: ok.validFrom,
        validUntil: ok.validUntil,
      }).toEqual({
        reason: REASON.Ok,
        blockNumber: BigInt(block!.number),
        blockTime: BigInt(block!.timestamp),
        bankHoldsRole: true,
        validFrom: consent.validFrom,
        validUntil: consent.validUntil,
      });

      await f.ledger.revokeRole(ROLE.BANK, f.bank.address);
      const revokedBank = await f.registry.checkQuery(id, f.bank.address, COMMITMENT, SCOPE, 2n);
      expect([revokedBank.reason, revokedBank.bankHoldsRole]).toEqual([REASON.Ok, false]);

      const unknown = await f.registry.checkQuery(
        ethers.id("nothing"),
        f.otherBank.address,
        COMMITMENT,
        SCOPE,
        2n,
      );
      expect([
        unknown.reason,
        unknown.bankHoldsRole,
        unknown.validFrom,
        unknown.validUntil,
      ]).toEqual([REASON.NotFound, true, 0n, 0n]);
    });

    it("answers NotFound for an unknown consent", async () => {
      const f = await deployConsentRegistry();

      expect(await checkAccess(f, ethers.id("nothing"))).toBe(REASON.NotFound);
    });

    it("answers WrongBank for another bank, before anything else", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      await f.registry.connect(f.enterprise).revoke(id);

      expect(
        await checkAccess(f, id, {
          bank: f.otherBank.address,
          enterprise: OTHER_COMMITMENT,
          purpose: 8n,
        }),
      ).toBe(REASON.WrongBank);
    });

    it("answers EnterpriseMismatch for another enterprise's commitment", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      await f.registry.connect(f.enterprise).revoke(id);

      expect(await checkAccess(f, id, { enterprise: OTHER_COMMITMENT })).toBe(
        REASON.EnterpriseMismatch,
      );
    });

    it("answers Revoked before NotYetValid or Expired", async () => {
      const f = await deployConsentRegistry();
      const now = await latestTime();
      const { id } = await grantSigned(f, { validFrom: now + DAY, validUntil: now + 2n * DAY });
      await f.registry.connect(f.enterprise).revoke(id);

      expect(await checkAccess(f, id)).toBe(REASON.Revoked);
      await mineAt(now + 3n * DAY);
      expect(await checkAccess(f, id)).toBe(REASON.Revoked);
    });

    it("answers NotYetValid before validFrom and Ok from validFrom on", async () => {
      const f = await deployConsentRegistry();
      const now = await latestTime();
      const validFrom = now + DAY;
      const { id } = await grantSigned(f, { validFrom, validUntil: validFrom + DAY });

      expect(await checkAccess(f, id, { purpose: 8n })).toBe(REASON.NotYetValid);
      await mineAt(validFrom - 1n);
      expect(await checkAccess(f, id)).toBe(REASON.NotYetValid);
      await mineAt(validFrom);
      expect(await checkAccess(f, id)).toBe(REASON.Ok);
    });

    it("answers Expired from validUntil on, the bound being exclusive", async () => {
      const f = await deployConsentRegistry();
      const now = await latestTime();
      const validUntil = now + DAY;
      const { id } = await grantSigned(f, { validUntil });

      await ethers.provider.send("evm_increaseTime", [Number(DAY - 10n)]);
      await ethers.provider.send("evm_mine", []);
      expect(await latestTime()).toBeLessThan(validUntil);
      expect(await checkAccess(f, id)).toBe(REASON.Ok);
      await mineAt(validUntil - 1n);
      expect(await checkAccess(f, id)).toBe(REASON.Ok);
      await mineAt(validUntil);
      expect(await checkAccess(f, id, { purpose: 8n })).toBe(REASON.Expired);
    });

    it("answers PurposeNotAllowed unless the purpose is exactly one bit the consent names", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f, {
        purposes: BigInt(PURPOSE_BITS.PRE_LOAN | PURPOSE_BITS.IN_LOAN),
      });

      expect(await checkAccess(f, id, { purpose: BigInt(PURPOSE_BITS.PRE_LOAN) })).toBe(REASON.Ok);
      expect(await checkAccess(f, id, { purpose: BigInt(PURPOSE_BITS.IN_LOAN) })).toBe(REASON.Ok);
      for (const purpose of [0n, 3n, BigInt(PURPOSE_BITS.POST_LOAN), 8n, 0x81n]) {
        expect(await checkAccess(f, id, { purpose, categories: 0n })).toBe(
          REASON.PurposeNotAllowed,
        );
      }
    });

    it("answers ScopeExceeded unless the categories are non-zero and within the consent", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f, { categories: SCOPE });

      expect(await checkAccess(f, id, { categories: SCOPE })).toBe(REASON.Ok);
      expect(await checkAccess(f, id, { categories: BigInt(CATEGORY_BITS.BASIC) })).toBe(REASON.Ok);
      for (const categories of [0n, BigInt(CATEGORY_BITS.JUDICIAL), SCOPE | 0x100n, 0xffn]) {
        expect(await checkAccess(f, id, { categories })).toBe(REASON.ScopeExceeded);
      }
    });
  });

  describe("after a re-binding", () => {
    it("keeps accepting the old account's signature while the re-binding is pending", async () => {
      const f = await deployConsentRegistry();
      await f.ledger.proposeRebinding(COMMITMENT, f.newAccount.address);

      const { id } = await grantSigned(f);

      expect((await f.registry.getConsent(id)).status).toBe(STATUS.Active);
    });

    it("refuses a consent signed by the old account once the re-binding completed", async () => {
      const f = await deployConsentRegistry();
      await f.ledger.proposeRebinding(COMMITMENT, f.newAccount.address);
      const { effectiveAt } = await f.ledger.pendingRebinding(COMMITMENT);
      const consent = await draftConsent(f.bank.address, { deadline: effectiveAt + 3600n });
      const oldSignature = await signConsent(f, f.enterprise, consent);
      await setNextBlockTime(effectiveAt);
      await f.ledger.completeRebinding(COMMITMENT);

      await expectRevert(
        f.registry.grantConsent(consent, oldSignature),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.newAccount.address],
      );
      await expectRevert(
        f.registry.connect(f.enterprise).grantConsent(consent, "0x"),
        f.registry,
        "InvalidEnterpriseSignature",
        [COMMITMENT, f.newAccount.address],
      );
      await f.registry.grantConsent(consent, await signConsent(f, f.newAccount, consent));
      expect((await f.registry.getConsent(await f.registry.consentId(consent))).status).toBe(
        STATUS.Active,
      );
    });

    it("moves the power to revoke earlier consents to the new account", async () => {
      const f = await deployConsentRegistry();
      const { id } = await grantSigned(f);
      await f.ledger.proposeRebinding(COMMITMENT, f.newAccount.address);
      const { effectiveAt } = await f.ledger.pendingRebinding(COMMITMENT);
      await setNextBlockTime(effectiveAt);
      await f.ledger.completeRebinding(COMMITMENT);

      await expectRevert(
        f.registry.connect(f.enterprise).revoke(id),
        f.registry,
        "NotEnterpriseAccount",
        [COMMITMENT, f.enterprise.address],
      );
      const receipt = await mined(f.registry.connect(f.newAccount).revoke(id));
      expectEvent(receipt, f.registry, "ConsentRevoked", [id, COMMITMENT, f.bank.address]);
    });
  });
});
