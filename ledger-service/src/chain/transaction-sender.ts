import { ethers } from "ethers";

import { LedgerError } from "../errors";
import { toChainError } from "./chain-errors";

/**
 * Sends the transactions of one account. Sends are serialised so that nonces are assigned
 * in order even when the operator and the anchorer share a key (as on the dev chain);
 * waiting for inclusion happens outside the queue, so one slow block does not block sends.
 */
export class TransactionSender {
  readonly address: string;
  private readonly signer: ethers.NonceManager;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param inclusionTimeoutMs how long to wait for a sent transaction to be mined. A
   *   transaction that never is (the chain rolled back under it, so its nonce is ahead of the
   *   chain's) answers CHAIN_UNAVAILABLE, and the cached nonce is read from the chain again.
   */
  constructor(
    readonly wallet: ethers.Wallet,
    private readonly inclusionTimeoutMs = 20_000,
  ) {
    this.address = wallet.address;
    this.signer = new ethers.NonceManager(wallet);
  }

  /** Forgets the cached nonce: the next send reads it from the chain (after a rollback). */
  resetNonce(): void {
    this.signer.reset();
  }

  /** The signer to connect contracts to; only use it through {@link send}. */
  get runner(): ethers.Signer {
    return this.signer;
  }

  /**
   * Runs `submit` (which must send exactly one transaction through {@link runner}) in the
   * account's queue, then waits for the transaction to be mined successfully.
   */
  async send(
    submit: (runner: ethers.Signer) => Promise<ethers.TransactionResponse>,
  ): Promise<ethers.TransactionReceipt> {
    // The nonce is read from the node's pending count for every send (the queue keeps sends in
    // order): a rollback, or a transaction sent with this key elsewhere, cannot leave it stale.
    const sent = this.queue.then(() => {
      this.signer.reset();
      return submit(this.signer);
    });
    this.queue = sent.catch(() => this.signer.reset());

    let response: ethers.TransactionResponse;
    try {
      response = await sent;
    } catch (error) {
      throw toChainError(error);
    }
    let receipt: ethers.TransactionReceipt | null;
    try {
      receipt = await response.wait(1, this.inclusionTimeoutMs);
    } catch (error) {
      if (ethers.isError(error, "TIMEOUT")) {
        this.signer.reset();
        throw new LedgerError(
          "CHAIN_UNAVAILABLE",
          `transaction ${response.hash} was not mined within ${this.inclusionTimeoutMs / 1000} s`,
          { cause: error, retryAfterSeconds: 2 },
        );
      }
      throw toChainError(error);
    }
    if (receipt === null || receipt.status !== 1) {
      throw new LedgerError("CHAIN_UNAVAILABLE", `transaction ${response.hash} failed on-chain`);
    }
    return receipt;
  }
}

/** One sender per address: two roles held by one key must share a nonce sequence. */
export class SenderRegistry {
  private readonly senders = new Map<string, TransactionSender>();

  constructor(private readonly provider: ethers.Provider) {}

  forKey(privateKey: string): TransactionSender {
    const wallet = new ethers.Wallet(privateKey, this.provider);
    const existing = this.senders.get(wallet.address);
    if (existing) return existing;
    const sender = new TransactionSender(wallet);
    this.senders.set(wallet.address, sender);
    return sender;
  }
}
