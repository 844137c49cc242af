/**
 * The console's static files: a fixed list read from `static/`, so no request path ever
 * reaches the file system (no traversal, no directory listing). Read once, then kept.
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** URL path under `/console/` → file name and content type. */
const FILES: Record<string, { file: string; type: string }> = {
  "": { file: "index.html", type: "text/html; charset=utf-8" },
  "app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "api.js": { file: "api.js", type: "text/javascript; charset=utf-8" },
  "dom.js": { file: "dom.js", type: "text/javascript; charset=utf-8" },
  "views-funnel.js": { file: "views-funnel.js", type: "text/javascript; charset=utf-8" },
  "views-scores.js": { file: "views-scores.js", type: "text/javascript; charset=utf-8" },
  "views-contact.js": { file: "views-contact.js", type: "text/javascript; charset=utf-8" },
  "views-feedback.js": { file: "views-feedback.js", type: "text/javascript; charset=utf-8" },
  "views-versions.js": { file: "views-versions.js", type: "text/javascript; charset=utf-8" },
  "style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

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
  const dir = staticDir();
  if (dir === undefined) return undefined;
  const asset = { body: await readFile(`${dir}${entry.file}`), type: entry.type };
  cache.set(name, asset);
  return asset;
}
