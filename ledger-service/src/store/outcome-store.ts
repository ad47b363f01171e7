import { LedgerError } from "../errors";
import type { Decision, LoanTerms, RepaymentStatus } from "../outcomes/outcome-terms";
import type { BatchOperation, LedgerDatabase } from "./database";
import { seqKey } from "./database";

/** A repayment update as relayed and mined. */
export interface StoredRepayment {
  outcomeId: string;
  status: RepaymentStatus;
  /** Unix seconds. */
  asOf: number;
  /** The bank's signed nonce (uint256, decimal) and signature. */
  nonce: string;
  signature: string;
  txHash: string;
  blockNumber: number;
  /** ISO time of the block that recorded it. */
  recordedAt: string;
}

/**
 * A loan outcome as relayed and mined, with the off-chain terms behind its `termsHash` and the
 * bank's signature, so that anyone who may read it can check both against the chain.
 */
export interface OutcomeEntry {
  /** The EIP-712 struct hash of the signed `Outcome`, lower case. */
  outcomeId: string;
  queryId: string;
  consentId: string;
  /** The bank's address, checksummed. */
  bank: string;
  /** The enterprise commitment of the query's receipt, lower case. */
  enterprise: string;
  decision: Decision;
  terms: LoanTerms;
  termsHash: string;
  nonce: string;
  deadline: number;
  signature: string;
  txHash: string;
  blockNumber: number;
  /** ISO time of the block that recorded it. */
  recordedAt: string;
}

/** An outcome with its repayment updates, oldest first. */
export interface StoredOutcome extends OutcomeEntry {
  repayments: StoredRepayment[];
}

/** What a listing narrows to; every field is optional and they combine. */
export interface OutcomeFilter {
  bank?: string;
  /** An enterprise commitment. */
  enterprise?: string;
  decision?: Decision;
  /** Recorded at or after, Unix seconds. */
  from?: number;
  /** Recorded before, Unix seconds. */
  to?: number;
}

export interface OutcomePage {
  outcomes: StoredOutcome[];
  /** Whether more outcomes match after the last one of this page. */
  more: boolean;
}

const SEPARATOR = "!";

/** Chain order: the recording block, then the id (unique, so keys never collide). */
function orderKey(entry: Pick<OutcomeEntry, "blockNumber" | "outcomeId">): string {
  return `${seqKey(entry.blockNumber)}${SEPARATOR}${entry.outcomeId}`;
}

function repaymentKey(outcomeId: string, asOf: number): string {
  // The contract requires each update's asOf to be later than the last: one update per asOf.
  return `${outcomeId.toLowerCase()}${SEPARATOR}${seqKey(asOf)}`;
}

function matches(entry: OutcomeEntry, filter: OutcomeFilter): boolean {
  if (filter.bank !== undefined && entry.bank.toLowerCase() !== filter.bank.toLowerCase()) {
    return false;
  }
  if (filter.enterprise !== undefined && entry.enterprise !== filter.enterprise.toLowerCase()) {
    return false;
  }
  if (filter.decision !== undefined && entry.decision !== filter.decision) return false;
  const recordedAt = Date.parse(entry.recordedAt) / 1000;
  if (filter.from !== undefined && recordedAt < filter.from) return false;
  if (filter.to !== undefined && recordedAt >= filter.to) return false;
  return true;
}

/**
 * Loan outcomes and their repayment histories, in chain order, indexed by query, bank and
 * enterprise. Every write is durable (synced) before it resolves. The store keeps no state
 * in memory, so two instances on one database see the same outcomes.
 */
export class OutcomeStore {
  private readonly outcomes;
  private readonly byQuery;
  private readonly byOrder;
  private readonly byBank;
  private readonly byEnterprise;
  private readonly repayments;

  constructor(private readonly database: LedgerDatabase) {
    this.outcomes = database.sublevel<OutcomeEntry>("outcomes");
    this.byQuery = database.sublevel<string>("outcome-by-query");
    this.byOrder = database.sublevel<string>("outcome-order");
    this.byBank = database.sublevel<string>("outcome-by-bank");
    this.byEnterprise = database.sublevel<string>("outcome-by-enterprise");
    this.repayments = database.sublevel<StoredRepayment>("outcome-repayments");
  }

