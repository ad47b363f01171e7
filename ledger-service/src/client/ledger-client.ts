import { ethers } from "ethers";

import { signRequest } from "../signing/sign-request";

export interface LedgerResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface LedgerDeployment {
  chainId: number;
  ledger: string;
}

/**
 * A minimal client of the HTTP API that signs each request as DESIGN.md specifies: what a
 * bank's integration would write, used by the demo, the dev setup and the tests.
 */
export class LedgerClient {
  constructor(
    readonly baseUrl: string,
    readonly wallet: ethers.Wallet | ethers.HDNodeWallet,
    readonly deployment: LedgerDeployment,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Reads chain id and ledger address from `GET /v1/health`. */
  static async connect(
    baseUrl: string,
    wallet: ethers.Wallet | ethers.HDNodeWallet,
    clock?: () => number,
  ): Promise<LedgerClient> {
    const health = await fetch(`${baseUrl}/v1/health`);
    const { chainId, ledger } = (await health.json()) as LedgerDeployment;
    return new LedgerClient(baseUrl, wallet, { chainId, ledger }, clock);
  }

  get address(): string {
    return this.wallet.address;
  }

  async request<T = unknown>(
    method: string,
    target: string,
    body?: unknown,
    options: { contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<LedgerResponse<T>> {
    let raw: Uint8Array | undefined;
    let contentType = options.contentType;
    if (body instanceof Uint8Array) {
      raw = body;
    } else if (typeof body === "string") {
      raw = Buffer.from(body, "utf8");
    } else if (body !== undefined) {
      raw = Buffer.from(JSON.stringify(body), "utf8");
      contentType ??= "application/json";
    }
    const signed = signRequest(this.wallet, {
      chainId: this.deployment.chainId,
      ledger: this.deployment.ledger,
      method,
      target,
      body: raw,
      timestamp: this.clock(),
    });
    const response = await fetch(`${this.baseUrl}${target}`, {
      method,
      headers: {
        ...signed,
        ...(contentType ? { "content-type": contentType } : {}),
        ...options.headers,
      },
      body: raw,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = unknown>(target: string) {
    return this.request<T>("GET", target);
  }

  post<T = unknown>(target: string, body?: unknown, options?: { contentType?: string }) {
    return this.request<T>("POST", target, body ?? {}, options);
  }
}
