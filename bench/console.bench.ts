/**
 * The console's data at scale: a throwaway PostgreSQL (durable commits) seeded with
 * 1,000,000 b2b contacts and 10,000,000 ledger rows by set-based `INSERT … SELECT
 * generate_series` (workflows/seed.ts clones two ingested contacts; the ledger is then
 * multiplied with older copies, and every history's times are spread over a year so a
 * period holds a realistic share of it). Each page's data is fetched through the API
 * (`app.inject`: routing, queries, JSON) and timed: the p95 over the runs is the server time.
 * Targets: every page ≤ 300 ms, the contact page ≤ 50 ms.
 *
 *   tsx bench/console.bench.ts [--contacts 1000000] [--runs 30] [--database-url URL (already seeded: no seeding)]
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildApi } from "../runtime/api/server.js";
import { CONSOLE_SNAPSHOT_MS } from "../runtime/console/console-env.js";
import { compileModel, type Model } from "../runtime/engine/index.js";
import type { Db } from "../runtime/store/db.js";
import { openPostgres } from "../runtime/store/index.js";
import { atMost, emptyResult, fmt, type BenchResult } from "./measure.js";
import { formatReport } from "./report.js";
import { compileExample, startB2bDatabase } from "./workflows/env.js";
import { contactId, DAY, seedDecay } from "./workflows/seed.js";

export interface ConsoleBenchOptions {
  contacts: number;
  /** An already seeded database (seeding a million contacts takes minutes): skips seeding. */
  databaseUrl?: string;
  /** Ledger rows per contact after multiplying (the seed writes about 5). */
  ledgerPerContact: number;
  runs: number;
  log: (line: string) => void;
}

export const FULL: Omit<ConsoleBenchOptions, "log"> = { contacts: 1_000_000, ledgerPerContact: 10, runs: 30 };

const TOKEN = "console-bench-token-0123456789";

function p95(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? Number.NaN;
}

/** Seeds `contacts` contacts and about `ledgerPerContact` ledger rows each (see the file's comment). */
async function seed(db: Db, model: Model, opts: ConsoleBenchOptions, now: number, result: BenchResult): Promise<void> {
  opts.log(`seeding ${opts.contacts.toLocaleString("en")} contacts`);
  const seeded = await seedDecay(db, model, opts.contacts, 10, now - 7 * DAY - 3_600_000);
  // A year of history: each contact's rows move back by a day count taken from its id.
  const shift = "((substr(contact, 2)::int % 365) * interval '1 day')";
  for (const table of ["ledger", "stage_history", "segment_history", "threshold_fires"]) await db.exec(`UPDATE ${table} SET at = at - ${shift}`);
  const base = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM ledger");
  const have = Number(base[0]?.n ?? 0);
  // Older copies of the seeded rows (each 400 days further back), the last one partial.
  const want = opts.contacts * opts.ledgerPerContact;
  const cols = "contact, score, key, delta, value, reason, event_id, config_hash";
  for (let i = 1, total = have; total < want && have > 0; i++) {
    const rows = Math.min(have, want - total);
    opts.log(`ledger: ${rows.toLocaleString("en")} more rows`);
    await db.exec(`INSERT INTO ledger (${cols}, at) SELECT ${cols}, at - interval '${i * 400} days' FROM ledger WHERE at > now() - interval '400 days' ORDER BY seq LIMIT ${rows}`);
    total += rows;
  }
  await db.exec("VACUUM ANALYZE");
  result.metrics.push({ name: "seeding (clone step)", value: seeded.seedMs / 1000, unit: "s" });
}

export async function runConsoleBench(opts: ConsoleBenchOptions): Promise<BenchResult> {
  const result = emptyResult("console");
  const model = compileModel(compileExample("b2b"));
  const env = opts.databaseUrl === undefined ? await startB2bDatabase() : undefined;
  const db = env?.db ?? openPostgres(opts.databaseUrl ?? "", { max: 10 });
  try {
    const now = Date.now();
    if (env !== undefined) await seed(db, model, opts, now, result);
    const [counts] = await db.query<{ contacts: string; ledger: string }>("SELECT (SELECT count(*) FROM contacts)::text AS contacts, (SELECT count(*) FROM ledger)::text AS ledger");
    const contacts = Number(counts?.contacts ?? 0);
    result.metrics.push({ name: "contacts", value: contacts, unit: "" }, { name: "ledger rows", value: Number(counts?.ledger ?? 0), unit: "" });
    const pick = (i: number): string => contactId(1 + (((i + 3) * 7919) % Math.max(1, contacts)));
    const pages: [string, (i: number) => string, number][] = [
      ["funnel", () => "/api/console/funnel?since=30d", 300],
      ["scores", () => "/api/console/scores?since=12w", 300],
      ["feedback", () => "/reports/feedback?by=month", 300],
      ["versions", () => "/api/console/versions", 300],
      ["contact search", (i) => `/api/console/contacts?q=${pick(i).slice(0, 6)}`, 300],
      ["contact search by email", () => "/api/console/contacts?q=lead%40acme", 300],
      ["contact page", (i) => `/api/console/contacts/${pick(i)}`, 50],
    ];
    // Computed: every request runs its queries. Served: as `serve` runs, slow aggregates from
    // snapshots at most CONSOLE_SNAPSHOT_MS old (refreshed in the background).
    for (const [mode, snapshotMs] of [["computed", 0], ["served", CONSOLE_SNAPSHOT_MS]] as const) {
      const app = await buildApi({ db, token: TOKEN, now: () => now, consoleSnapshotMs: snapshotMs });
      const headers = { authorization: `Bearer ${TOKEN}` };
      for (const [name, url, target] of pages) {
        const times: number[] = [];
        for (let i = -2; i < opts.runs; i++) {
          const t0 = performance.now();
          const res = await app.inject({ method: "GET", url: url(i), headers });
          const ms = performance.now() - t0;
          if (res.statusCode !== 200) throw new Error(`${name}: ${url(i)} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
          if (i >= 0) times.push(ms);
        }
        const p = p95(times);
        opts.log(`${mode} ${name}: p95 ${fmt(p)} ms`);
        result.metrics.push({ name: `${name} p95 (${mode})`, value: p, unit: "ms" });
        if (mode === "served") result.targets.push(atMost(`${name} p95`, p, target, " ms"));
      }
      await app.close();
    }
  } finally {
    if (env !== undefined) await env.stop();
    else await db.close();
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { contacts: { type: "string" }, runs: { type: "string" }, "database-url": { type: "string" } } });
  const res = await runConsoleBench({
    ...FULL,
    ...(values["database-url"] === undefined ? {} : { databaseUrl: values["database-url"] }),
    contacts: values.contacts === undefined ? FULL.contacts : Number(values.contacts),
    runs: values.runs === undefined ? FULL.runs : Number(values.runs),
    log: (line) => void process.stderr.write(`[console] ${line}\n`),
  });
  process.stdout.write(`${formatReport([res])}\n`);
}
