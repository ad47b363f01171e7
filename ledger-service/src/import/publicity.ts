/**
 * A record whose publicity period has ended (the penalty layout's 公示截止期)
 * is kept for audit but no longer served.
 */
import { LedgerError } from "../errors";
import type { ImportedRecord } from "./record";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether a record may still be served on `today` (`YYYY-MM-DD` in China
 * Standard Time; see `chinaDate`). The end date itself is still inside the
 * period; a record without one is served for as long as it is held.
 */
export function isServable(
  record: Pick<ImportedRecord, "publicityEndDate">,
  today: string,
): boolean {
  if (!ISO_DATE.test(today)) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `today must be YYYY-MM-DD, got ${JSON.stringify(today)}`,
    );
  }
  return record.publicityEndDate === null || record.publicityEndDate >= today;
}
