import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "ledger-service/**/*.test.ts"],
    // Hardhat's in-process EVM (EDR) runs inside the test process.
    pool: "forks",
    // One file at a time: several tests run real nodes and processes with timeouts, and two
    // cores shared between parallel files make those timings flaky.
    fileParallelism: false,
    setupFiles: ["test/setup/register-ts-node.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
