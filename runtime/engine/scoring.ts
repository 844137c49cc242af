/**
 * Score changes: point rules, fit rules, limits, decay materialisation and suppression.
 * Every change is a ledger row, so a contact's ledger always sums to its scores.
 */
import type { Dimension } from "../../schemas/ir.js";
import { Dep } from "./condition.js";
import { decayedValue, decaySteps, decayStepsEnd, round2 } from "./decay.js";
import type { Model, RuleModel, ScoreModel } from "./model.js";
import type { ScoreCell } from "./types.js";
import { shiftAppend } from "./history.js";

type FitModel = Model["fitScores"][number];
import { clamp, getCell, isSuppressed, ledger, Quiet, touched, wants, type Run } from "./run.js";

export interface PointApp {
  points: number;
  reason: string;
}

/**
 * Applies all the points one input gives one cell, then clamps ONCE (its own `limit` row).
 * The decay clock restarts when a change moves the value away from 0 (an increase of a
 * positive score, a decrease of a negative one), even if the limit absorbs it.
 */
export function applyPoints(run: Run, sm: ScoreModel, key: string, apps: readonly PointApp[], n = apps.length): void {
  const cell = getCell(run, sm.name, key);
  if (isSuppressed(run, sm)) {
    for (let i = 0; i < n; i++) ledger(run, sm.name, key, 0, cell.value, (apps[i] as PointApp).reason);
    return;
  }
  let raw = cell.value;
  let restart = false;
  for (let i = 0; i < n; i++) {
    const a = apps[i] as PointApp;
    raw = round2(raw + a.points);
    ledger(run, sm.name, key, a.points, raw, a.reason);
    if ((a.points > 0 && raw > 0) || (a.points < 0 && raw < 0)) restart = true;
  }
  const v = clamp(sm, raw);
  if (v !== raw) ledger(run, sm.name, key, v - raw, v, "limit");
  if (restart) cell.increasedAt = run.now;
  // A restarted decay clock moves the next decay transition even when the value is unchanged.
  if (v !== cell.value || restart) run.dirty |= Dep.scores;
  cell.value = v;
  cell.asOf = run.now;
}

/** Writes the decay ticks due since each cell's as-of time, with their tick times. */
export function materialiseDecay(run: Run): void {
  for (const sm of run.model.contactScores) {
    if (sm.decay === undefined) continue;
    const cells = run.st.scores[sm.name];
    if (cells === undefined) continue;
    for (const key in cells) {
      const cell = cells[key];
      // Fast path (no allocation): nothing due since the last write.
      if (cell === undefined || decayedValue(sm.decay, cell, run.now, sm.rest) === cell.value) continue;
      if (!wants(run, Quiet.ledger)) {
        const end = decayStepsEnd(sm.decay, cell, run.now, sm.rest);
        if (end === undefined) continue;
        cell.value = end;
        cell.asOf = run.now;
        run.dirty |= Dep.scores;
        continue;
      }
      const steps = decaySteps(sm.decay, cell, run.now, sm.rest);
      if (steps.length === 0) continue;
      let prev = cell.value;
      for (const s of steps) {
        run.effects.push({
          type: "ledger",
          contact: run.st.id,
          score: sm.name,
          key,
          delta: round2(s.value - prev),
          value: s.value,
          reason: "decay",
          event: null,
          hash: run.model.hash,
          at: s.at,
        });
        prev = s.value;
      }
      cell.value = prev;
      cell.asOf = run.now;
      run.dirty |= Dep.scores;
    }
  }
}

/** The keys an event's points go under for a per-dimension score. */
const NO_KEY: readonly string[] = [""];

export function dimensionKeys(run: Run, per: Dimension | undefined, props: Record<string, unknown>): readonly string[] {
  if (per === undefined) return NO_KEY;
  if (per.by === "prop") {
    const v = props[per.prop];
    return typeof v === "string" && v !== "" ? [v] : typeof v === "number" ? [String(v)] : [];
  }
  if (per.by === "stage") {
    const stage = run.st.stages[per.pipeline]?.[""]?.stage;
    return stage === undefined ? [] : [stage];
  }
  return per.tags.filter((t) => run.st.tags.includes(t));
}

