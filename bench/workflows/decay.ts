/**
 * Part 1 of the workflow benchmark: the decay sweep. `contacts` b2b contacts whose decay tick
 * is due, one in `every` crossing the MQL line (60 → 50, the threshold re-arms), processed by
 * the real `decayLoop` workflow and its `decaySweep` activity on the Temporal dev server;
 * against the naive floor, one bare SQL statement that writes every due tick and its ledger
 * row (run in a transaction that is rolled back, after the sweep).
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Worker } from "@temporalio/worker";
import { simulate } from "../../runtime/engine/index.js";
import { createActivities } from "../../runtime/temporal/activities/index.js";
import { workflowsPath } from "../../runtime/temporal/workflows-path.js";
import { decayLoopId } from "../../workflows/names.js";
import { serverCpuMs, timedDb, type QueryStats } from "../ingest-timing.js";
import { loadAverage, startB2bDatabase, startDevServer } from "./env.js";
import { activeHash, contactId, DAY, isCrossing, seedDecay, templateEvents } from "./seed.js";

export interface DecayOptions {
  contacts: number;
  every: number;
  /** Give up waiting for the sweep after this long (ms). */
  timeoutMs: number;
  chunk?: number;
  log: (line: string) => void;
}

export interface DecayReport {
  contacts: number;
  crossing: number;
  seedMs: number;
  /** Workflow start → every crossing contact swept (null: timed out). */
  sweepMs: number | null;
  processed: number;
  sweepWorkerCpuMs: number;
  sweepServerCpuMs: number;
  floorMs: number;
  floorRows: number;
  /** The slowest statements of the sweep (by total wall time). */
  statements: { sql: string; n: number; ms: number }[];
  /** Mismatches between sampled contacts and `simulate` (empty: equal). */
  mismatches: string[];
  load: { before: string; after: string };
}

const iso = (ms: number): string => new Date(ms).toISOString();

async function processedSoFar(db: { query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> }): Promise<number> {
  const [row] = await db.query<{ n: string | null }>("SELECT sum((result ->> 'processed')::int)::text AS n FROM sweep_runs");
  return Number(row?.n ?? 0);
}

export async function runDecay(opts: DecayOptions): Promise<DecayReport> {
  const loadBefore = loadAverage();
  const base = await startB2bDatabase();
  const { db, pg, ir, model } = base;
  const env = await startDevServer(opts.log);
  try {
    // Everything due two minutes ago, so seeding time does not matter; the quiet contacts'
    // next timer (a re-check at t0 + 21 d) is far ahead.
    const t0 = Date.now() - 7 * DAY - 120_000;
    opts.log(`seeding ${opts.contacts} contacts…`);
    const seed = await seedDecay(db, model, opts.contacts, opts.every, t0);
    opts.log(`seeded in ${(seed.seedMs / 1000).toFixed(1)} s: ${JSON.stringify(seed.rows)}`);

    const stats: QueryStats = {};
    const taskQueue = `bench-decay-${randomBytes(3).toString("hex")}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: workflowsPath(), activities: createActivities({ db: timedDb(db, stats) }) });
    const running = worker.run();
    const cpu0 = process.cpuUsage();
    const srv0 = serverCpuMs(pg.pid);
    const started = performance.now();
    await env.client.workflow.start("decayLoop", { taskQueue, workflowId: decayLoopId("engagement"), args: [{ score: "engagement", maxSleepMs: DAY, chunk: opts.chunk }] });
    let sweepMs: number | null = null;
    let processed = 0;
    while (performance.now() - started < opts.timeoutMs) {
      processed = await processedSoFar(db);
      if (processed >= seed.crossing) {
        sweepMs = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const cpu = process.cpuUsage(cpu0);
    const sweepServerCpuMs = serverCpuMs(pg.pid) - srv0;
    await env.client.workflow.getHandle(decayLoopId("engagement")).terminate("benchmark over").catch(() => undefined);
    worker.shutdown();
    await running;
    if (sweepMs === null) processed = await processedSoFar(db);

    const mismatches = sweepMs === null ? [] : await compareSample(db, ir, opts, t0);

    opts.log("measuring the naive floor…");
    const hash = await activeHash(db);
    const floor = await db.session(async (conn) => {
      await conn.exec("BEGIN");
      const f0 = performance.now();
      const [row] = await conn.query<{ n: string }>(
        `WITH tick AS (
           UPDATE scores s SET value = greatest(s.value - 10, 0), as_of = s.increased_at + interval '7 days'
            WHERE s.score = 'engagement' AND s.increased_at + interval '7 days' <= $1::timestamptz
            RETURNING s.contact, s.key, s.value, s.as_of),
         led AS (
           INSERT INTO ledger (contact, score, key, delta, value, reason, event_id, config_hash, at)
           SELECT contact, 'engagement', key, -10, value, 'decay', NULL, $2, as_of FROM tick RETURNING 1)
         SELECT count(*)::text AS n FROM led`,
        [iso(Date.now()), hash],
      );
      const ms = performance.now() - f0;
      await conn.exec("ROLLBACK");
      return { ms, rows: Number(row?.n ?? 0) };
    });

    const statements = Object.entries(stats)
      .map(([sql, s]) => ({ sql, n: s.n, ms: s.ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    return {
      contacts: seed.contacts,
      crossing: seed.crossing,
      seedMs: seed.seedMs,
      sweepMs,
      processed,
      sweepWorkerCpuMs: (cpu.user + cpu.system) / 1000,
      sweepServerCpuMs,
      floorMs: floor.ms,
      floorRows: floor.rows,
      statements,
      mismatches,
      load: { before: loadBefore, after: loadAverage() },
    };
  } finally {
    await env.teardown().catch(() => undefined);
    await base.stop();
  }
}

/** Seeded contacts (crossing and quiet) must read as `simulate` says of their template. */
async function compareSample(db: { query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> }, ir: Parameters<typeof simulate>[0], opts: DecayOptions, t0: number): Promise<string[]> {
  const now = Date.now();
  const out: string[] = [];
  const picks = [opts.every, opts.every * 2, 1, 2].filter((n) => n <= opts.contacts);
  for (const n of picks) {
    const id = contactId(n);
    const crossing = isCrossing(n, opts.every);
    const all = templateEvents(t0, id, id);
    const mine = crossing ? all.slice(0, 3) : all.slice(3);
    const sim = simulate(ir, mine, { until: now, ledger: true });
    const want = sim.contacts.find((c) => c.id === id)?.scores["engagement"];
    const [row] = await db.query<{ value: number }>("SELECT value FROM scores WHERE contact = $1 AND score = 'engagement'", [id]);
    const stored = row?.value;
    const wantDecayLedger = (sim.ledger ?? []).filter((r) => r.contact === id && r.reason === "decay").length;
    const [led] = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM ledger WHERE contact = $1 AND reason = 'decay'", [id]);
    if (crossing && stored !== want) out.push(`${id}: engagement ${String(stored)} in the database, ${String(want)} by simulate`);
    if (Number(led?.n ?? 0) !== wantDecayLedger) out.push(`${id}: ${led?.n ?? 0} decay ledger rows, simulate writes ${wantDecayLedger}`);
  }
  return out;
}
