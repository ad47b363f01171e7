import type { BatchOperation, LedgerDatabase } from "./database";

/** What the service knows of an enterprise; the salt never leaves except to it and regulators. */
export interface EnterpriseEntry {
  uscc: string;
  name: string;
  /** 0x-prefixed 32-byte random salt behind the on-chain commitment. */
  salt: string;
  /** keccak256(abi.encode(string uscc, bytes32 salt)). */
  commitment: string;
  /** The account bound on-chain, once the binding is mined (lower case). */
  account: string | null;
  registeredAt: string;
}

export class EnterpriseStore {
  private readonly byUscc;
  private readonly byCommitment;
  private readonly byAccount;
  private readonly cache = new Map<string, EnterpriseEntry>();

  constructor(private readonly database: LedgerDatabase) {
    this.byUscc = database.sublevel<EnterpriseEntry>("enterprises");
    this.byCommitment = database.sublevel<string>("enterprise-by-commitment");
    this.byAccount = database.sublevel<string>("enterprise-by-account");
  }

  async get(uscc: string): Promise<EnterpriseEntry | undefined> {
    const cached = this.cache.get(uscc);
    if (cached) return cached;
    const entry = await this.byUscc.get(uscc);
    if (entry) this.cache.set(uscc, entry);
    return entry;
  }

  async getByCommitment(commitment: string): Promise<EnterpriseEntry | undefined> {
    const uscc = await this.byCommitment.get(commitment.toLowerCase());
    return uscc === undefined ? undefined : this.get(uscc);
  }

  async getByAccount(account: string): Promise<EnterpriseEntry | undefined> {
    const uscc = await this.byAccount.get(account.toLowerCase());
    return uscc === undefined ? undefined : this.get(uscc);
  }

  /** Writes the entry and its indexes durably in one batch. */
  async put(entry: EnterpriseEntry, previousAccount?: string | null): Promise<void> {
    const operations: BatchOperation[] = [
      { type: "put", sublevel: this.byUscc, key: entry.uscc, value: entry },
      {
        type: "put",
        sublevel: this.byCommitment,
        key: entry.commitment.toLowerCase(),
        value: entry.uscc,
      },
    ];
    if (previousAccount && previousAccount !== entry.account) {
      operations.push({ type: "del", sublevel: this.byAccount, key: previousAccount });
    }
    if (entry.account) {
      operations.push({
        type: "put",
        sublevel: this.byAccount,
        key: entry.account,
        value: entry.uscc,
      });
    }
    await this.database.writeDurably(operations);
    this.cache.set(entry.uscc, entry);
  }

  async *all(): AsyncGenerator<EnterpriseEntry> {
    for await (const value of this.byUscc.values()) yield value;
  }

  async count(): Promise<number> {
    let n = 0;
    for await (const _ of this.byUscc.keys()) n++;
    return n;
  }
}
