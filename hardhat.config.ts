import path from "node:path";

import "@nomicfoundation/hardhat-ethers";
import "@typechain/hardhat";
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/types";

// The compiler comes from the pinned `solc` npm package (solc-js), so that
// compiling never downloads anything. Keep SOLC_VERSION equal to the
// version of `solc` in package.json.
const SOLC_VERSION = "0.8.28";

subtask(
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  async (args: { solcVersion: string }, _hre, runSuper) => {
    if (args.solcVersion !== SOLC_VERSION) return runSuper();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const solc = require("solc") as { version(): string };
    return {
      compilerPath: path.join(path.dirname(require.resolve("solc")), "soljson.js"),
      isSolcJs: true,
      version: SOLC_VERSION,
      longVersion: solc.version(),
    };
  },
);

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
    },
  },
  networks: {
    hardhat: {
      // Mine on each transaction and every 2 s, as a QBFT chain does. Blocks mined within one
      // second share its timestamp, so block time never runs ahead of the wall clock.
      mining: { auto: true, interval: 2000 },
      allowBlocksWithSameTimestamp: true,
    },
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  paths: {
    tests: "test",
  },
};

export default config;
