import { LedgerError } from "../errors";
import type { ServiceContext } from "../service-context";
import { type ConsentView, describeConsent } from "./consent-view";

export interface ConsentFilter {
  /** Only this bank's (lower-case address). */
  bank?: string;
  /** Only this enterprise's (commitment). */
  enterprise?: string;
  mode?: "ONLINE" | "OFFLINE";
  status?: ConsentView["status"];
  /** Unix ms bounds on when it was granted or submitted: from inclusive, to exclusive. */
  fromMs?: number;
  toMs?: number;
}

/**
 * Consents in the order they were granted (or, for letters, submitted), after `cursor`,
 * matching `filter`, at most `limit`, each as the chain has it now.
 */
export async function listConsents(
  ctx: ServiceContext,
  filter: ConsentFilter,
  cursor: string | undefined,
  limit: number,
): Promise<{ consents: ConsentView[]; next: string | undefined }> {
  await ctx.consentIndexSync.sync();
  const consents: ConsentView[] = [];
  let lastKey: string | undefined;
  let more = false;
  for await (const [key, entry] of ctx.consentIndex.after(cursor)) {
    if (filter.bank && entry.bank.toLowerCase() !== filter.bank) continue;
    if (filter.enterprise && entry.enterprise !== filter.enterprise) continue;
    if (filter.mode && entry.mode !== filter.mode) continue;
    const at = Date.parse(entry.at);
    if (filter.fromMs !== undefined && at < filter.fromMs) continue;
    if (filter.toMs !== undefined && at >= filter.toMs) continue;
    const view = await describeConsent(ctx, entry.consentId);
    if (!view || (filter.status && view.status !== filter.status)) continue;
    if (consents.length === limit) {
      more = true;
      break;
    }
    consents.push(view);
    lastKey = key;
  }
  return { consents, next: more ? lastKey : undefined };
}

const STATUSES: ConsentView["status"][] = ["ACTIVE", "REVOKED", "EXPIRED", "PENDING", "REJECTED"];

/** `?status=` of a consent list. */
export function parseConsentStatus(value: unknown): ConsentView["status"] | undefined {
  if (value === undefined) return undefined;
  if (!STATUSES.includes(value as ConsentView["status"])) {
    throw new LedgerError("VALIDATION_FAILED", `status: one of ${STATUSES.join(", ")}`);
  }
  return value as ConsentView["status"];
}

/** `?mode=` of a consent list. */
export function parseConsentMode(value: unknown): "ONLINE" | "OFFLINE" {
  if (value !== "ONLINE" && value !== "OFFLINE")
    throw new LedgerError("VALIDATION_FAILED", "mode: ONLINE or OFFLINE");
  return value;
}
