/**
 * Where the workflow code is, for the SDK's bundler: the compiled `dist/workflows/index.js`
 * when running from `dist/` (the tsc output, or the esbuild-bundled CLI in `dist/cli/`), the
 * TypeScript source when running from source (tests, tsx).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CANDIDATES = [
  "../../workflows/index.js", // dist/runtime/temporal/ → dist/workflows/
  "../workflows/index.js", // dist/cli/ (bundled CLI chunk) → dist/workflows/
  "../../workflows/index.ts", // runtime/temporal/ (source) → workflows/
];

/** The workflows' entry file; throws (a broken installation, not a user's mistake) when absent. */
export function workflowsPath(): string {
  const paths = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url)));
  const found = paths.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`funnelform's workflow code is missing (looked for ${paths.join(", ")}); run npm run build`);
  return found;
}
