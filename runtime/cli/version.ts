import { readFileSync } from "node:fs";

let cached: string | undefined;

/** funnelform's own version, from package.json. */
export function toolVersion(): string {
  if (cached === undefined) {
    for (const rel of ["../../package.json", "../../../package.json"]) {
      try {
        const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
        if (pkg.name === "funnelform" && pkg.version) {
          cached = pkg.version;
          break;
        }
      } catch {
        // not at this depth: source (tsx) and dist/ differ by one level
      }
    }
    cached ??= "0.0.0";
  }
  return cached;
}