function ruleAllowed(run: Run, rule: RuleModel): boolean {
  if (!rule.once && rule.atMost === undefined) return true;
  const counter = run.st.rules[rule.name];
  if (rule.once) return counter?.once !== true;
  const lim = rule.atMost;
  if (lim === undefined || counter?.times === undefined) return true;
  const from = run.now - lim.perMs;
  let n = 0;
  for (const t of counter.times) if (t > from) n++;
  return n < lim.count;
}

function countRule(run: Run, rule: RuleModel): void {
  if (!rule.once && rule.atMost === undefined) return;
  const counter = run.st.rules[rule.name];
  if (counter === undefined) {
    // Literals of exactly the fields used: an empty `{}` keeps room for four.
    run.st.rules[rule.name] = rule.atMost === undefined ? { once: true } : rule.once ? { once: true, times: [run.now] } : { times: [run.now] };
    return;
  }
  if (rule.once) counter.once = true;
  if (rule.atMost !== undefined) {
    const old = counter.times;
    const len = old === undefined ? 0 : old.length;
    // Only the last K applications within D can matter for "at most K per D" (the new one,
    // at now, always does).
    let drop = Math.max(0, len + 1 - rule.atMost.count);
    const from = run.now - rule.atMost.perMs;
    if (old !== undefined) while (drop < len && (old[drop] ?? 0) <= from) drop++;
    counter.times = shiftAppend(old, drop, run.now);
  }
}

interface CellApps {
  sm: ScoreModel;
  key: string;
  /** The first `n` are this input's (the array is reused: emptying it would free its storage). */
  apps: PointApp[];
  n: number;
}

// Scratch space of applyEventRules, reused across events (it never runs nested).
const pool: CellApps[] = [];

/** Applies every matching point rule of the event (all apply; order does not matter). */
export function applyEventRules(run: Run, type: string, props: Record<string, unknown>): void {
  const rules = run.model.rulesByEvent.get(type);
  if (rules === undefined) return;
  let used = 0;
  for (const rule of rules) {
    const sm = rule.sm;
    if (sm === undefined) continue;
    const keys = dimensionKeys(run, rule.per, props);
    if (keys.length === 0) continue;
    // `allowed` is a pure function of the rule's counter: asked once, and only when some key
    // matches (most rules of an event type do not, and their counters need not be read).
    let allowed: boolean | undefined;
    let matched = false;
    for (const key of keys) {
      run.ec.props = props;
      run.ec.key = rule.per === undefined ? undefined : key;
      if (rule.if !== undefined && !rule.if(run.ec)) continue;
      allowed ??= ruleAllowed(run, rule);
      if (!allowed) break;
      matched = true;
      let entry: CellApps | undefined;
      for (let i = 0; i < used; i++) {
        const c = pool[i];
        if (c !== undefined && c.sm === sm && c.key === key) entry = c;
      }
      if (entry === undefined) {
        entry = pool[used];
        if (entry === undefined) pool.push((entry = { sm, key, apps: [], n: 0 }));
        else {
          entry.sm = sm;
          entry.key = key;
          entry.n = 0;
        }
        used++;
      }
      // A rule is its own point application ({ points, reason }): nothing to allocate.
      entry.apps[entry.n++] = rule;
    }
    if (matched) countRule(run, rule);
  }
  run.ec.props = undefined;
  run.ec.key = undefined;
  for (let i = 0; i < used; i++) {
    const c = pool[i];
    if (c !== undefined) applyPoints(run, c.sm, c.key, c.apps, c.n);
  }
}

const NONE: readonly string[] = Object.freeze([]);

