#!/usr/bin/env node
const argv = process.argv.slice(2);
const main = (argv[0] === "validate" && (await validateMain())) || (await import("../dist/cli/main.js")).main;
process.exitCode = await main(argv);

/**
 * `validate` runs in CI on every pull request, where most of its time would go to compiling
 * JavaScript. It runs from a classic-script bundle of the same CLI (`dist/cli-validate/`,
 * see `runtime/cli/bundle.mjs`) with V8's code cache; the cache is written by the build and,
 * when it is missing or was made by another Node, by the run (next to the bundle, else in
 * ~/.cache/funnelform). Any problem here falls back to the normal CLI.
 */
async function validateMain() {
  const [fs, { Script }, { createRequire }, { dirname, join }, { homedir }, { fileURLToPath, pathToFileURL }] = await Promise.all([
    import("node:fs"),
    import("node:vm"),
    import("node:module"),
    import("node:path"),
    import("node:os"),
    import("node:url"),
  ]);
  const dir = fileURLToPath(new URL("../dist/cli-validate/", import.meta.url));
  let path;
  let caches;
  try {
    // The name carries a hash of the content; the cache is named after it and the Node version.
    const name = fs.readdirSync(dir).find((f) => f.startsWith("validate-") && f.endsWith(".cjs"));
    if (name === undefined) return undefined;
    path = join(dir, name);
    // V8 refuses a cache made under other flags: each set of flags gets its own, rather than
    // two settings (a CI job with NODE_OPTIONS, a laptop without) rewriting one in turn.
    const flags = fnv1a(`${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`);
    const cacheName = `${name}.${process.version}-${process.arch}-${flags}.v8cache`;
    caches = [join(dir, cacheName), join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "funnelform", cacheName)];
  } catch {
    return undefined;
  }
  let cachedData;
  for (const c of caches) {
    try {
      cachedData = fs.readFileSync(c);
      break;
    } catch {
      // not there: try the next place
    }
  }
  let script;
  let run;
  try {
    const source = fs.readFileSync(path, "utf8");
    // The CommonJS wrapper, plus what the bundle reads for `import.meta.url`.
    const wrapper = `(function (exports, require, module, __filename, __dirname, __ffImportMetaUrl) {${source}\n})`;
    script = new Script(wrapper, { filename: path, cachedData });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path), pathToFileURL(path).href);
    run = module.exports.main;
  } catch {
    return undefined;
  }
  if (typeof run !== "function") return undefined;
  if (cachedData !== undefined && !script.cachedDataRejected) return run;
  // No usable cache: write one after the run, so that it holds every function the run compiled.
  return async (args) => {
    const code = await run(args);
    const data = script.createCachedData();
    for (const c of caches) {
      const tmp = `${c}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(dirname(c), { recursive: true });
        fs.writeFileSync(tmp, data);
        fs.renameSync(tmp, c);
        break;
      } catch {
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          // nothing was written
        }
      }
    }
    return code;
  };
}

/** A short hash (FNV-1a, 32 bits, hex) for file names. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
