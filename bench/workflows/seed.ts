/**
 * Seeds a b2b database with many contacts fast: two template contacts are ingested through
 * the real `ingestBatch` (so every row is exactly what the engine and the store write), then
 * every contact-keyed table is cloned with one set-based `INSERT … SELECT generate_series`
 * per table. Cloned rows differ from their template only in the contact id, so they are
 * valid engine state for `runtime/store/contact-load.ts` by construction.
 *
 * The templates, with t0 = `now − 7 d − lead`:
 *   crossing — an MQL (VP at a mid-sized software company, demo request: engagement 60,
 *              fit 70) whose owner already said "good lead": its first decay tick (t0 + 7 d,
 *              60 → 50) crosses the MQL line, so it is due now and re-arms the threshold;
 *   quiet    — engagement 46 (webinar + pricing page), fit 40: its first tick (46 → 36) is
 *              due now as well but crosses nothing (next boundary, 0, is five ticks away).
 */
import type { Model } from "../../runtime/engine/index.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";

export const DAY = 86_400_000;
const CROSSING = "tmpl-crossing";
const QUIET = "tmpl-quiet";

/** Tables keyed by contact, and the column holding the id (order: parents first). */
const CLONED: readonly (readonly [string, string])[] = [
  ["contacts", "id"],
  ["scores", "contact"],
  ["stages", "contact"],
  ["segment_members", "contact"],
  ["threshold_state", "contact"],
  ["feedback_runs", "contact"],
  ["campaign_enrollments", "contact"],
  ["account_members", "contact"],
  ["ledger", "contact"],
  ["stage_history", "contact"],
  ["segment_history", "contact"],
  ["threshold_fires", "contact"],
];
/** Rows the templates left that must not be cloned nor kept (they would start workflows). */
const TEMPLATE_ONLY = ["outbox", "workflow_dispatch", "events"];

/** The templates' events, at `t0`. */
export function templateEvents(t0: number, crossing = CROSSING, quiet = QUIET): unknown[] {
  return [
    { id: `${crossing}-profile`, type: "contact.updated", contact: crossing, at: t0, props: { job_title: "VP Sales", company_size: 200, industry: "software", email: "lead@acme.example", owner: "owner@acme.example" } },
    { id: `${crossing}-demo`, type: "form.submitted", contact: crossing, at: t0 + 1, props: { form: "demo" } },
    { id: `${crossing}-good`, type: "feedback.given", contact: crossing, at: t0 + 2, props: { loop: "mql_quality", outcome: "good_lead" } },
    { id: `${quiet}-profile`, type: "contact.updated", contact: quiet, at: t0, props: { job_title: "Engineer", company_size: 200, industry: "software", email: "dev@acme.example" } },
    { id: `${quiet}-webinar`, type: "webinar.attended", contact: quiet, at: t0 + 1, props: { webinar: "launch" } },
    { id: `${quiet}-pricing`, type: "page.visited", contact: quiet, at: t0 + 2, props: { url: "https://acme.example/pricing" } },
  ];
}

/** The id of the n-th seeded contact (1-based). */
export const contactId = (n: number): string => `c${String(n).padStart(7, "0")}`;
/** Every `every`-th contact is a crossing one. */
export const isCrossing = (n: number, every: number): boolean => n % every === 0;

export interface SeedResult {
  t0: number;
  contacts: number;
  crossing: number;
  seedMs: number;
  /** Rows per cloned table. */
  rows: Record<string, number>;
}

async function columns(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/**
 * Ingests the templates at `t0` and clones them into `contacts` contacts, one crossing
 * contact in every `every`. The database must be migrated, with b2b active, and empty.
 */
export async function seedDecay(db: Db, model: Model, contacts: number, every: number, t0: number): Promise<SeedResult> {
  const started = performance.now();
  const r = await ingestBatch(db, templateEvents(t0), { model });
  if (!r.ok) throw new Error(`the template events were refused: ${JSON.stringify(r.errors)}`);
  const rows: Record<string, number> = {};
  for (const [table, col] of CLONED) {
    const cols = await columns(db, table);
    const select = cols.map((c) => (c === col ? `'c' || lpad(n::text, 7, '0')` : `t.${c}`)).join(", ");
    const res = await db.query<{ n: string }>(
      `WITH ins AS (
         INSERT INTO ${table} (${cols.join(", ")})
         SELECT ${select} FROM generate_series(1, $1::int) n
           JOIN ${table} t ON t.${col} = CASE WHEN n % $2::int = 0 THEN $3 ELSE $4 END
         ORDER BY n RETURNING 1)
       SELECT count(*)::text AS n FROM ins`,
      [contacts, every, CROSSING, QUIET],
    );
    rows[table] = Number(res[0]?.n ?? 0);
  }
  for (const table of TEMPLATE_ONLY) await db.query(`DELETE FROM ${table} WHERE contact IN ($1, $2)`, [CROSSING, QUIET]);
  for (const [table, col] of [...CLONED].reverse()) await db.query(`DELETE FROM ${table} WHERE ${col} IN ($1, $2)`, [CROSSING, QUIET]);
  await db.exec("VACUUM ANALYZE");
  return { t0, contacts, crossing: Math.floor(contacts / every), seedMs: performance.now() - started, rows };
}

/** The ir's hash as the store keeps it (for the naive floor's ledger rows). */
export async function activeHash(db: Db): Promise<string> {
  const [row] = await db.query<{ hash: string }>("SELECT hash FROM config_versions WHERE active");
  if (row === undefined) throw new Error("no active version");
  return row.hash;
}
