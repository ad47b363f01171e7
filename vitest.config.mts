import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "ledger-service/**/*.test.ts"],
    // Hardhat's in-process EVM (EDR) runs inside the test process.
    pool: "forks",
    setupFiles: ["test/setup/register-ts-node.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
