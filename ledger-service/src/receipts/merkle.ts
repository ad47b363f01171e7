import { LedgerError } from "../errors";
import { keccak256 } from "../signing/keccak";

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * A receipt batch's Merkle tree, laid out as OpenZeppelin's `StandardMerkleTree` lays it out, so
 * its root and proofs are the ones `StandardMerkleTree.of(values, RECEIPT_LEAF_TYPES)` gives and
 * that OpenZeppelin's `MerkleProof.verify` accepts: leaves sorted ascending, each inner node the
 * keccak256 of its two children in ascending order, nodes in one array with the root at 0, the
 * children of node i at 2i+1 and 2i+2, and the sorted leaves filling the array from its end.
 *
 * Built from leaf hashes with native keccak; it is not serialised, since a batch's tree is
 * rebuilt from its stored receipts.
 */
export interface BatchTree {
  /** 0x hex, lower case. */
  readonly root: string;
  /** Every node in the layout above, 0x hex, lower case. */
  readonly nodes: readonly string[];
  /** Number of leaves. */
  readonly length: number;
}

class ReceiptBatchTree implements BatchTree {
  readonly root: string;
  readonly length: number;

  constructor(
    readonly nodes: readonly string[],
    readonly nodeIndexOfLeaf: ReadonlyMap<string, number>,
  ) {
    this.root = nodes[0]!;
    this.length = nodeIndexOfLeaf.size;
  }
}

// Scratch space for a node's two children; hashing is synchronous, so one buffer serves all.
const pair = Buffer.alloc(64);

function hashPair(a: Buffer, b: Buffer): Buffer {
  const [low, high] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
  low.copy(pair, 0);
  high.copy(pair, 32);
  return keccak256(pair);
}

function leafBytes(leaf: string, field: string): Buffer {
  if (!BYTES32.test(leaf)) {
    throw new LedgerError("VALIDATION_FAILED", `${field} must be 32 bytes as 0x-prefixed hex`, {
      details: { field },
    });
  }
  return Buffer.from(leaf.slice(2), "hex");
}

/**
 * The tree of a batch whose receipts have these leaf hashes (in any order). A leaf given twice
 * is one leaf twice, as in `StandardMerkleTree`; receipts' leaves differ by their `seq`.
 *
 * Throws VALIDATION_FAILED for an empty batch or a leaf that is not 32 bytes of hex.
 */
export function buildBatchTree(leafHashes: readonly string[]): BatchTree {
  if (leafHashes.length === 0) {
    throw new LedgerError("VALIDATION_FAILED", "A receipt batch needs at least one leaf");
  }
  const leaves = leafHashes.map((leaf, i) => leafBytes(leaf, `leafHashes[${i}]`));
  leaves.sort(Buffer.compare);

  const nodes = new Array<Buffer>(2 * leaves.length - 1);
  leaves.forEach((leaf, i) => (nodes[nodes.length - 1 - i] = leaf));
  for (let i = nodes.length - 1 - leaves.length; i >= 0; i--) {
    nodes[i] = hashPair(nodes[2 * i + 1]!, nodes[2 * i + 2]!);
  }

  const hexNodes = nodes.map((node) => "0x" + node.toString("hex"));
  const nodeIndexOfLeaf = new Map<string, number>();
  for (let i = nodes.length - leaves.length; i < nodes.length; i++) {
    nodeIndexOfLeaf.set(hexNodes[i]!, i);
  }
  return new ReceiptBatchTree(hexNodes, nodeIndexOfLeaf);
}

function leafIndexByScan(tree: BatchTree, leaf: string): number | undefined {
  for (let i = tree.nodes.length - tree.length; i < tree.nodes.length; i++) {
    if (tree.nodes[i]!.toLowerCase() === leaf) return i;
  }
  return undefined;
}

/**
 * The sibling hashes from `leaf` up to the root, as `StandardMerkleTree.getProof` gives them.
 * Throws NOT_FOUND when the leaf is not in the tree.
 */
export function proofFor(tree: BatchTree, leaf: string): string[] {
  const wanted = leaf.toLowerCase();
  const index =
    tree instanceof ReceiptBatchTree
      ? tree.nodeIndexOfLeaf.get(wanted)
      : leafIndexByScan(tree, wanted);
  if (index === undefined) {
    throw new LedgerError("NOT_FOUND", `Leaf ${leaf} is not in this receipt batch`);
  }

  const proof: string[] = [];
  for (let i = index; i > 0; i = Math.floor((i - 1) / 2)) {
    proof.push(tree.nodes[i % 2 === 1 ? i + 1 : i - 1]!);
  }
  return proof;
}

/**
 * Whether `proof` leads from `leaf` to `root` (as OpenZeppelin's `MerkleProof.verify`). False,
 * not an error, for any input that is not 32-byte hex.
 */
export function verifyProof(root: string, leaf: string, proof: readonly string[]): boolean {
  if (!BYTES32.test(root) || !BYTES32.test(leaf) || !proof.every((p) => BYTES32.test(p))) {
    return false;
  }

  let node: Buffer = Buffer.from(leaf.slice(2), "hex");
  for (const sibling of proof) node = hashPair(node, Buffer.from(sibling.slice(2), "hex"));
  return node.equals(Buffer.from(root.slice(2), "hex"));
}