/** Recomputes fit scores whose rules read something that changed (or that must be rebuilt). */
export function recomputeFit(run: Run): void {
  for (const fit of run.model.fitScores) {
    const sm = fit.sm;
    if (sm === undefined || isSuppressed(run, sm)) continue;
    const cell = getCell(run, fit.score, "");
    if (cell.matched !== undefined && !touched(run, fit.deps)) continue;
    const before = cell.matched ?? NONE;
    // Most recomputes (every timer re-reads everything) match what is counted already:
    // compared rule by rule before a list is built.
    let same = cell.matched !== undefined;
    let n = 0;
    for (const r of fit.rules) {
      if (!r.when.test(run.ec)) continue;
      if (same && before[n] !== r.name) same = false;
      n++;
    }
    if (same && n === before.length) continue;
    const now: string[] = [];
    for (const r of fit.rules) if (r.when.test(run.ec)) now.push(r.name);
    settleFit(run, fit, sm, cell, cell.value, before, now);
  }
}

/**
 * Moves a fit score's cell from the rules counted in `raw` to the rules matching `now`: one
 * ledger row per rule that starts or stops counting, then a `limit` row if the limit clamps.
 * Shared by `recomputeFit` and a new version's adoption, so the ledger reads the same.
 */
export function settleFit(run: Run, fit: FitModel, sm: ScoreModel, cell: ScoreCell, raw: number, counted: readonly string[], now: string[]): void {
  let sum = 0;
  for (const r of fit.rules) {
    const is = now.includes(r.name);
    if (is) sum += r.points;
    if (counted.includes(r.name) === is) continue;
    const delta = is ? r.points : -r.points;
    raw = round2(raw + delta);
    ledger(run, fit.score, "", delta, raw, `rule:${r.name}`);
  }
  const v = clamp(sm, round2(sum));
  if (v !== raw) ledger(run, fit.score, "", v - raw, v, "limit");
  if (v !== cell.value) run.dirty |= Dep.scores;
  cell.value = v;
  cell.asOf = run.now;
  cell.matched = internNames(now);
}

// Lists of matched fit rules, one shared frozen copy per distinct list: contacts mostly match
// one of a few combinations. Bounded, for configs with many fit rules.
const interned = new Map<string, string[]>();

function internNames(names: string[]): string[] {
  if (names.length === 0) return EMPTY_NAMES;
  const key = names.join("\u0000");
  let shared = interned.get(key);
  if (shared === undefined) {
    shared = Object.freeze(names.slice()) as string[];
    if (interned.size < 10_000) interned.set(key, shared);
  }
  return shared;
}

const EMPTY_NAMES = Object.freeze([]) as unknown as string[];

/** Entering a suppression segment resets its scores to 0 (reason `suppression`). */
export function enterSuppression(run: Run, segment: string): void {
  for (const score of run.model.suppressions.get(segment) ?? []) {
    const sm = run.model.scores.get(score);
    if (sm === undefined) continue;
    if (sm.suppressedBy.some((s) => s !== segment && run.st.segments.includes(s))) continue;
    const cells = run.st.scores[score] ?? {};
    for (const key in cells) {
      const cell = cells[key];
      if (cell === undefined) continue;
      if (cell.value !== 0) {
        ledger(run, score, key, -cell.value, 0, "suppression");
        run.dirty |= Dep.scores;
      }
      cell.value = 0;
      cell.asOf = run.now;
      if (sm.def.kind === "fit") cell.matched = [];
    }
  }
}

/** Leaving it, scoring resumes from 0; fit scores are rebuilt from the fields. */
export function leaveSuppression(run: Run, segment: string): void {
  for (const score of run.model.suppressions.get(segment) ?? []) {
    const sm = run.model.scores.get(score);
    if (sm === undefined || sm.def.kind !== "fit" || isSuppressed(run, sm)) continue;
    const cell = run.st.scores[score]?.[""];
    if (cell !== undefined) delete cell.matched;
  }
}
