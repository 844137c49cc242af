// Bundles the CLI into dist/cli/ (`npm run build`). `validate` runs in CI on every pull
// request: one bundle loads in a fraction of the time Node needs to resolve and compile the
// hundreds of small ES modules behind it (chevrotain alone pulls in lodash-es file by file).
// Commands stay lazily loaded (code splitting). Packages with native or WASM parts stay
// external and load from node_modules.
import { build, transform } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outdir = join(root, "dist", "cli");
const fastdir = join(root, "dist", "cli-validate");
rmSync(outdir, { recursive: true, force: true });
rmSync(fastdir, { recursive: true, force: true });
// The parser's grammar analysis is computed here, once, not in every run
// (dsl/syntax/grammar-cache.ts): after a grammar change the data file is rewritten, in the
// sources (for the bundles below and the tests) and in tsc's output.
{
  const { computeGrammarCache, renderGrammarCache } = await import(pathToFileURL(join(root, "dist", "dsl", "syntax", "grammar-cache-write.js")).href);
  const dataTs = join(root, "dsl", "syntax", "grammar-cache-data.ts");
  const text = renderGrammarCache(computeGrammarCache());
  if (readFileSync(dataTs, "utf8") !== text) {
    writeFileSync(dataTs, text);
    const js = await transform(text, { loader: "ts", format: "esm" });
    writeFileSync(join(root, "dist", "dsl", "syntax", "grammar-cache-data.js"), js.code);
    console.log("the grammar changed: dsl/syntax/grammar-cache-data.ts rewritten");
  }
}
const external = ["@temporalio/*", "pg", "pg-*", "@electric-sql/*", "umzug", "fastify"];
await build({
  entryPoints: [join(root, "runtime", "cli", "main.ts")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  // Bundled CommonJS packages (ajv, yaml) still call require() for Node built-ins.
  banner: { js: "import { createRequire as __ffCreateRequire } from 'node:module'; const require = __ffCreateRequire(import.meta.url);" },
  logLevel: "warning",
});

// `validate` once more, as one classic script: Node 20 can cache V8's compiled code only for
// scripts (`vm.Script` `cachedData`), not for ES modules, and compiling the code behind
// `validate` (chevrotain, the precompiled IR validator, ...) costs more than validating a
// workspace. `bin/funnelform.js` runs this bundle with a code cache for `validate` only; the
// code is the same `main()`, with every other command left out. The file name carries a
// hash of the content, and the cache is named after it, so a cache never outlives its code.
const mainTs = join(root, "runtime", "cli", "main.ts");
await build({
  entryPoints: [mainTs],
  entryNames: "validate-[hash]",
  outdir: fastdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external,
  define: { "import.meta.url": "__ffImportMetaUrl" },
  // Less text to read and hash; names are kept (stack traces, chevrotain's rule names).
  minifyWhitespace: true,
  plugins: [
    {
      name: "validate-only",
      setup(b) {
        b.onResolve({ filter: /^\.\/commands\// }, (args) =>
          args.importer === mainTs && args.path !== "./commands/validate.js" ? { path: args.path, namespace: "left-out" } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: "left-out" }, () => ({
          contents: 'throw new Error("only validate is in this bundle");',
          loader: "js",
        }));
      },
    },
  ],
  logLevel: "warning",
});
// Writes the code cache (the first run of `validate` writes it when there is none).
const example = ["b2b", "b2b-yaml"].map((e) => join(root, "examples", e)).filter((p) => existsSync(p));
if (example.length > 0) {
  spawnSync(process.execPath, [join(root, "bin", "funnelform.js"), "validate", ...example], { stdio: "ignore" });
}
