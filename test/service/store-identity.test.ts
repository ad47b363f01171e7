/**
 * A store is never mixed with another chain or deployment, even one at the same address.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import hre from "hardhat";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";

import { startLedgerService } from "../../ledger-service/src/ledger-service";
import { testConfig } from "./harness";

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ledger-identity-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function start(dataDir: string) {
  return startLedgerService(testConfig(dataDir), {
    provider: hre.ethers.provider,
    rpcUrl: "in-process",
    embedded: false,
    logger: pino({ level: "silent" }),
  });
}

describe("the store's identity", () => {
  it("reuses its own deployment, and moves aside a store whose deployment the chain lost", async () => {
    const dir = freshDir();
    const first = await start(dir);
    const ledger = first.ctx.contracts.addresses.CreditLedger;
    await first.close();

    const again = await start(dir);
    expect([again.movedStoreTo, again.ctx.contracts.addresses.CreditLedger]).toEqual([
      undefined,
      ledger,
    ]);
    await again.close();

    // A new chain with the same id, where the same admin deploys to the same address (a block
    // later, so that even within the same second its blocks differ from the first chain's).
    await hre.network.provider.send("hardhat_reset", []);
    await hre.network.provider.send("hardhat_mine", ["0x1"]);
    const other = await start(freshDir());
    expect(other.ctx.contracts.addresses.CreditLedger).toBe(ledger);
    await other.close();

    const moved = await start(dir);
    try {
      expect(moved.movedStoreTo).toMatch(new RegExp(`^${dir}\\.previous-`));
      expect(existsSync(moved.movedStoreTo!)).toBe(true);
      expect(moved.ctx.receipts.lastDurableSeq).toBe(0);
    } finally {
      await moved.close();
      rmSync(moved.movedStoreTo!, { recursive: true, force: true });
    }
  });
});
