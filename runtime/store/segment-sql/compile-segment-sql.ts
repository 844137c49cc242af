/**
 * `compileSegmentSql`: a segment's condition as one parameterised SELECT over the contacts,
 * for set-based work (refreshing time-relative segments, counting a segment's size).
 */
import type { Cond, Ir } from "../../../schemas/ir.js";
import { scoreDecays } from "./decay-sql.js";
import { predicateSql } from "./predicate-sql.js";
import { SqlParams, Unsupported } from "./sql-params.js";

/**
 * The compiled statement, or why the database cannot compute the condition exactly (then the
 * engine decides for that segment). The statement returns `(id text, member boolean)` for
 * every live contact (created, not deleted) whose membership at `now` is true — `member` TRUE —
 * or undecided — `member` NULL: the stored state holds something only the engine can judge
 * (a time written without an offset, a text with `Σ` against a Greek needle, a half-life value
 * on a rounding edge).
 */
export type SegmentSql = { sql: string; params: unknown[] } | { unsupported: string };

const LIVE = "c.created_at IS NOT NULL AND c.deleted_at IS NULL";

/** Runs `build` with fresh parameters, turning `Unsupported` into its answer. */
export function withParams(build: (p: SqlParams) => string): SegmentSql {
  const p = new SqlParams();
  try {
    return p.finish(build(p));
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.message };
    throw error;
  }
}

/** The SELECT of `cond` at `now` (epoch ms); see `SegmentSql`. */
export function compileConditionSql(ir: Ir, cond: Cond, now: number): SegmentSql {
  return withParams((p) => {
    const pred = predicateSql(ir, cond, now, p);
    return `SELECT c.id, m.member FROM contacts c CROSS JOIN LATERAL (SELECT ${pred} AS member) AS m WHERE ${LIVE} AND m.member IS NOT FALSE`;
  });
}

/**
 * The SELECT of segment `segment` of `ir` at `now`. A static segment is its stored members;
 * an unknown name is unsupported (with the names there are).
 */
export function compileSegmentSql(ir: Ir, segment: string, now: number): SegmentSql {
  const def = Object.hasOwn(ir.segments, segment) ? ir.segments[segment] : undefined;
  if (def === undefined) return { unsupported: `there is no segment "${segment}"; segments: ${Object.keys(ir.segments).sort().join(", ")}` };
  if (def.kind === "static") {
    return withParams(
      (p) => `SELECT c.id, TRUE AS member FROM contacts c JOIN segment_members s ON s.contact = c.id AND s.segment = ${p.add(segment, "text")} WHERE ${LIVE}`,
    );
  }
  return compileConditionSql(ir, def.when, now);
}

/**
 * Whether the condition's value can change with time alone: an event window (`within`), a
 * time relative to now (`ago`), or a decaying score. References to other segments do not
 * count: when a segment they read changes, the engine re-evaluates them with it.
 */
export function isTimeRelative(ir: Ir, cond: Cond): boolean {
  switch (cond.op) {
    case "and":
    case "or":
      return cond.args.some((a) => isTimeRelative(ir, a));
    case "not":
      return isTimeRelative(ir, cond.arg);
    case "history":
      return cond.within !== undefined;
    case "ago":
      return true;
    case "cmp":
    case "text":
    case "in":
    case "set":
    case "true":
      return cond.ref.ref === "score" && scoreDecays(ir, cond.ref.score);
    default:
      return false;
  }
}

/** The dynamic segments whose membership can change with time alone, sorted by name. */
export function timeRelativeSegments(ir: Ir): string[] {
  return Object.keys(ir.segments)
    .sort()
    .filter((name) => {
      const s = ir.segments[name];
      return s?.kind === "dynamic" && isTimeRelative(ir, s.when);
    });
}
