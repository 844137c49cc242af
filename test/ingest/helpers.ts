import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkspace } from "../../dsl/index.js";
import type { CompiledIr } from "../../schemas/ir.js";
import type { Db } from "../../runtime/store/db.js";

/** Compiles a one-file DSL workspace; throws with the diagnostics when it does not compile. */
export function compileDsl(text: string): CompiledIr {
  const r = compileWorkspace([{ path: "workspace.funnel", text }]);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  return r.value.ir;
}

/** Compiles one of `examples/`. */
export function compileExample(name: string): CompiledIr {
  const dir = join(import.meta.dirname, "../../examples", name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel") || f.endsWith(".funnel.yaml"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.value.ir;
}

/** Empties every table ingest writes, between tests sharing one migrated database. */
export async function truncateState(db: Db): Promise<void> {
  await db.exec(
    `TRUNCATE events, outbox, ledger, stage_history, segment_history, threshold_fires, scores, stages, segment_members,
       threshold_state, feedback_runs, campaign_enrollments, account_members, contacts`,
  );
}

/** How many rows `table` has (a fixed list of names, never input). */
export async function countRows(db: Db, table: "events" | "ledger" | "outbox" | "contacts" | "scores" | "stage_history"): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
}

/** Each contact's ledger sum per (score, key) next to the stored value. */
export async function ledgerVsScores(db: Db): Promise<{ contact: string; score: string; key: string; value: number; sum: number }[]> {
  return db.query(
    `SELECT s.contact, s.score, s.key, s.value, coalesce(l.sum, 0)::float8 AS sum
       FROM scores s
       LEFT JOIN (SELECT contact, score, key, sum(delta) AS sum FROM ledger GROUP BY contact, score, key) l
         ON l.contact = s.contact AND l.score = s.score AND l.key = s.key
      ORDER BY s.contact, s.score, s.key`,
  );
}
