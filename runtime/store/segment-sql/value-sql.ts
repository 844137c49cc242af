/**
 * What a reference reads, as SQL over the contact row `c`, in the engine's terms
 * (condition.ts `refGetter`): the predicate compiler then follows JavaScript's `typeof` on it.
 */
import type { Ir, Ref } from "../../../schemas/ir.js";
import { scoreValueSql } from "./decay-sql.js";
import { epochMsSql } from "./timestamp-sql.js";
import { unsupported, type SqlParams } from "./sql-params.js";

export type Val =
  /** A field: jsonb of any JSON type, SQL NULL when unset (the default already applied). */
  | { kind: "json"; sql: string; timestamp: boolean }
  /** A number (a score, created_at, last_active_at in ms): float8, NULL only when undecided. */
  | { kind: "number"; sql: string; timestamp: boolean }
  /** The contact id: text, never NULL. */
  | { kind: "text"; sql: string }
  /** An event prop outside an event's context: always missing. */
  | { kind: "missing" };

/**
 * The engine reads `fields[name]` from a plain object, where a name like `constructor` or
 * `toString` finds JavaScript's built-in member when the contact has no such field: a value
 * the database has no equivalent of.
 */
function builtinMember(name: string): boolean {
  return name in Object.prototype;
}

export function refSql(ir: Ir, ref: Ref, now: string, p: SqlParams): Val {
  switch (ref.ref) {
    case "field": {
      if (builtinMember(ref.name)) unsupported(`the field name "${ref.name}" is also a built-in name in JavaScript, where the engine reads it differently`);
      const def = ir.fields[ref.name];
      const stored = `NULLIF(c.fields -> ${p.add(ref.name, "text")}, 'null'::jsonb)`;
      const sql = def?.default === undefined ? stored : `COALESCE(${stored}, ${p.json(def.default)})`;
      return { kind: "json", sql, timestamp: def?.type === "timestamp" };
    }
    case "prop":
      return { kind: "missing" };
    case "score":
      return { kind: "number", sql: scoreValueSql(ir, ref.score, ref.key, now, p), timestamp: false };
    case "attr":
      if (ref.name === "id") return { kind: "text", sql: "c.id" };
      return { kind: "number", sql: epochMsSql(ref.name === "created_at" ? "c.created_at" : "c.last_active_at"), timestamp: true };
  }
}
