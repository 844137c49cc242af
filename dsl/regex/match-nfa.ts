/**
 * Matching by simulating the NFA (Thompson): all threads advance together, one input
 * character at a time, and a state is visited at most once per character — no backtracking,
 * so the cost is at most (number of states) × (input length) whatever the pattern.
 *
 * The sets of threads are cached as the states of a lazily built DFA (as RE2 does), so a
 * repeated step costs one map lookup; the cache is bounded and dropped when full, which
 * keeps the worst case at the simulation's cost.
 * Input is read by code point, as PostgreSQL reads text.
 */
import type { Assertion } from "./regex-ast.js";
import { inRanges } from "./char-set.js";
import { canon } from "./case-fold.js";
import { StateKind, type Nfa } from "./nfa.js";

/** Cached thread sets, and cached steps between them, per matcher before the cache is dropped. */
const MAX_CACHED_SETS = 1000;
const MAX_CACHED_STEPS = 20000;

/** The word characters of `\b`: ASCII letters, digits and `_` (as in JavaScript without `u`). */
function isWord(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
}

/** What comes after a position, as far as `$` and `\b` care. */
const AT_END = 0;
const BEFORE_WORD = 1;
const BEFORE_OTHER = 2;
type Ahead = typeof AT_END | typeof BEFORE_WORD | typeof BEFORE_OTHER;

/** A set of threads (the char states waiting for the next character), one DFA state. */
interface ThreadSet {
  states: Int32Array;
  matched: boolean;
  /** (canonical character × 3 + Ahead) → the set after reading it. */
  next: Map<number, ThreadSet>;
}

function holds(what: Assertion | undefined, atStart: boolean, prevWord: boolean, ahead: Ahead): boolean {
  switch (what) {
    case "start":
      return atStart;
    case "end":
      return ahead === AT_END;
    case "word-boundary":
      return prevWord !== (ahead === BEFORE_WORD);
    case "not-word-boundary":
      return prevWord === (ahead === BEFORE_WORD);
    case undefined:
      return false;
  }
}

/**
 * True when no thread started after position 0 can get anywhere (every path from the start
 * crosses `^`): then an empty thread set means no match, and the scan stops early.
 */
function startIsAnchored(nfa: Nfa): boolean {
  const seen = new Set<number>();
  const stack = [nfa.start];
  for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
    if (seen.has(s)) continue;
    seen.add(s);
    const kind = nfa.kind[s];
    if (kind === StateKind.Char || kind === StateKind.Match) return false;
    if (kind === StateKind.Assert && nfa.asserts[s] === "start") continue;
    stack.push(nfa.out[s] ?? -1);
    if (kind === StateKind.Split) stack.push(nfa.out2[s] ?? -1);
  }
  return true;
}

/** A reusable matcher over one NFA. Calls are synchronous, so buffers are shared. */
export function nfaMatcher(nfa: Nfa): (input: string) => boolean {
  const n = nfa.kind.length;
  const anchored = startIsAnchored(nfa);
  // Without `$`, `\b` or `\B`, what comes next never matters: one cache key per character.
  const looksAhead = nfa.asserts.some((a) => a !== undefined && a !== "start");
  const single = Int32Array.from(nfa.sets, (set, i) => {
    const only = set?.length === 1 ? set[0] : undefined;
    return only !== undefined && only[0] === only[1] && nfa.negated[i] !== true ? only[0] : -1;
  });
  const mark = new Int32Array(n);
  const stack = new Int32Array(n);
  const found = new Int32Array(n);
  let gen = 0;
  let cache = new Map<string, ThreadSet>();
  const initial = new Map<number, ThreadSet>();
  let steps = 0;
  // Dropping the cache drops every way back to older sets: new sets only point at new ones.
  const dropCache = (): void => {
    cache = new Map();
    initial.clear();
    steps = 0;
  };

  /** Adds `from` and what it reaches without reading; returns the new count of `found`. */
  const close = (from: number, count: number, atStart: boolean, prevWord: boolean, ahead: Ahead, hit: { matched: boolean }): number => {
    if (mark[from] === gen) return count;
    mark[from] = gen;
    let top = 0;
    stack[top++] = from;
    while (top > 0) {
      const s = stack[--top] ?? 0;
      const kind = nfa.kind[s];
      let a = -1;
      let b = -1;
      if (kind === StateKind.Char) found[count++] = s;
      else if (kind === StateKind.Match) hit.matched = true;
      else if (kind === StateKind.Split) {
        a = nfa.out[s] ?? -1;
        b = nfa.out2[s] ?? -1;
      } else if (holds(nfa.asserts[s], atStart, prevWord, ahead)) a = nfa.out[s] ?? -1;
      if (a >= 0 && mark[a] !== gen) {
        mark[a] = gen;
        stack[top++] = a;
      }
      if (b >= 0 && mark[b] !== gen) {
        mark[b] = gen;
        stack[top++] = b;
      }
    }
    return count;
  };

  /** The cached set for the states in `found[0..count)`. */
  const intern = (count: number, matched: boolean): ThreadSet => {
    const states = found.slice(0, count).sort();
    const key = `${matched ? "m" : ""}${states.join(",")}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    if (cache.size >= MAX_CACHED_SETS) dropCache();
    const set: ThreadSet = { states, matched, next: new Map() };
    cache.set(key, set);
    return set;
  };

  const startSet = (ahead: Ahead): ThreadSet => {
    const known = initial.get(ahead);
    if (known !== undefined) return known;
    gen++;
    const hit = { matched: false };
    const set = intern(close(nfa.start, 0, true, false, ahead, hit), hit.matched);
    initial.set(ahead, set);
    return set;
  };

  /** One step of the simulation: the threads of `from` read `c`. */
  const step = (from: ThreadSet, c: number, ahead: Ahead): ThreadSet => {
    gen++;
    const hit = { matched: false };
    const prevWord = isWord(c);
    let count = 0;
    for (const s of from.states) {
      const one = single[s] ?? -1;
      const accepts = one >= 0 ? one === c : inRanges(nfa.sets[s] ?? [], c) !== nfa.negated[s];
      if (accepts) count = close(nfa.out[s] ?? 0, count, false, prevWord, ahead, hit);
    }
    // Search semantics: a new attempt starts at every position.
    if (!anchored) count = close(nfa.start, count, false, prevWord, ahead, hit);
    return intern(count, hit.matched);
  };

  const aheadOf = (input: string, pos: number): Ahead => {
    if (pos >= input.length) return AT_END;
    if (!looksAhead) return BEFORE_OTHER;
    return isWord(input.charCodeAt(pos)) ? BEFORE_WORD : BEFORE_OTHER;
  };

  return (input: string): boolean => {
    let set = startSet(aheadOf(input, 0));
    for (let pos = 0; pos < input.length; ) {
      if (set.matched) return true;
      if (anchored && set.states.length === 0) return false;
      const cp = input.codePointAt(pos) ?? 0;
      pos += cp > 0xffff ? 2 : 1;
      const c = canon(cp);
      const ahead = aheadOf(input, pos);
      const key = c * 3 + ahead;
      let to = set.next.get(key);
      if (to === undefined) {
        to = step(set, c, ahead);
        if (++steps > MAX_CACHED_STEPS) dropCache();
        else set.next.set(key, to);
      }
      set = to;
    }
    return set.matched;
  };
}
