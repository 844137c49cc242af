/**
 * A condition as a SQL boolean over the contact row `c` at `now`: the engine's predicate
 * (runtime/engine/condition.ts) evaluated on the stored state with scores decayed to `now`,
 * as the engine sees it at an input at `now`. Segment references read the stored membership,
 * as the engine does.
 *
 * Three-valued logic is used on purpose: every leaf is TRUE or FALSE for every stored value
 * (a missing value gives what the engine gives, never NULL), and NULL means only "the database
 * cannot be sure" — then SQL's AND / OR / NOT propagate it exactly as far as it matters
 * (`FALSE AND NULL` is FALSE: the engine's answer does not depend on the undecided part).
 */
import type { Cond, Ir } from "../../../schemas/ir.js";
import { historyGroupId } from "../../engine/history.js";
import { agoSql, cmpSql, inSql, setSql, textSql, trueSql } from "./leaf-sql.js";
import { unsupported, type SqlParams } from "./sql-params.js";
import { epochMsSql } from "./timestamp-sql.js";

const OPS = { "==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=" } as const;

function historySql(cond: Extract<Cond, { op: "history" }>, now: string, p: SqlParams): string {
  const op = (OPS as Record<string, string | undefined>)[cond.cmp] ?? unsupported(`unknown comparison "${cond.cmp}"`);
  const w = `c.history -> ${p.add(historyGroupId(cond), "text")}`;
  const value = p.add(cond.value, "float8");
  const sum = cond.agg === "sum";
  if (cond.within === undefined) return `(COALESCE((${w} ->> '${sum ? "sum" : "count"}')::float8, 0::float8) ${op} ${value})`;
  // Events in (now - within, now]; the times are kept in order, so these are the latest ones.
  const from = `(${now} - ${p.add(cond.within * 1000, "float8")})`;
  if (!sum) return `((SELECT count(*) FROM jsonb_array_elements(${w} -> 'times') AS t WHERE (t)::float8 > ${from})::float8 ${op} ${value})`;
  // The engine adds from the latest back, in doubles: the same order gives the same bits.
  // A total beyond float8 would be an error in PostgreSQL and Infinity in JavaScript: undecided.
  const total =
    `(SELECT COALESCE(sum(COALESCE((${w} -> 'values' ->> (t.i - 1)::int)::float8, 0::float8) ORDER BY t.i DESC), 0::float8) ` +
    `FROM jsonb_array_elements(${w} -> 'times') WITH ORDINALITY AS t(x, i) WHERE (t.x)::float8 > ${from})`;
  return `(CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(${w} -> 'values') AS h WHERE abs((h)::float8) > 1e300::float8) THEN NULL ELSE ${total} ${op} ${value} END)`;
}

function stageSql(cond: Extract<Cond, { op: "stage" }>, p: SqlParams): string {
  // Without a context key (as in a segment), `context` reads every key, like `any`.
  const key = cond.key === undefined ? "" : cond.key.key === "value" ? cond.key.value : undefined;
  const keyFilter = key === undefined ? "" : ` AND s.key = ${p.add(key, "text")}`;
  return (
    `EXISTS (SELECT 1 FROM stages s WHERE s.contact = c.id AND s.pipeline = ${p.add(cond.pipeline, "text")}${keyFilter} ` +
    `AND s.stage IN (SELECT jsonb_array_elements_text(${p.json(cond.stages)})))`
  );
}

/** The SQL of `cond` at `nowMs` (bound as a parameter; a contact written later is read at its own time); throws `Unsupported` for a form it cannot express exactly. */
export function predicateSql(ir: Ir, cond: Cond, nowMs: number, p: SqlParams): string {
  // A contact's state never goes back in time: the engine reads a contact written after
  // `now` at its own latest time (apply.ts), and so does the SQL.
  const now = `GREATEST(${p.once("now", String(nowMs), "float8")}, ${epochMsSql("c.updated_at")})`;
  const walk = (c: Cond): string => {
    switch (c.op) {
      case "and":
      case "or":
        return `(${c.args.map(walk).join(c.op === "and" ? " AND " : " OR ")})`;
      case "not":
        return `(NOT ${walk(c.arg)})`;
      case "cmp":
        return cmpSql(ir, c, now, p);
      case "text":
        return textSql(ir, c, now, p);
      case "in":
        return inSql(ir, c, now, p);
      case "set":
        return setSql(ir, c, now, p);
      case "true":
        return trueSql(ir, c, now, p);
      case "tagged":
        return `(${p.add(c.tag, "text")} = ANY (c.tags))`;
      case "segment":
        return `EXISTS (SELECT 1 FROM segment_members m WHERE m.segment = ${p.add(c.segment, "text")} AND m.contact = c.id)`;
      case "stage":
        return stageSql(c, p);
      case "history":
        return historySql(c, now, p);
      case "ago":
        return agoSql(ir, c, now, p);
      default:
        return unsupported(`unknown condition form "${String((c as { op?: unknown }).op)}"`);
    }
  };
  return walk(cond);
}
