import { keccak256 } from "../signing/keccak";
import { assertReceipt, type Receipt } from "./receipt";

const WORD = 32;
const HEAD_WORDS = 13;
/** Where the `bytes bankSignature` tail starts: right after the thirteen head words. */
const TAIL_OFFSET = HEAD_WORDS * WORD;

function writeBytes32(buffer: Buffer, word: number, hex: string): void {
  buffer.write(hex.slice(2), word * WORD, WORD, "hex");
}

function writeUint(buffer: Buffer, word: number, value: number): void {
  buffer.writeUInt32BE(value, word * WORD + WORD - 4);
}

function writeUint64(buffer: Buffer, word: number, value: bigint): void {
  buffer.writeBigUInt64BE(value, word * WORD + WORD - 8);
}

/**
 * `abi.encode` of the receipt's values in leaf order (the encoding `StandardMerkleTree` hashes),
 * written directly into one buffer: thirteen head words, the last of them the offset of the
 * `bytes` tail (13 * 32), then the tail's length word and its data zero-padded to a whole word.
 * With native keccak, a leaf costs about a fortieth of what AbiCoder and ethers' keccak take
 * (test/receipts/leaf.bench.ts measures both).
 *
 * Throws VALIDATION_FAILED naming the first field that does not fit its Solidity type.
 */
export function encodeReceipt(receipt: Receipt): Buffer {
  assertReceipt(receipt);

  const signatureHex = receipt.bankSignature.slice(2);
  const signatureLength = signatureHex.length / 2;
  const paddedLength = Math.ceil(signatureLength / WORD) * WORD;
  const encoding = Buffer.alloc(TAIL_OFFSET + WORD + paddedLength);

  writeUint(encoding, 0, receipt.leafVersion);
  writeUint64(encoding, 1, receipt.seq);
  writeBytes32(encoding, 2, receipt.prevLeaf);
  writeBytes32(encoding, 3, receipt.consentId);
  encoding.write(receipt.bank.slice(2), 4 * WORD + 12, 20, "hex");
  writeBytes32(encoding, 5, receipt.enterprise);
  writeUint(encoding, 6, receipt.categories);
  writeUint(encoding, 7, receipt.purpose);
  writeBytes32(encoding, 8, receipt.requestHash);
  writeBytes32(encoding, 9, receipt.responseHash);
  writeUint64(encoding, 10, receipt.checkedBlock);
  writeUint64(encoding, 11, receipt.servedAt);
  writeUint(encoding, 12, TAIL_OFFSET);
  writeUint(encoding, HEAD_WORDS, signatureLength);
  encoding.write(signatureHex, TAIL_OFFSET + WORD, signatureLength, "hex");

  return encoding;
}

/** The receipt's leaf hash as bytes: keccak256(keccak256(abi.encode(values))). */
export function receiptLeafHashBytes(receipt: Receipt): Buffer {
  return keccak256(keccak256(encodeReceipt(receipt)));
}

/**
 * The receipt's leaf hash, 0x hex: `StandardMerkleTree.leafHash` of its values with
 * `RECEIPT_LEAF_TYPES`, the contract's `receiptLeaf`, and the query id.
 */
export function receiptLeafHash(receipt: Receipt): string {
  return "0x" + receiptLeafHashBytes(receipt).toString("hex");
}
