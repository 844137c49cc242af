/**
 * The browser the console's tests drive: Debian's Chromium (Playwright's own download needs
 * the internet). Found from CHROMIUM_PATH or the usual paths; when missing and running as
 * root, installed with apt-get; otherwise the setup fails naming the command to run.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium", "/snap/bin/chromium"];

/** The executable, or undefined when none is installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env["CHROMIUM_PATH"];
  if (given !== undefined && given !== "") return existsSync(given) ? given : undefined;
  return CANDIDATES.find((c) => existsSync(c));
}

/**
 * Returns Chromium's path, installing it first when it is missing and this process may (root).
 * Sets CHROMIUM_PATH so the tests (in other processes) use the same executable.
 */
export function ensureChromium(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const given = env["CHROMIUM_PATH"];
  if (given !== undefined && given !== "" && !existsSync(given)) throw new Error(`CHROMIUM_PATH is ${given}, which does not exist: point it at a Chromium executable or unset it`);
  let found = findChromium(env);
  if (found === undefined) {
    const root = typeof process.getuid === "function" && process.getuid() === 0;
    if (!root) throw new Error("the console's browser tests need Chromium: run `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium executable");
    log("Chromium is missing: apt-get update, then apt-get install -y chromium (once; a few minutes)");
    const run = (args: string[]): void => {
      execFileSync("apt-get", args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    };
    try {
      run(["update"]);
      run(["install", "-y", "--no-install-recommends", "chromium"]);
    } catch (error) {
      const detail = error instanceof Error && "stderr" in error ? String(error.stderr).trim().split("\n").slice(-3).join(" ") : String(error);
      throw new Error(`installing Chromium failed (apt-get install -y chromium): ${detail}`, { cause: error });
    }
    found = findChromium(env);
    if (found === undefined) throw new Error("apt-get installed chromium but no executable was found at /usr/bin/chromium: set CHROMIUM_PATH");
    log(`installed Chromium at ${found}`);
  }
  env["CHROMIUM_PATH"] = found;
  return found;
}
