import { ethers } from "ethers";

import { LedgerClient } from "../client/ledger-client";
import { DEV_KEYS } from "../config";
import { CATEGORIES } from "../domain/categories";
import { generateSampleData } from "../sample";

/** Dev accounts on the embedded chain, as DESIGN.md assigns Hardhat's default accounts. */
export const DEV_ACCOUNTS = {
  operator: DEV_KEYS[0],
  regulator: DEV_KEYS[1],
  banks: [DEV_KEYS[2], DEV_KEYS[3]],
  provider: DEV_KEYS[4],
  enterprises: [DEV_KEYS[5], DEV_KEYS[6], DEV_KEYS[7], DEV_KEYS[8], DEV_KEYS[9]],
} as const;

export interface DevSetupSummary {
  enterprises: { uscc: string; name: string; account: string }[];
  imports: {
    category: string;
    format: string;
    accepted: number;
    rejected: number;
    batchId: string;
  }[];
  sampleEnterprises: number;
  /** A sample enterprise with records but no account: queries about it are ENTERPRISE_UNKNOWN. */
  unregisteredUscc: string;
}

async function expectOk(what: string, response: Promise<{ status: number; body: unknown }>) {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`${what} failed with ${status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Gives the dev accounts their roles through the service's own API (signed by the operator,
 * account #0, which is ADMIN on the dev chain), binds the first five sample enterprises to
 * accounts #5-#9, and, when asked, imports the sample data set as provider #4.
 */
export async function setupDevLedger(
  baseUrl: string,
  options: { loadSampleData: boolean; seed: number; enterpriseCount: number; clock?: () => number },
): Promise<DevSetupSummary> {
  const operator = await LedgerClient.connect(
    baseUrl,
    new ethers.Wallet(DEV_ACCOUNTS.operator),
    options.clock,
  );
  const register = (body: Record<string, unknown>) =>
    expectOk(`registering ${String(body.address)}`, operator.post("/v1/participants", body));

  await register({ address: new ethers.Wallet(DEV_ACCOUNTS.regulator).address, role: "REGULATOR" });
  for (const key of DEV_ACCOUNTS.banks) {
    await register({ address: new ethers.Wallet(key).address, role: "BANK" });
  }
  await register({
    address: new ethers.Wallet(DEV_ACCOUNTS.provider).address,
    role: "DATA_PROVIDER",
    categories: CATEGORIES,
  });

  const sample = generateSampleData(options.seed, options.enterpriseCount);
  const enterprises = [];
  for (const [i, key] of DEV_ACCOUNTS.enterprises.entries()) {
    const { uscc, name } = sample.enterprises[i];
    const account = new ethers.Wallet(key).address;
    await register({ address: account, role: "ENTERPRISE", uscc, name });
    enterprises.push({ uscc, name, account });
  }

  const imports: DevSetupSummary["imports"] = [];
  if (options.loadSampleData) {
    const provider = await LedgerClient.connect(
      baseUrl,
      new ethers.Wallet(DEV_ACCOUNTS.provider),
      options.clock,
    );
    for (const file of sample.files) {
      const response =
        file.format === "csv"
          ? provider.post(
              `/v1/records:import?category=${file.category}&format=csv`,
              file.body as Uint8Array,
              {
                contentType: "text/csv",
              },
            )
          : provider.post("/v1/records:import", { category: file.category, records: file.body });
      const report = (await expectOk(`importing ${file.category}`, response)) as {
        accepted: number;
        rejected: unknown[];
        batchId: string;
      };
      imports.push({
        category: file.category,
        format: file.format,
        accepted: report.accepted,
        rejected: report.rejected.length,
        batchId: report.batchId,
      });
    }
  }
  return {
    enterprises,
    imports,
    sampleEnterprises: sample.enterprises.length,
    unregisteredUscc: sample.enterprises[DEV_ACCOUNTS.enterprises.length].uscc,
  };
}