  /** Writes the outcome and its indexes in one synced batch; writing it again is harmless. */
  async put(entry: OutcomeEntry): Promise<void> {
    const id = entry.outcomeId.toLowerCase();
    const order = orderKey(entry);
    const operations: BatchOperation[] = [
      { type: "put", sublevel: this.outcomes, key: id, value: { ...entry, outcomeId: id } },
      { type: "put", sublevel: this.byQuery, key: entry.queryId.toLowerCase(), value: id },
      { type: "put", sublevel: this.byOrder, key: order, value: id },
      {
        type: "put",
        sublevel: this.byBank,
        key: `${entry.bank.toLowerCase()}${SEPARATOR}${order}`,
        value: id,
      },
      {
        type: "put",
        sublevel: this.byEnterprise,
        key: `${entry.enterprise.toLowerCase()}${SEPARATOR}${order}`,
        value: id,
      },
    ];
    await this.database.writeDurably(operations);
  }

  /** Appends a repayment update to its outcome's history, durably. */
  async putRepayment(repayment: StoredRepayment): Promise<void> {
    const key = repaymentKey(repayment.outcomeId, repayment.asOf);
    const value = { ...repayment, outcomeId: repayment.outcomeId.toLowerCase() };
    await this.database.writeDurably([{ type: "put", sublevel: this.repayments, key, value }]);
  }

  async get(outcomeId: string): Promise<StoredOutcome | undefined> {
    const entry = await this.outcomes.get(outcomeId.toLowerCase());
    return entry === undefined ? undefined : this.withRepayments(entry);
  }

  async getByQuery(queryId: string): Promise<StoredOutcome | undefined> {
    const outcomeId = await this.byQuery.get(queryId.toLowerCase());
    return outcomeId === undefined ? undefined : this.get(outcomeId);
  }

  /** The outcome's repayment updates, oldest first. */
  async repaymentsOf(outcomeId: string): Promise<StoredRepayment[]> {
    const prefix = `${outcomeId.toLowerCase()}${SEPARATOR}`;
    const found: StoredRepayment[] = [];
    for await (const value of this.repayments.values({ gte: prefix, lt: `${prefix}\xff` })) {
      found.push(value);
    }
    return found;
  }

  /**
   * Outcomes that match `filter`, in chain order, after the outcome `after` (the last id of
   * the previous page), at most `limit`. A bank or enterprise filter walks that party's
   * index; the other filters are applied while walking, so a narrow decision or time filter
   * over many outcomes reads them all.
   *
   * Throws VALIDATION_FAILED when `after` is not a stored outcome.
   */
  async list(filter: OutcomeFilter, page: { after?: string; limit: number }): Promise<OutcomePage> {
    let after = "";
    if (page.after !== undefined) {
      const last = await this.outcomes.get(page.after.toLowerCase());
      if (last === undefined) {
        throw new LedgerError("VALIDATION_FAILED", "cursor: the `next` value of the previous page");
      }
      after = orderKey(last);
    }

    const [index, prefix] =
      filter.bank !== undefined
        ? [this.byBank, `${filter.bank.toLowerCase()}${SEPARATOR}`]
        : filter.enterprise !== undefined
          ? [this.byEnterprise, `${filter.enterprise.toLowerCase()}${SEPARATOR}`]
          : [this.byOrder, ""];

    const found: OutcomeEntry[] = [];
    const range = { gt: `${prefix}${after}`, lt: `${prefix}\xff` };
    for await (const outcomeId of index.values(range)) {
      const entry = await this.outcomes.get(outcomeId);
      if (entry === undefined || !matches(entry, filter)) continue;
      found.push(entry);
      if (found.length > page.limit) break;
    }
    const more = found.length > page.limit;
    const outcomes = await Promise.all(
      found.slice(0, page.limit).map((entry) => this.withRepayments(entry)),
    );
    return { outcomes, more };
  }

  /** Every outcome with its history, in chain order, streamed. */
  async *all(): AsyncGenerator<StoredOutcome> {
    for await (const outcomeId of this.byOrder.values()) {
      const entry = await this.outcomes.get(outcomeId);
      if (entry !== undefined) yield this.withRepayments(entry);
    }
  }

  private async withRepayments(entry: OutcomeEntry): Promise<StoredOutcome> {
    return { ...entry, repayments: await this.repaymentsOf(entry.outcomeId) };
  }
}

const storesByDatabase = new WeakMap<LedgerDatabase, OutcomeStore>();

/**
 * The outcome store of a service's database, made on first use and kept for that database,
 * so that routes need no field of their own in the service context.
 */
export function outcomeStoreFor(owner: { database: LedgerDatabase }): OutcomeStore {
  let store = storesByDatabase.get(owner.database);
  if (store === undefined) {
    store = new OutcomeStore(owner.database);
    storesByDatabase.set(owner.database, store);
  }
  return store;
}
