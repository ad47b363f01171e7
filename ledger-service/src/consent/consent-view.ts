import { readChain } from "../chain/chain-errors";
import { maskToCategories, maskToPurposes } from "../domain/categories";
import { LedgerError } from "../errors";
import type { Caller } from "../http/authenticate";
import { isoTime } from "../http/request-body";
import type { ServiceContext } from "../service-context";
import { CONSENT_STATUS, type ConsentTerms, termsFromRecord } from "./consent-terms-cache";
import { commitmentOfCaller } from "./ownership";

export interface ConsentView {
  consentId: string;
  /** ACTIVE, REVOKED, or EXPIRED (computed: ACTIVE on-chain with validUntil passed). */
  status: "ACTIVE" | "REVOKED" | "EXPIRED";
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
  grantedBlock: number;
  revokedBlock: number | null;
}

/** Reads a consent as the chain has it, for its bank, its enterprise or a regulator. */
export async function viewConsent(
  ctx: ServiceContext,
  caller: Caller,
  consentId: string,
): Promise<{ view: ConsentView; terms: ConsentTerms }> {
  const record = await readChain(() => ctx.contracts.consents.getConsent(consentId));
  const status = CONSENT_STATUS[Number(record.status)];
  if (status === "NONE") throw new LedgerError("NOT_FOUND", `no consent ${consentId} is on the ledger`);
  const terms = termsFromRecord(consentId, record);
  await requireConsentParty(ctx, caller, terms);

  const nowSeconds = Math.floor(ctx.now() / 1000);
  const expired = nowSeconds >= terms.validUntil;
  const view: ConsentView = {
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
  };
  return { view, terms };
}

/** Its bank, its enterprise's bound account, or a regulator; anyone else: NOT_YOUR_RESOURCE. */
export async function requireConsentParty(
  ctx: ServiceContext,
  caller: Caller,
  terms: Pick<ConsentTerms, "bank" | "enterprise" | "consentId">,
): Promise<"BANK" | "ENTERPRISE" | "REGULATOR"> {
  if (caller.roles.has("REGULATOR")) return "REGULATOR";
  if (caller.roles.has("BANK") && terms.bank.toLowerCase() === caller.signer) return "BANK";
  const own = await commitmentOfCaller(ctx, caller);
  if (own !== undefined && own === terms.enterprise.toLowerCase()) return "ENTERPRISE";
  throw new LedgerError("NOT_YOUR_RESOURCE", `consent ${terms.consentId} is not the caller's`);
}
