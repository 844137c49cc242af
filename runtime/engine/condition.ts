/**
 * Conditions compiled ONCE into closures: evaluating one never walks the IR.
 * Each compiled condition also says what state it reads (`deps`, so unchanged conditions
 * are not re-evaluated) and, for time-relative parts, when its value can next change on
 * its own (`nextChange`, so segments are re-evaluated by timer exactly then).
 */
import type { Cond, Ir, Key, Literal, Ref, Score } from "../../schemas/ir.js";
import { historyGroupId } from "./history.js";
import { compileMatcher } from "./regex.js";
import type { ContactState } from "./types.js";

/** Bits of what changed during an input / what a condition reads. */
export const Dep = {
  fields: 1,
  tags: 2,
  scores: 4,
  stages: 8,
  segments: 16,
  history: 32,
  time: 64,
  activity: 128,
} as const;
export const ALL_DEPS = 255;

export interface EvalCtx {
  st: ContactState;
  now: number;
  /** Props of the event in context (rule `if`, event triggers, `did ... if`). */
  props: Record<string, unknown> | undefined;
  /** The dimension key in context (per-dimension thresholds, pipelines, rules). */
  key: string | undefined;
  /** Account score → the aggregate over the account's OTHER members (see ApplyContext). */
  account: Readonly<Record<string, number>> | undefined;
  /** Account pipeline → the stage of the contact's account (see ApplyContext); undefined: no account. */
  accountStages?: Readonly<Record<string, string>> | undefined;
}

export type Pred = (c: EvalCtx) => boolean;
/** Earliest time after `c.now` at which the value can change by time passing alone, or Infinity. */
export type NextChange = (c: EvalCtx) => number;

export interface CompiledCond {
  test: Pred;
  deps: number;
  nextChange: NextChange | undefined;
}

/** The largest value over all keys; 0 when there is none. */
function maxCell(cells: ContactState["scores"][string] | undefined): number {
  if (cells === undefined) return 0;
  let best: number | undefined;
  for (const k in cells) {
    const v = cells[k]?.value ?? 0;
    if (best === undefined || v > best) best = v;
  }
  return best ?? 0;
}

/** Reads a score by key: "" for undimensioned scores, the context key, a literal key or `any`. */
export function scoreReader(score: string, key: Key | undefined): (c: EvalCtx) => number {
  if (key === undefined) return (c) => c.st.scores[score]?.[""]?.value ?? 0;
  switch (key.key) {
    case "value": {
      const k = key.value;
      return (c) => c.st.scores[score]?.[k]?.value ?? 0;
    }
    case "any":
      return (c) => maxCell(c.st.scores[score]);
    case "context":
      return (c) => (c.key === undefined ? maxCell(c.st.scores[score]) : (c.st.scores[score]?.[c.key]?.value ?? 0));
  }
}

type Getter = (c: EvalCtx) => unknown;

/**
 * An account score read from a contact: the other members' aggregate (given by the caller)
 * combined with this contact's own current value, so the contact's own input counts at once.
 */
function accountReader(name: string, def: Score): (c: EvalCtx) => number {
  const from = def.from;
  const min = def.limit?.min ?? -Infinity;
  const max = def.limit?.max ?? Infinity;
  return (c) => {
    const others = c.account?.[name];
    if (others === undefined) return 0;
    if (from === undefined) return others;
    const own = maxCell(c.st.scores[from.score]);
    const v = from.agg === "sum" ? others + own : Math.max(others, own);
    return Math.min(max, Math.max(min, Math.round(v * 100) / 100));
  };
}

function refGetter(ir: Ir, ref: Ref): { get: Getter; deps: number; timestamp: boolean } {
  switch (ref.ref) {
    case "field": {
      const name = ref.name;
      const def = ir.fields[name]?.default;
      const timestamp = ir.fields[name]?.type === "timestamp";
      return { get: (c) => c.st.fields[name] ?? def, deps: Dep.fields, timestamp };
    }
    case "prop": {
      const name = ref.name;
      return { get: (c) => c.props?.[name], deps: 0, timestamp: false };
    }
    case "score": {
      const def = ir.scores[ref.score];
      if (def?.scope === "account") return { get: accountReader(ref.score, def), deps: Dep.scores, timestamp: false };
      return { get: scoreReader(ref.score, ref.key), deps: Dep.scores, timestamp: false };
    }
    case "attr":
      if (ref.name === "id") return { get: (c) => c.st.id, deps: 0, timestamp: false };
      if (ref.name === "created_at") return { get: (c) => c.st.createdAt, deps: 0, timestamp: true };
      return { get: (c) => c.st.lastActiveAt, deps: Dep.activity, timestamp: true };
  }
}

