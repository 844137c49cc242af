/**
 * Computes the grammar cache (`grammar-cache.ts`) from the grammar itself and renders
 * `grammar-cache-data.ts`. The build (`runtime/cli/bundle.mjs`) rewrites the data file when
 * the grammar changed; `test/dsl/syntax/grammar-cache.test.ts` fails when it is stale.
 */
import type { GrammarCache } from "./grammar-cache.js";
import { FunnelParser } from "./parser.js";

/** The analysis of the current grammar, keys sorted (the rendered file is stable). */
export function computeGrammarCache(): GrammarCache {
  const record: GrammarCache = { lookahead: {}, follows: {} };
  new FunnelParser({ record });
  const sorted = <V>(o: Record<string, V>): Record<string, V> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { lookahead: sorted(record.lookahead), follows: sorted(record.follows) };
}

/** The text of `grammar-cache-data.ts` for `cache`. */
export function renderGrammarCache(cache: GrammarCache): string {
  return [
    "// Generated from the grammar by dsl/syntax/grammar-cache-write.ts (npm run build). Do not edit.",
    'import type { GrammarCache } from "./grammar-cache.js";',
    "",
    `export const GRAMMAR_CACHE: GrammarCache = ${JSON.stringify(cache)};`,
    "",
  ].join("\n");
}
