import { ethers } from "ethers";

import type { LedgerClient } from "../../ledger-service/src/client/ledger-client";

export interface DraftAnswer {
  domain: ethers.TypedDataDomain;
  types: Record<string, ethers.TypedDataField[]>;
  primaryType: string;
  message: Record<string, string | number>;
  text?: string;
}

/** The enterprise drafts, signs (with its own key) and answers the signed consent. */
export async function signConsent(
  enterprise: LedgerClient,
  draftBody: Record<string, unknown>,
): Promise<{ draft: DraftAnswer; signature: string; consentId: string }> {
  const response = await enterprise.post<DraftAnswer>("/v1/consents/drafts", draftBody);
  if (response.status !== 200) {
    throw new Error(`draft failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const draft = response.body;
  const signature = await enterprise.wallet.signTypedData(draft.domain, draft.types, draft.message);
  const consentId = ethers.TypedDataEncoder.hashStruct(
    draft.primaryType,
    draft.types,
    draft.message,
  );
  return { draft, signature, consentId };
}

/** Drafts, signs and relays a consent; answers its id. */
export async function grantConsent(
  enterprise: LedgerClient,
  draftBody: Record<string, unknown>,
): Promise<string> {
  const { draft, signature } = await signConsent(enterprise, draftBody);
  const relayed = await enterprise.post<{ consentId: string }>("/v1/consents", {
    message: draft.message,
    signature,
  });
  if (relayed.status !== 201) {
    throw new Error(`relay failed: ${relayed.status} ${JSON.stringify(relayed.body)}`);
  }
  return relayed.body.consentId;
}

export function inDays(days: number, from = Date.now()): string {
  return new Date(from + days * 86_400_000).toISOString();
}
