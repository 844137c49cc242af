/**
 * Chevrotain's grammar analysis, done once when the project is built instead of in every
 * run. The lookahead paths of each alternation and repetition, and the follow sets that
 * error recovery re-syncs on, depend only on the grammar, yet computing them was about a
 * quarter of a `funnelform validate` run (about 50 ms of ~200). `grammar-cache-data.ts`
 * holds them, written by `grammar-cache-write.ts` at build time; a test checks that it
 * matches the grammar. A production missing from the data (a grammar edited without a
 * build) gets chevrotain's own lazily built lookahead, so a stale cache can cost time, never
 * a wrong parse: the freshness test fails instead.
 */
import { EOF, getLookaheadPaths, LLkLookaheadStrategy, tokenMatcher, type ILookaheadStrategy, type IToken, type TokenType } from "chevrotain";
import { lazyLookahead } from "./lazy-lookahead.js";

/** The analysis results, with token types by name (they are objects at run time). */
export interface GrammarCache {
  /** Per production: per alternative, the token sequences that select it. */
  lookahead: Record<string, string[][][]>;
  /** Per follow key (chevrotain's `resyncFollows`): the tokens that may follow. */
  follows: Record<string, string[]>;
}

type AltOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
type OrLookahead = ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
type OptLookahead = ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;
/** What chevrotain keeps on a token type besides its public fields. */
type Indexed = TokenType & { tokenTypeIdx: number; categoryMatches?: number[] };
interface Reader {
  LA(i: number): IToken;
}

const orKey = (rule: string, occurrence: number): string => `${rule}|Alternation|${occurrence}`;
const optKey = (rule: string, prodType: string, occurrence: number): string => `${rule}|${prodType}|${occurrence}`;

/** A strategy that records every production's lookahead paths (for `grammar-cache-write.ts`). */
export function recordingLookahead(maxLookahead: number, into: GrammarCache["lookahead"]): ILookaheadStrategy {
  const llk = new LLkLookaheadStrategy({ maxLookahead });
  const names = (paths: TokenType[][]): string[][] => paths.map((p) => p.map((t) => t.name));
  return {
    validate: (options) => llk.validate(options),
    initialize: (options) => llk.initialize?.(options),
    buildLookaheadForAlternation(options: AltOptions): OrLookahead {
      const paths = getLookaheadPaths({ occurrence: options.prodOccurrence, rule: options.rule, prodType: "Alternation", maxLookahead });
      into[orKey(options.rule.name, options.prodOccurrence)] = paths.map(names);
      return llk.buildLookaheadForAlternation(options);
    },
    buildLookaheadForOptional(options: OptOptions): OptLookahead {
      const paths = getLookaheadPaths({ occurrence: options.prodOccurrence, rule: options.rule, prodType: options.prodType, maxLookahead });
      into[optKey(options.rule.name, options.prodType, options.prodOccurrence)] = [names(paths[0] ?? [])];
      return llk.buildLookaheadForOptional(options);
    },
  };
}

/** Token types by name (chevrotain's EOF included); undefined when a name is unknown. */
function resolver(tokens: readonly TokenType[]): (names: string[]) => Indexed[] | undefined {
  const byName = new Map([...tokens, EOF].map((t) => [t.name, t as Indexed]));
  return (names) => {
    const out: Indexed[] = [];
    for (const n of names) {
      const t = byName.get(n);
      if (t === undefined) return undefined;
      out.push(t);
    }
    return out;
  };
}

/** Does the next input match one of `paths`? The same test chevrotain's built functions make. */
function matchesOne(reader: Reader, paths: readonly Indexed[][]): boolean {
  next: for (const path of paths) {
    for (let i = 0; i < path.length; i++) {
      if (!tokenMatcher(reader.LA(i + 1), path[i] as TokenType)) continue next;
    }
    return true;
  }
  return false;
}