function isUnset(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

function toTime(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function compare(a: number | string | boolean, op: string, b: number | string | boolean): boolean {
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

function compileCmp(ir: Ir, ref: Ref, op: string, value: Literal): CompiledCond {
  const g = refGetter(ir, ref);
  const get = g.get;
  if (Array.isArray(value)) {
    const want = JSON.stringify(value);
    return { test: (c) => (JSON.stringify(get(c)) === want) === (op === "=="), deps: g.deps, nextChange: undefined };
  }
  const litTime = g.timestamp && typeof value === "string" ? toTime(value) : undefined;
  const test: Pred = (c) => {
    const v = get(c);
    if (isUnset(v) || Array.isArray(v)) return op === "!=";
    if (litTime !== undefined) {
      const t = toTime(v);
      return t === undefined ? op === "!=" : compare(t, op, litTime);
    }
    if (typeof v !== typeof value) return op === "!=";
    return compare(v as number | string | boolean, op, value);
  };
  return { test, deps: g.deps, nextChange: undefined };
}

// The last text lower-cased and its result: the text conditions of one event (several rules
// testing the same url) lower-case the same string in a row.
let lastText = "";
let lastLower = "";

function lower(s: string): string {
  if (s !== lastText) {
    lastText = s;
    lastLower = hasUpper(s) ? s.toLowerCase() : s;
  }
  return lastLower;
}

/** Could lower-casing change `s`? (ASCII capitals, or anything beyond ASCII.) Most urls: no copy. */
function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return true;
  }
  return false;
}

function compileText(ir: Ir, ref: Ref, fn: string, value: string): CompiledCond {
  const g = refGetter(ir, ref);
  const get = g.get;
  const needle = value.toLowerCase();
  let one: (s: string) => boolean;
  if (fn === "matches") {
    const m = compileMatcher(value);
    one = (s) => m.test(s);
  } else if (fn === "startswith") one = (s) => lower(s).startsWith(needle);
  else if (fn === "endswith") one = (s) => lower(s).endsWith(needle);
  else one = (s) => lower(s).includes(needle);
  // On a list, `contains` is membership; the other functions test each element.
  const member = fn === "contains";
  const test: Pred = (c) => {
    const v = get(c);
    if (typeof v === "string") return one(v);
    if (Array.isArray(v)) {
      for (const item of v) {
        if (typeof item !== "string") continue;
        if (member ? item.toLowerCase() === needle : one(item)) return true;
      }
    }
    return false;
  };
  return { test, deps: g.deps, nextChange: undefined };
}

function compileIn(ir: Ir, ref: Ref, values: Literal[]): CompiledCond {
  const g = refGetter(ir, ref);
  const get = g.get;
  const set = new Set<unknown>(values.filter((v) => !Array.isArray(v)));
  const test: Pred = (c) => {
    const v = get(c);
    if (Array.isArray(v)) return v.some((x) => set.has(x));
    return set.has(v);
  };
  return { test, deps: g.deps, nextChange: undefined };
}

function compileStage(ir: Ir, cond: Extract<Cond, { op: "stage" }>): CompiledCond {
  const { pipeline } = cond;
  const wanted = new Set(cond.stages);
  const def = ir.pipelines[pipeline];
  if (def?.scope === "account") {
    // The account's one stage as the input began: an account not seen yet is at the initial
    // stage; a contact without an account is at no stage.
    const initial = def.initial;
    return {
      test: (c) => c.accountStages !== undefined && wanted.has(c.accountStages[pipeline] ?? initial),
      deps: Dep.stages,
      nextChange: undefined,
    };
  }
  const key = cond.key;
  const anyKey = (c: EvalCtx): boolean => {
    const cells = c.st.stages[pipeline];
    for (const k in cells) if (wanted.has(cells[k]?.stage ?? "")) return true;
    return false;
  };
  let test: Pred;
  if (key === undefined) test = (c) => wanted.has(c.st.stages[pipeline]?.[""]?.stage ?? "");
  else if (key.key === "value") {
    const k = key.value;
    test = (c) => wanted.has(c.st.stages[pipeline]?.[k]?.stage ?? "");
  } else if (key.key === "any") test = anyKey;
  else test = (c) => (c.key === undefined ? anyKey(c) : wanted.has(c.st.stages[pipeline]?.[c.key]?.stage ?? ""));
  return { test, deps: Dep.stages, nextChange: undefined };
}

function compileHistory(cond: Extract<Cond, { op: "history" }>): CompiledCond {
  const gid = historyGroupId(cond);
  const within = cond.within === undefined ? undefined : cond.within * 1000;
  const sum = cond.agg === "sum";
  const op = cond.cmp;
  const value = cond.value;
  if (within === undefined) {
    return {
      test: (c) => {
        const w = c.st.history[gid];
        return compare((sum ? w?.sum : w?.count) ?? 0, op, value);
      },
      deps: Dep.history,
      nextChange: undefined,
    };
  }
  const test: Pred = (c) => {
    const w = c.st.history[gid];
    let acc = 0;
    const times = w?.times;
    if (times !== undefined) {
      const from = c.now - within;
      for (let i = times.length - 1; i >= 0; i--) {
        if ((times[i] ?? 0) <= from) break;
        acc += sum ? (w?.values?.[i] ?? 0) : 1;
      }
    }
    return compare(acc, op, value);
  };
  // Entries leave the window oldest first: the result can flip only when enough have left.
  const nextChange: NextChange = (c) => {
    const w = c.st.history[gid];
    const times = w?.times;
    if (times === undefined) return Infinity;
    const from = c.now - within;
    let first = 0;
    while (first < times.length && (times[first] ?? 0) <= from) first++;
    let acc = 0;
    for (let i = first; i < times.length; i++) acc += sum ? (w?.values?.[i] ?? 0) : 1;
    const now = compare(acc, op, value);
    for (let i = first; i < times.length; i++) {
      acc -= sum ? (w?.values?.[i] ?? 0) : 1;
      if (compare(acc, op, value) !== now) return (times[i] ?? 0) + within;
    }
    return Infinity;
  };
  return { test, deps: Dep.history | Dep.time, nextChange };
}

/** `before D ago`: ref <= now - D (true from ref + D on); `after D ago`: ref > now - D. */
function compileAgo(ir: Ir, cond: Extract<Cond, { op: "ago" }>): CompiledCond {
  const g = refGetter(ir, cond.ref);
  const get = g.get;
  const span = cond.seconds * 1000;
  const before = cond.dir === "before";
  const test: Pred = (c) => {
    const t = toTime(get(c));
    if (t === undefined) return false;
    return before ? t <= c.now - span : t > c.now - span;
  };
  const nextChange: NextChange = (c) => {
    const t = toTime(get(c));
    if (t === undefined) return Infinity;
    return t + span > c.now ? t + span : Infinity;
  };
  return { test, deps: g.deps | Dep.time, nextChange };
}

function combineNext(parts: CompiledCond[]): NextChange | undefined {
  const fns = parts.map((p) => p.nextChange).filter((f): f is NextChange => f !== undefined);
  if (fns.length === 0) return undefined;
  if (fns.length === 1) return fns[0];
  return (c) => {
    let best = Infinity;
    for (const f of fns) best = Math.min(best, f(c));
    return best;
  };
}

/** Compiles a condition against the workspace (field defaults and types come from `ir`). */
export function compileCond(ir: Ir, cond: Cond): CompiledCond {
  switch (cond.op) {
    case "and":
    case "or": {
      const parts = cond.args.map((a) => compileCond(ir, a));
      const tests = parts.map((p) => p.test);
      const deps = parts.reduce((d, p) => d | p.deps, 0);
      const isAnd = cond.op === "and";
      const test: Pred = isAnd
        ? (c) => {
            for (const t of tests) if (!t(c)) return false;
            return true;
          }
        : (c) => {
            for (const t of tests) if (t(c)) return true;
            return false;
          };
      return { test, deps, nextChange: combineNext(parts) };
    }
    case "not": {
      const inner = compileCond(ir, cond.arg);
      const t = inner.test;
      return { test: (c) => !t(c), deps: inner.deps, nextChange: inner.nextChange };
    }
    case "cmp":
      return compileCmp(ir, cond.ref, cond.cmp, cond.value);
    case "text":
      return compileText(ir, cond.ref, cond.fn, cond.value);
    case "in":
      return compileIn(ir, cond.ref, cond.values);
    case "set": {
      const g = refGetter(ir, cond.ref);
      const get = g.get;
      return { test: (c) => !isUnset(get(c)), deps: g.deps, nextChange: undefined };
    }
    case "true": {
      const g = refGetter(ir, cond.ref);
      const get = g.get;
      return { test: (c) => get(c) === true, deps: g.deps, nextChange: undefined };
    }
    case "tagged": {
      const tag = cond.tag;
      return { test: (c) => c.st.tags.includes(tag), deps: Dep.tags, nextChange: undefined };
    }
    case "segment": {
      const seg = cond.segment;
      return { test: (c) => c.st.segments.includes(seg), deps: Dep.segments, nextChange: undefined };
    }
    case "stage":
      return compileStage(ir, cond);
    case "history":
      return compileHistory(cond);
    case "ago":
      return compileAgo(ir, cond);
  }
}

