import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;
let version: string | undefined;

/**
 * The folder of funnelform's own package.json. Found by walking up from this module, which
 * runs from source (tsx, tests), from dist/ (tsc) or from the CLI bundle, at different depths.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string };
      if (json.name === "funnelform") {
        root = dir;
        version = json.version;
        return dir;
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("funnelform cannot find its own package.json");
    dir = up;
  }
}

/** funnelform's own version, from package.json. */
export function toolVersion(): string {
  packageRoot();
  return version ?? "0.0.0";
}