/** Token type index → the first alternative a single-token path selects (categories included). */
function singleTokenTable(alts: readonly Indexed[][][]): Map<number, number> | undefined {
  const table = new Map<number, number>();
  for (let a = 0; a < alts.length; a++) {
    for (const path of alts[a] ?? []) {
      if (path.length !== 1) return undefined;
      const t = path[0] as Indexed;
      for (const idx of [t.tokenTypeIdx, ...(t.categoryMatches ?? [])]) if (!table.has(idx)) table.set(idx, a);
    }
  }
  return table;
}

function alternation(alts: Indexed[][][], hasPredicates: boolean): OrLookahead {
  const table = hasPredicates ? undefined : singleTokenTable(alts);
  if (table !== undefined) {
    return function (this: Reader) {
      return table.get((this.LA(1).tokenType as Indexed).tokenTypeIdx);
    } as OrLookahead;
  }
  return function (this: Reader, orAlts) {
    for (let a = 0; a < alts.length; a++) {
      const gate = hasPredicates ? orAlts?.[a]?.GATE : undefined;
      if (gate !== undefined && gate.call(this) === false) continue;
      if (matchesOne(this, alts[a] ?? [])) return a;
    }
    return undefined;
  } as OrLookahead;
}

function optional(paths: Indexed[][]): OptLookahead {
  const table = singleTokenTable([paths]);
  if (table !== undefined) {
    return function (this: Reader) {
      return table.has((this.LA(1).tokenType as Indexed).tokenTypeIdx);
    };
  }
  return function (this: Reader) {
    return matchesOne(this, paths);
  };
}

/** A lookahead strategy reading `cache`, falling back to chevrotain's for what it lacks. */
export function cachedLookahead(maxLookahead: number, cache: GrammarCache, tokens: readonly TokenType[]): ILookaheadStrategy {
  const fallback = lazyLookahead(maxLookahead);
  const resolve = resolver(tokens);
  const resolveAll = (paths: string[][]): Indexed[][] | undefined => {
    const out: Indexed[][] = [];
    for (const p of paths) {
      const r = resolve(p);
      if (r === undefined) return undefined;
      out.push(r);
    }
    return out;
  };
  return {
    validate: (options) => fallback.validate(options),
    initialize: (options) => fallback.initialize?.(options),
    buildLookaheadForAlternation(options: AltOptions): OrLookahead {
      const cached = options.dynamicTokensEnabled ? undefined : cache.lookahead[orKey(options.rule.name, options.prodOccurrence)];
      const alts = cached?.map(resolveAll);
      if (alts === undefined || alts.some((a) => a === undefined)) return fallback.buildLookaheadForAlternation(options);
      return alternation(alts as Indexed[][][], options.hasPredicates);
    },
    buildLookaheadForOptional(options: OptOptions): OptLookahead {
      const cached = options.dynamicTokensEnabled ? undefined : cache.lookahead[optKey(options.rule.name, options.prodType, options.prodOccurrence)];
      const paths = cached?.[0] === undefined ? undefined : resolveAll(cached[0]);
      if (paths === undefined) return fallback.buildLookaheadForOptional(options);
      return optional(paths);
    },
  };
}

/** The cached follow sets as chevrotain keeps them; undefined when a token is unknown. */
export function cachedFollows(cache: GrammarCache, tokens: readonly TokenType[]): Record<string, TokenType[]> | undefined {
  const resolve = resolver(tokens);
  const out: Record<string, TokenType[]> = {};
  for (const [key, names] of Object.entries(cache.follows)) {
    const r = resolve(names);
    if (r === undefined) return undefined;
    out[key] = r;
  }
  return out;
}

/** Token names in `cache` that `tokens` lack: none, or the cache is from another grammar. */
export function unknownTokens(cache: GrammarCache, tokens: readonly TokenType[]): string[] {
  const known = new Set([...tokens, EOF].map((t) => t.name));
  const used = [...Object.values(cache.lookahead).flat(3), ...Object.values(cache.follows).flat()];
  return [...new Set(used.filter((n) => !known.has(n)))].sort();
}
