// Bundles the CLI into dist/cli/ (`npm run build`). `validate` runs in CI on every pull
// request: one bundle loads in a fraction of the time Node needs to resolve and compile the
// hundreds of small ES modules behind it (chevrotain alone pulls in lodash-es file by file).
// Commands stay lazily loaded (code splitting). Packages with native or WASM parts stay
// external and load from node_modules.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outdir = join(root, "dist", "cli");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, "runtime", "cli", "main.ts")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@temporalio/*", "pg", "pg-*", "@electric-sql/*", "umzug", "fastify"],
  // Bundled CommonJS packages (ajv, yaml) still call require() for Node built-ins.
  banner: { js: "import { createRequire as __ffCreateRequire } from 'node:module'; const require = __ffCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
