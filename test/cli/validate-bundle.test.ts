/**
 * `funnelform validate` runs from its own bundle with V8's code cache (`bin/funnelform.js`,
 * `runtime/cli/bundle.mjs`). It must answer exactly as the normal CLI does. Needs the built
 * CLI (`npm run build`, which `npm test` runs first).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const env = { ...process.env, NO_COLOR: "1" };
// A fresh Node process per run, two per case: slow on a busy machine.
const SLOW = 180_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = REPO, extraEnv: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { ...env, ...extraEnv } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The bundle as `bin/funnelform.js` runs it. */
const viaBin = (args: string[], bin = join(REPO, "bin", "funnelform.js"), extraEnv: Record<string, string> = {}): Run =>
  run([bin, ...args], REPO, extraEnv);

/** The ordinary CLI (`dist/cli/main.js`), which every other command uses. */
function viaMain(args: string[]): Run {
  const main = pathToFileURL(join(REPO, "dist", "cli", "main.js")).href;
  const code = `const m = await import(${JSON.stringify(main)}); process.exitCode = await m.main(process.argv.slice(1));`;
  return run(["--input-type=module", "-e", code, ...args]);
}

function brokenWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "ff-bundle-"));
  writeFileSync(join(dir, "model.funnel"), 'version "1"\nscore engagement\nrule "Clicked" on email.clicked engagment +3\nthreshold mql when engagement >= 60 { tag mql }\n');
  writeFileSync(join(dir, "more.funnel.yaml"), "segments:\n  busy:\n    when: engagement >= 10\n");
  return dir;
}

describe("funnelform validate from its bundle", () => {
  it("prints and exits exactly as the normal CLI, for valid and broken workspaces and usage errors", () => {
    const broken = brokenWorkspace();
    const cases = [
      ["validate", "examples/b2b"],
      ["validate", "examples/webshop-yaml", "--format", "json"],
      ["validate", broken],
      ["validate", broken, "--format", "sarif"],
      ["validate", broken, "examples/webshop", "--format", "github"],
      ["validate", "no/such/folder"],
      ["validate", "examples/b2b", "--format", "nope"],
      ["validate", "--help"],
    ];
    const seen = new Set<number | null>();
    for (const args of cases) {
      const bundled = viaBin(args);
      expect(bundled, args.join(" ")).toEqual(viaMain(args));
      seen.add(bundled.status);
    }
    // The cases cover success, errors found and a usage error.
    expect([...seen].sort()).toEqual([0, 1, 2]);
  }, SLOW);

  it("writes its code cache when there is none, and replaces one it cannot use", () => {
    // A copy of the installed CLI with only the validate bundle: without dist/cli/main.js to
    // fall back on, the answers below can only come from the bundle.
    const root = mkdtempSync(join(tmpdir(), "ff-bundle-copy-"));
    mkdirSync(join(root, "bin"));
    mkdirSync(join(root, "dist", "cli-validate"), { recursive: true });
    copyFileSync(join(REPO, "package.json"), join(root, "package.json"));
    copyFileSync(join(REPO, "bin", "funnelform.js"), join(root, "bin", "funnelform.js"));
    const name = readdirSync(join(REPO, "dist", "cli-validate")).find((f) => f.endsWith(".cjs"));
    expect(name).toBeDefined();
    copyFileSync(join(REPO, "dist", "cli-validate", `${name}`), join(root, "dist", "cli-validate", `${name}`));
    const cacheHome = mkdtempSync(join(tmpdir(), "ff-cache-home-"));
    const bin = join(root, "bin", "funnelform.js");
    const args = ["validate", "examples/b2b", "--format", "json"];
    const expected = viaMain(args);
    const cacheFile = (): string | undefined => readdirSync(join(root, "dist", "cli-validate")).find((f) => f.endsWith(".v8cache"));

    expect(cacheFile()).toBeUndefined();
    expect(viaBin(args, bin, { XDG_CACHE_HOME: cacheHome })).toEqual(expected);
    const written = cacheFile();
    expect(written).toBeDefined();
    const cachePath = join(root, "dist", "cli-validate", `${written}`);
    expect(readFileSync(cachePath).length).toBeGreaterThan(1000);

    writeFileSync(cachePath, "not a code cache");
    expect(viaBin(args, bin, { XDG_CACHE_HOME: cacheHome })).toEqual(expected);
    expect(readFileSync(cachePath).length).toBeGreaterThan(1000);
    expect(existsSync(join(cacheHome, "funnelform"))).toBe(false);
  }, SLOW);
});
