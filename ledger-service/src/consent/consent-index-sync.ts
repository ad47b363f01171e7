import { readChain } from "../chain/chain-errors";
import type { LedgerContracts } from "../chain/ledger-contracts";
import type { ConsentIndex } from "../store/consent-index";

/**
 * Brings the consent index level with the chain: every ConsentGranted event since the last
 * synced block is indexed at its block's time. Calls are serialised.
 */
export class ConsentIndexSync {
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly contracts: LedgerContracts,
    private readonly index: ConsentIndex,
  ) {}

  sync(): Promise<void> {
    const next = this.running.then(() => this.syncOnce());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async syncOnce(): Promise<void> {
    const { consents } = this.contracts;
    const provider = consents.runner!.provider!;
    const latest = await readChain(() => provider.getBlockNumber());
    const from = (await this.index.syncedBlock()) + 1;
    if (from > latest) return;

    const events = await readChain(() =>
      consents.queryFilter(consents.filters.ConsentGranted(), from, latest),
    );
    const blockTimes = new Map<number, number>();
    for (const event of events) {
      let time = blockTimes.get(event.blockNumber);
      if (time === undefined) {
        const block = await readChain(() => provider.getBlock(event.blockNumber));
        time = block?.timestamp ?? 0;
        blockTimes.set(event.blockNumber, time);
      }
      await this.index.add({
        consentId: event.args.consentId.toLowerCase(),
        bank: event.args.bank,
        enterprise: event.args.enterprise.toLowerCase(),
        mode: Number(event.args.mode) === 0 ? "ONLINE" : "OFFLINE",
        at: new Date(time * 1000).toISOString(),
      });
    }
    await this.index.setSyncedBlock(latest);
  }
}
