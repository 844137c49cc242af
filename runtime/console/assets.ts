/**
 * The console's static files: a fixed list read from `static/`, so no request path ever
 * reaches the file system (no traversal, no directory listing). Read once, then kept.
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** URL path under `/console/` → file name and content type. */
const FILES: Record<string, { file: string; type: string; vendor?: string }> = {
  "": { file: "index.html", type: "text/html; charset=utf-8" },
  "app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "api.js": { file: "api.js", type: "text/javascript; charset=utf-8" },
  "dom.js": { file: "dom.js", type: "text/javascript; charset=utf-8" },
  "views-funnel.js": { file: "views-funnel.js", type: "text/javascript; charset=utf-8" },
  "views-scores.js": { file: "views-scores.js", type: "text/javascript; charset=utf-8" },
  "views-contact.js": { file: "views-contact.js", type: "text/javascript; charset=utf-8" },
  "views-feedback.js": { file: "views-feedback.js", type: "text/javascript; charset=utf-8" },
  "views-versions.js": { file: "views-versions.js", type: "text/javascript; charset=utf-8" },
  "views-charts.js": { file: "views-charts.js", type: "text/javascript; charset=utf-8" },
  "style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  // The charting library, served from the installed package: users run the console inside
  // their network, so nothing is fetched from a CDN.
  "vendor/chart.umd.js": { file: "", type: "text/javascript; charset=utf-8", vendor: "chart.js" },
};

/** Where an installed package's browser build lives (chart.js does not export its UMD file, so go via its main). */
function vendorFile(pkg: string): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(pkg)), "chart.umd.min.js");
  } catch {
    return undefined;
  }
}

/** The console's shell is public (it holds no data); every data endpoint needs the token. */
export const CONSOLE_PREFIX = "/console/";

/** True for the paths the console serves without a token: `/`, `/console` and its fixed files. */
export function isConsoleAsset(path: string): boolean {
  if (path === "/" || path === "/console") return true;
  return path.startsWith(CONSOLE_PREFIX) && Object.hasOwn(FILES, path.slice(CONSOLE_PREFIX.length));
}

// The sources (runtime/console/assets.ts) and the CLI bundle (dist/cli/*.js) sit at different depths.
const CANDIDATES = ["./static/", "../../runtime/console/static/", "../../../runtime/console/static/"];

function staticDir(): string | undefined {
  for (const c of CANDIDATES) {
    const dir = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

function fileOf(entry: { file: string; vendor?: string }): string | undefined {
  if (entry.vendor !== undefined) return vendorFile(entry.vendor);
  const dir = staticDir();
  return dir === undefined ? undefined : `${dir}${entry.file}`;
}

export interface Asset {
  body: Buffer;
  type: string;
}

const cache = new Map<string, Asset>();

/** The file for a path under `/console/` (`""` is the page), or undefined when not listed or missing. */
export async function readAsset(name: string): Promise<Asset | undefined> {
  const entry = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (entry === undefined) return undefined;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const path = fileOf(entry);
  if (path === undefined || !existsSync(path)) return undefined;
  const asset = { body: await readFile(path), type: entry.type };
  cache.set(name, asset);
  return asset;
}
