import { readChain } from "../chain/chain-errors";
import { maskToCategories, maskToPurposes } from "../domain/categories";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import { isoTime } from "../http/request-body";
import type { ServiceContext } from "../service-context";
import { CONSENT_STATUS, termsFromRecord } from "./consent-terms";
import { commitmentOfCaller } from "./ownership";

export interface ConsentView {
  consentId: string;
  /**
   * ACTIVE, REVOKED, EXPIRED (computed: ACTIVE on-chain with validUntil passed), or for an
   * offline letter still off-chain PENDING or REJECTED.
   */
  status: "ACTIVE" | "REVOKED" | "EXPIRED" | "PENDING" | "REJECTED";
  /** Whether a query could be served under it now (in its window and not revoked). */
  inForce: boolean;
  bank: string;
  enterprise: string;
  categories: string[];
  purposes: string[];
  validFrom: string;
  validUntil: string;
  mode: "ONLINE" | "OFFLINE";
  documentHash: string;
  approver: string | null;
  grantedBlock: number | null;
  revokedBlock: number | null;
  /** A rejected letter's reason. */
  reason?: string | null;
  /** The consent request it answers, when there is one. */
  requestId?: string | null;
}

/**
 * A consent as the chain has it, or an offline letter not (yet) on-chain; undefined when
 * neither exists. No access check: callers check the party first.
 */
export async function describeConsent(
  ctx: ServiceContext,
  consentId: string,
): Promise<ConsentView | undefined> {
  const record = await readChain(() => ctx.contracts.consents.getConsent(consentId));
  const status = CONSENT_STATUS[Number(record.status)];
  const nowSeconds = Math.floor(ctx.now() / 1000);

  if (status === "NONE") {
    const letter = await ctx.offlineLetters.get(consentId);
    if (!letter || letter.status === "APPROVED") return undefined;
    return {
      consentId: letter.consentId,
      status: letter.status,
      inForce: false,
      bank: letter.bank,
      enterprise: letter.enterprise,
      categories: letter.categories,
      purposes: letter.purposes,
      validFrom: isoTime(letter.validFrom),
      validUntil: isoTime(letter.validUntil),
      mode: "OFFLINE",
      documentHash: letter.letterSha256,
      approver: null,
      grantedBlock: null,
      revokedBlock: null,
      reason: letter.reason,
    };
  }

  const terms = termsFromRecord(consentId, record);
  const expired = nowSeconds >= terms.validUntil;
  const document =
    terms.mode === "ONLINE" ? await ctx.consentStore.getDocument(terms.documentHash) : undefined;
  return {
    consentId: terms.consentId,
    status: status === "REVOKED" ? "REVOKED" : expired ? "EXPIRED" : "ACTIVE",
    inForce: status === "ACTIVE" && !expired && nowSeconds >= terms.validFrom,
    bank: terms.bank,
    enterprise: terms.enterprise,
    categories: maskToCategories(terms.categories),
    purposes: maskToPurposes(terms.purposes),
    validFrom: isoTime(terms.validFrom),
    validUntil: isoTime(terms.validUntil),
    mode: terms.mode,
    documentHash: terms.documentHash,
    approver: terms.approver,
    grantedBlock: terms.grantedBlock,
    revokedBlock: status === "REVOKED" ? Number(record.revokedBlock) : null,
    requestId: document?.requestId ?? null,
  };
}

/** Reads a consent for its bank, its enterprise, a regulator, or (offline letters) an operator. */
export async function viewConsent(
  ctx: ServiceContext,
  caller: Caller,
  consentId: string,
): Promise<ConsentView> {
  const view = await describeConsent(ctx, consentId);
  if (!view) throw new LedgerError("NOT_FOUND", `no consent ${consentId} is known`);
  if (view.mode === "OFFLINE" && caller.roles.has("OPERATOR")) return view;
  await requireConsentParty(ctx, caller, view);
  return view;
}

/** Its bank, its enterprise's bound account, or a regulator; anyone else: NOT_YOUR_RESOURCE. */
export async function requireConsentParty(
  ctx: ServiceContext,
  caller: Caller,
  terms: { bank: string; enterprise: string; consentId: string },
): Promise<"BANK" | "ENTERPRISE" | "REGULATOR"> {
  if (caller.roles.has("REGULATOR")) return "REGULATOR";
  if (caller.roles.has("BANK") && terms.bank.toLowerCase() === caller.signer) return "BANK";
  const own = await commitmentOfCaller(ctx, caller);
  if (own !== undefined && own === terms.enterprise.toLowerCase()) return "ENTERPRISE";
  throw new LedgerError("NOT_YOUR_RESOURCE", `consent ${terms.consentId} is not the caller's`);
}
