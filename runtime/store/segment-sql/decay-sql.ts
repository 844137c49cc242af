/**
 * A score's value at `$now` in SQL: the stored `value` (as of `as_of`) with decay applied the
 * way the engine materialises it at an input at `now` (runtime/engine/decay.ts), in the same
 * IEEE double operations, so the result is the engine's to the last bit:
 * - fixed step: the tick count `floor((t - first) / every) + 1`, `round2` written out as
 *   `Math.round` (ties up, not PostgreSQL's ties-to-even `round`). Exact only when the step
 *   and the limits are whole cents: then stepping tick by tick (what the engine writes) and
 *   all ticks at once (what this computes) give the same value; otherwise unsupported.
 * - half-life: `pow` is not correctly rounded, and JavaScript's and the C library's may differ
 *   in the last bit. The value is exact unless it lies within a hair of a rounding point of
 *   `round2`; there it is NULL (undecided: the engine decides).
 */
import type { Decay, Ir, Key, Score } from "../../../schemas/ir.js";
import { epochMsSql } from "./timestamp-sql.js";
import { unsupported, type SqlParams } from "./sql-params.js";

/** JavaScript's `Math.round` of a non-negative float8 expression. */
function mathRound(y: string): string {
  return `(floor(${y}) + CASE WHEN ${y} - floor(${y}) >= 0.5::float8 THEN 1::float8 ELSE 0::float8 END)`;
}

/** `round2` of decay.ts (2 decimals, half away from zero, nudged by 1e-9); `undecidedNearHalf` for half-life. */
function round2(x: string, undecidedNearHalf: boolean): string {
  const doubt = undecidedNearHalf ? `WHEN abs(q.y - floor(q.y) - 0.5::float8) <= q.y * 1e-12::float8 + 1e-12::float8 THEN NULL ` : "";
  return (
    `(SELECT CASE ${doubt}WHEN q.x < 0 THEN -(${mathRound("q.y")} / 100::float8) ELSE ${mathRound("q.y")} / 100::float8 END ` +
    `FROM (SELECT ${x} AS x, abs(${x}) * 100::float8 + 1e-9::float8 AS y) AS q)`
  );
}

function isCents(x: number): boolean {
  return Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
}

/** Where decay stops: 0 clamped into the limit (model.ts). */
function restOf(def: Score | undefined): number {
  const min = def?.limit?.min ?? -Infinity;
  const max = def?.limit?.max ?? Infinity;
  return Math.min(max, Math.max(min, 0));
}

/** decay.ts `atRest` for a constant rest point. */
function atRest(v: string, rest: number, r: string): string {
  if (rest === 0) return `${v} = 0`;
  return rest > 0 ? `(${v} >= 0 AND ${v} <= ${r})` : `(${v} <= 0 AND ${v} >= ${r})`;
}

/**
 * The decayed value of one row `d` (columns v = value, a = as-of ms, k = decay clock ms) at
 * `now` (a float8 parameter), or NULL when undecided.
 */
function decayedSql(decay: Decay | undefined, def: Score | undefined, now: string, p: SqlParams): string {
  if (decay === undefined) return "d.v";
  const rest = restOf(def);
  const r = p.add(rest, "float8");
  if (decay.model === "step") {
    const bounds = [decay.amount, def?.limit?.min ?? 0, def?.limit?.max ?? 0].filter((x) => Number.isFinite(x));
    if (!bounds.every(isCents)) {
      unsupported("the decay step or the score's limits are not whole cents, so the value depends on how often the contact was written");
    }
    const first = `(d.k + ${p.add((decay.after ?? decay.every) * 1000, "float8")})`;
    const every = p.add(decay.every * 1000, "float8");
    const index = (t: string): string => `(CASE WHEN ${t} < ${first} THEN 0::float8 ELSE floor((${t} - ${first}) / ${every}) + 1 END)`;
    const amount = p.add(decay.amount, "float8");
    const toward =
      `(SELECT CASE WHEN t.n <= 0 THEN d.v ` +
      `WHEN d.v > ${r} THEN GREATEST(${r}, ${round2(`d.v - ${amount} * t.n`, false)}) ` +
      `WHEN d.v < ${r} THEN LEAST(${r}, ${round2(`d.v + ${amount} * t.n`, false)}) ELSE d.v END ` +
      `FROM (SELECT ${index(now)} - ${index("d.a")} AS n) AS t)`;
    return `(CASE WHEN ${now} <= d.a OR ${atRest("d.v", rest, r)} THEN d.v ELSE ${toward} END)`;
  }
  const from = `GREATEST(d.a, d.k + ${p.add((decay.after ?? 0) * 1000, "float8")})`;
  const halfLife = p.add(decay.halfLife * 1000, "float8");
  // Past ~1000 half-lives the power is below 2^-1000: the value is the rest point rounded
  // (and PostgreSQL would raise an underflow error computing it).
  const value =
    `(SELECT CASE WHEN h.e > 1000 THEN ${round2(r, true)} ` +
    `ELSE ${round2(`${r} + (d.v - ${r}) * power(2::float8, -h.e)`, true)} END ` +
    `FROM (SELECT (${now} - ${from}) / ${halfLife} AS e) AS h)`;
  return `(CASE WHEN ${now} <= ${from} OR ${atRest("d.v", rest, r)} THEN d.v ELSE ${value} END)`;
}

/** The rows of one score of contact `c`, with the columns `decayedSql` reads. */
function rowsSql(score: string, key: string | undefined, p: SqlParams): string {
  const keyFilter = key === undefined ? "" : ` AND s.key = ${p.add(key, "text")}`;
  return (
    `SELECT s.value AS v, ${epochMsSql("s.as_of")} AS a, ${epochMsSql("COALESCE(s.increased_at, s.as_of)")} AS k ` +
    `FROM scores s WHERE s.contact = c.id AND s.score = ${p.add(score, "text")}${keyFilter}`
  );
}

/**
 * A contact score read by a condition (condition.ts `scoreReader`) at `now`: one key (0 when
 * the contact has no value under it) or the largest over keys (`any`, and `context`, which
 * outside a per-dimension rule or threshold means `any`; 0 when there is none). float8, NULL
 * when undecided.
 */
export function scoreValueSql(ir: Ir, score: string, key: Key | undefined, now: string, p: SqlParams): string {
  const def = ir.scores[score];
  if (def?.scope === "account") unsupported(`"${score}" is an account score: its value depends on the other members of the account`);
  const decay = def === undefined || def.kind === "fit" ? undefined : def.decay;
  if (key === undefined || key.key === "value") {
    const rows = rowsSql(score, key === undefined ? "" : key.value, p);
    return `(SELECT CASE WHEN d.v IS NULL THEN 0::float8 ELSE ${decayedSql(decay, def, now, p)} END FROM (SELECT 1) AS one LEFT JOIN LATERAL (${rows}) AS d ON true)`;
  }
  const rows = rowsSql(score, undefined, p);
  return (
    `(SELECT CASE WHEN count(*) = 0 THEN 0::float8 WHEN bool_or(x.val IS NULL) THEN NULL ELSE max(x.val) END ` +
    `FROM (SELECT ${decayedSql(decay, def, now, p)} AS val FROM (${rows}) AS d) AS x)`
  );
}

/** Whether the score's value changes with time alone (a decaying contact score, or an account score over one). */
export function scoreDecays(ir: Ir, score: string): boolean {
  const def = ir.scores[score];
  if (def === undefined) return false;
  if (def.scope === "account") return def.from !== undefined && scoreDecays(ir, def.from.score);
  return def.kind !== "fit" && def.decay !== undefined;
}
