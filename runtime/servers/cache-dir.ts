import { mkdirSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where built servers are kept between runs: `FUNNELFORM_CACHE`, else
 * `$XDG_CACHE_HOME/funnelform`, else `~/.cache/funnelform`. Outside the checkout on
 * purpose, so a fresh clone on the same machine (CI) reuses what an earlier run built.
 */
export function cacheDir(...parts: string[]): string {
  const root = process.env["FUNNELFORM_CACHE"] ?? join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "funnelform");
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export type Log = (line: string) => void;

/**
 * Runs `build` while holding a directory lock, so two test processes starting at once do
 * not both spend minutes building the same server. A lock older than `staleMs` is taken
 * over (its holder died).
 */
export async function withBuildLock<T>(dir: string, staleMs: number, log: Log, build: () => Promise<T>): Promise<T> {
  const lock = join(dir, ".lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (Number.isNaN(age) || age > staleMs) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      log(`waiting for another process building in ${dir}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
