/**
 * Decay as a pure function of (stored value, value-as-of time, last increase, now): reads are
 * never stale, and the runtime only needs to wake a contact when the decayed value crosses a
 * boundary that matters (`nextTransitionAt`).
 *
 * Fixed step `decay N every D [after A inactive]`: ticks at `c + A + j·D` (j = 0, 1, …) when
 * `after` is given, else at `c + j·D` (j = 1, 2, …), where `c` is the last increase. Each tick
 * moves the value N toward the rest point (0, or the limit's bound nearest 0) and never across.
 *
 * Half-life `decay half-life H [after A inactive]`: `round2(v · 2^(-(now - from)/H))` where `v`
 * is the stored value and `from` the later of its as-of time and `c + A`; values are rounded
 * to 2 decimals (half away from zero) so that reads, SQL and ledger rows agree exactly.
 */
import type { Decay } from "../../schemas/ir.js";

/** The decay-relevant part of a score row. */
export interface DecayCell {
  value: number;
  asOf: number;
  increasedAt: number | null;
}

/** Rounds to 2 decimals, half away from zero (so -x rounds like x). */
export function round2(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return x < 0 ? -r : r;
}

/**
 * Nothing to decay: at the rest point, or between 0 and it (a suppressed score held at 0 under
 * `limit 10..` must not climb to 10).
 */
function atRest(v: number, rest: number): boolean {
  return v === rest || (rest > 0 && v >= 0 && v <= rest) || (rest < 0 && v <= 0 && v >= rest);
}

function firstTick(d: Extract<Decay, { model: "step" }>, clock: number): number {
  return clock + (d.after ?? d.every) * 1000;
}

/** Index of the first step tick strictly after `t` (ticks are first + j·every). */
function tickIndexAfter(first: number, everyMs: number, t: number): number {
  return t < first ? 0 : Math.floor((t - first) / everyMs) + 1;
}

function stepToward(v: number, rest: number, amount: number, ticks: number): number {
  if (ticks <= 0) return v;
  if (v > rest) return Math.max(rest, round2(v - amount * ticks));
  if (v < rest) return Math.min(rest, round2(v + amount * ticks));
  return v;
}

function halfLifeFrom(d: Extract<Decay, { model: "half-life" }>, cell: DecayCell): number {
  const clock = cell.increasedAt ?? cell.asOf;
  return Math.max(cell.asOf, clock + (d.after ?? 0) * 1000);
}

function halfLifeAt(d: Extract<Decay, { model: "half-life" }>, cell: DecayCell, now: number, rest: number): number {
  const from = halfLifeFrom(d, cell);
  if (now <= from || atRest(cell.value, rest)) return cell.value;
  const v = round2(rest + (cell.value - rest) * Math.pow(2, -(now - from) / (d.halfLife * 1000)));
  return v;
}

/**
 * The value of a cell at `now` (>= its as-of time). `rest` is where decay stops: 0, or the
 * score's limit bound nearest 0 when 0 lies outside the limit.
 */
export function decayedValue(decay: Decay | undefined, cell: DecayCell, now: number, rest = 0): number {
  if (decay === undefined || now <= cell.asOf || atRest(cell.value, rest)) return cell.value;
  if (decay.model === "half-life") return halfLifeAt(decay, cell, now, rest);
  const clock = cell.increasedAt ?? cell.asOf;
  const first = firstTick(decay, clock);
  const every = decay.every * 1000;
  const ticks = tickIndexAfter(first, every, now) - tickIndexAfter(first, every, cell.asOf);
  return stepToward(cell.value, rest, decay.amount, ticks);
}

/** One materialised decay step: the value after the tick and the tick's time. */
export interface DecayStep {
  at: number;
  value: number;
}

/**
 * The decay steps between the cell's as-of time (exclusive) and `now` (inclusive): one per
 * fixed-step tick that changed the value, or one at `now` for half-life. These become the
 * `decay` ledger rows, written with their tick times.
 */
export function decaySteps(decay: Decay | undefined, cell: DecayCell, now: number, rest = 0): DecayStep[] {
  if (decay === undefined || now <= cell.asOf || atRest(cell.value, rest)) return [];
  if (decay.model === "half-life") {
    const v = halfLifeAt(decay, cell, now, rest);
    return v === cell.value ? [] : [{ at: now, value: v }];
  }
  const clock = cell.increasedAt ?? cell.asOf;
  const first = firstTick(decay, clock);
  const every = decay.every * 1000;
  const out: DecayStep[] = [];
  let v = cell.value;
  const end = tickIndexAfter(first, every, now);
  for (let j = tickIndexAfter(first, every, cell.asOf); j < end && v !== rest; j++) {
    v = stepToward(v, rest, decay.amount, 1);
    out.push({ at: first + j * every, value: v });
  }
  return out;
}

