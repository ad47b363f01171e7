// Importing `hardhat` loads hardhat.config.ts with plain `require`; ts-node's
// transpile-only hook lets that work inside vitest.
import { register } from "ts-node";

if (!process.env.TS_NODE_REGISTERED) {
  register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
  process.env.TS_NODE_REGISTERED = "1";
}
