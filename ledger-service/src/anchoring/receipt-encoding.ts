import { type Receipt, type ReceiptJson, receiptToJson } from "../receipts/receipt";
import type { ReceiptValues } from "../store/receipt-log";

/** The stored form of a receipt as the leaf encoder takes it (uint64 fields as bigints). */
export function toReceipt(values: ReceiptValues): Receipt {
  return {
    leafVersion: 1,
    seq: BigInt(values.seq),
    prevLeaf: values.prevLeaf,
    consentId: values.consentId,
    bank: values.bank,
    enterprise: values.enterprise,
    categories: values.categories,
    purpose: values.purpose,
    requestHash: values.requestHash,
    responseHash: values.responseHash,
    checkedBlock: BigInt(values.checkedBlock),
    servedAt: BigInt(values.servedAt),
    bankSignature: values.bankSignature,
  };
}

/** The receipt as the API shows it: the leaf's values, uint64 fields as decimal strings. */
export function receiptJson(values: ReceiptValues): ReceiptJson {
  return receiptToJson(toReceipt(values));
}