/** The value after the last of `decaySteps` (undefined when there are none), without building them. */
export function decayStepsEnd(decay: Decay | undefined, cell: DecayCell, now: number, rest = 0): number | undefined {
  if (decay === undefined || now <= cell.asOf || atRest(cell.value, rest)) return undefined;
  if (decay.model === "half-life") {
    const v = halfLifeAt(decay, cell, now, rest);
    return v === cell.value ? undefined : v;
  }
  const first = firstTick(decay, cell.increasedAt ?? cell.asOf);
  const every = decay.every * 1000;
  let v = cell.value;
  let any = false;
  const end = tickIndexAfter(first, every, now);
  // Tick by tick, as decaySteps does: the same roundings give the same value.
  for (let j = tickIndexAfter(first, every, cell.asOf); j < end && v !== rest; j++) {
    v = stepToward(v, rest, decay.amount, 1);
    any = true;
  }
  return any ? v : undefined;
}

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/**
 * A number a score is compared with, and how: `>=`/`<` flip when the value drops below it,
 * `>`/`<=` when it reaches it, `==`/`!=` (or a plain number) on either.
 */
export interface ScoreBound {
  value: number;
  op: "==" | "!=" | "<" | "<=" | ">" | ">=";
}

function flips(bound: number | ScoreBound, from: number, to: number): boolean {
  const b = typeof bound === "number" ? bound : bound.value;
  const op = typeof bound === "number" ? "==" : bound.op;
  if (op === ">=" || op === "<") return from >= b !== to >= b;
  if (op === ">" || op === "<=") return from > b !== to > b;
  return sign(from - b) !== sign(to - b);
}

/**
 * The next time after \`now\` at which the decayed value crosses a boundary that matters:
 * a comparison with some bound changes (a threshold re-arms, a segment over the score
 * changes) or it reaches the rest point. Undefined when it never will.
 */
export function nextTransitionAt(
  decay: Decay | undefined,
  cell: DecayCell,
  bounds: readonly (number | ScoreBound)[],
  now: number,
  rest = 0,
): number | undefined {
  if (decay === undefined) return undefined;
  const v = decayedValue(decay, cell, now, rest);
  if (atRest(v, rest)) return undefined;
  const lo = Math.min(v, rest);
  const hi = Math.max(v, rest);

  if (decay.model === "step") {
    const clock = cell.increasedAt ?? cell.asOf;
    const first = firstTick(decay, clock);
    const every = decay.every * 1000;
    const next = tickIndexAfter(first, every, now);
    // The fewest ticks after which some comparison flips (the value moves monotonically):
    // the rest point, then every bound between the value and it.
    let k = stepFlip(rest, v, rest, decay.amount, Infinity);
    for (const b of bounds) {
      const x = typeof b === "number" ? b : b.value;
      if (x >= lo && x <= hi) k = stepFlip(b, v, rest, decay.amount, k);
    }
    return k === Infinity ? undefined : first + (next + k - 1) * every;
  }

  const relevant: (number | ScoreBound)[] = [rest];
  for (const b of bounds) {
    const x = typeof b === "number" ? b : b.value;
    if (x >= lo && x <= hi) relevant.push(b);
  }
  const changed = (x: number): boolean => relevant.some((b) => flips(b, v, x));

  // Half-life: the value is monotone in time, so binary search the first millisecond.
  const from = Math.max(now, halfLifeFrom(decay, cell));
  const ratio = Math.abs(cell.value - rest) / 0.004;
  let high = from + Math.ceil(decay.halfLife * 1000 * Math.log2(Math.max(ratio, 1))) + 1000;
  if (!changed(halfLifeAt(decay, cell, high, rest))) return undefined;
  let low = now;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (changed(halfLifeAt(decay, cell, mid, rest))) high = mid;
    else low = mid;
  }
  return high;
}

/** The fewer of `k` and the ticks after which the comparison with `b` flips (Infinity: never). */
function stepFlip(b: number | ScoreBound, v: number, rest: number, amount: number, k: number): number {
  const dist = Math.abs(v - (typeof b === "number" ? b : b.value));
  const need = Math.max(1, Math.ceil(dist / amount - 1e-9));
  // Reaching the bound may or may not flip it (`>=` vs `>`): one tick more always does.
  if (need < k && flips(b, v, stepToward(v, rest, amount, need))) return need;
  if (need + 1 < k && flips(b, v, stepToward(v, rest, amount, need + 1))) return need + 1;
  return k;
}
