/**
 * Child process of the ingest benchmark (issue 6): a durable PostgreSQL server of its own,
 * b2b active, a generated history cut into batches, and four ways to write each batch —
 * `ingestBatch` (the store layer), `POST /events` (the HTTP API, `app.inject`), a bare
 * `COPY` of the events, and a hand-written single-statement scoring transaction. Each
 * batch's wall time, the process's CPU time and the server's CPU time are measured.
 * Prints one JSON object (`IngestProbeReport`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { compileWorkspace } from "../dsl/index.js";
import { buildApi } from "../runtime/api/server.js";
import { compileModel, type Model } from "../runtime/engine/index.js";
import { ingestBatch } from "../runtime/ingest/index.js";
import { openPostgres, type Db } from "../runtime/store/db.js";
import { migrate } from "../runtime/store/migrate.js";
import { applyVersion } from "../runtime/store/versions.js";
import type { CompiledIr } from "../schemas/ir.js";
import { generateHistory, type HistoryEvent } from "./history/generate.js";
import { startDurablePostgres } from "./ingest-postgres.js";
import { serverCpuMs, timedDb, type QueryStats } from "./ingest-timing.js";

/** One way of writing the batches, measured. */
export interface IngestRun {
  name: string;
  /** Concurrent writers. */
  senders: number;
  events: number;
  batches: number;
  wallMs: number;
  /** The benchmark process's CPU time (user + system). */
  cpuMs: number;
  /** The PostgreSQL server's processes' CPU time. */
  serverCpuMs: number;
  batchMs: number[];
  /** Load average (1 min) before and after. */
  load: [number, number];
  statements?: QueryStats;
  /** Rows in the runtime's tables after the run (what a batch writes, in total). */
  rows?: Record<string, number>;
}

export interface IngestProbeReport {
  contacts: number;
  batchSize: number;
  senders: number;
  generateMs: number;
  runs: IngestRun[];
}

const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));

export function compileB2b(): CompiledIr {
  const dir = join(EXAMPLES, "b2b");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.value.ir;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Writes the batches with `senders` concurrent writers taking the next batch in turn (a
 * server answers several clients at once: their client work, server work and commit waits
 * overlap).
 */
async function measure(
  name: string,
  pgPid: number,
  batches: readonly HistoryEvent[][],
  senders: number,
  write: (batch: readonly HistoryEvent[], i: number) => Promise<void>,
): Promise<IngestRun> {
  const batchMs: number[] = [];
  const load0 = loadavg()[0] ?? 0;
  const cpu0 = cpuNow();
  const srv0 = serverCpuMs(pgPid);
  const t0 = performance.now();
  let next = 0;
  const sender = async (): Promise<void> => {
    for (let i = next++; i < batches.length; i = next++) {
      const s = performance.now();
      await write(batches[i] ?? [], i);
      batchMs.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  const wallMs = performance.now() - t0;
  return {
    name,
    senders,
    events: batches.reduce((n, b) => n + b.length, 0),
    batches: batches.length,
    wallMs,
    cpuMs: cpuNow() - cpu0,
    serverCpuMs: serverCpuMs(pgPid) - srv0,
    batchMs,
    load: [load0, loadavg()[0] ?? 0],
  };
}

/** The history's events, in time order, cut into batches; the first `skip` events are a warm-up prefix. */
export function historyBatches(contacts: number, total: number, size: number, seed: number): HistoryEvent[][] {
  const out: HistoryEvent[][] = [];
  let cur: HistoryEvent[] = [];
  let n = 0;
  for (const e of generateHistory({ workspace: "b2b", contacts, days: 365, seed })) {
    cur.push(e);
    if (cur.length === size) {
      out.push(cur);
      cur = [];
    }
    if (++n >= total) break;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

async function bareTables(db: Db, contacts: number): Promise<void> {
  await db.exec(`
    CREATE TABLE bare_events (id text, type text, contact text, at timestamptz, props jsonb);
    CREATE TABLE floor_events (id text PRIMARY KEY, type text NOT NULL, contact text NOT NULL, at timestamptz NOT NULL, props jsonb NOT NULL);
    CREATE TABLE floor_scores (contact text PRIMARY KEY, points double precision NOT NULL DEFAULT 0);
  `);
  await db.query("INSERT INTO floor_scores (contact) SELECT 'c' || lpad(i::text, 7, '0') FROM generate_series(1, $1::int) AS i", [contacts]);
}

/** `COPY ... FROM STDIN` needs a driver extension: `COPY FROM` a server-side file of the batch instead (written before timing). */
function copyText(batch: readonly HistoryEvent[]): string {
  const esc = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
  return batch.map((e) => [e.id, e.type, e.contact, e.at, JSON.stringify(e.props)].map(esc).join("\t")).join("\n") + "\n";
}

/** Points per event type for the scoring floor: the sum of the b2b rules' points on that type (conditions ignored). */
function pointsByType(model: Model): Map<string, number> {
  const out = new Map<string, number>();
  for (const [type, rules] of model.rulesByEvent) out.set(type, rules.reduce((n, r) => n + r.points, 0));
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contacts: { type: "string", default: "100000" },
      events: { type: "string", default: "200000" },
      batch: { type: "string", default: "1000" },
      seed: { type: "string", default: "1" },
      only: { type: "string" },
      senders: { type: "string", default: "2" },
    },
  });
  const contacts = Number(values.contacts);
  const total = Number(values.events);
  const size = Number(values.batch);
  const senders = Number(values.senders);
  const only = values.only?.split(",");
  const want = (k: string): boolean => only === undefined || only.includes(k);
  const g0 = performance.now();
  const ir = compileB2b();
  const model = compileModel(ir);
  const all = historyBatches(contacts, total * 2, size, Number(values.seed));
  const generateMs = performance.now() - g0;
  // Two disjoint halves of one history: the store layer takes the first, the API the second
  // (so the API meets contacts with state, as in production), the floors both.
  const half = Math.floor(all.length / 2);
  const first = all.slice(0, half);
  const second = all.slice(half);
  const server = await startDurablePostgres();
  const runs: IngestRun[] = [];
  try {
    const db = openPostgres(server.url, { max: 4 });
    await migrate(db);
    await applyVersion(db, { ir, appliedBy: "bench" });
    await bareTables(db, contacts);
    if (want("store")) {
      const stats: QueryStats = {};
      const tdb = timedDb(db, stats);
      const run = await measure("ingestBatch", server.pid, first, senders, async (b) => {
        const r = await ingestBatch(tdb, b, { model });
        if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
      });
      run.statements = stats;
      run.rows = await tableRows(db);
      runs.push(run);
    }
    if (want("api")) {
      const app = await buildApi({ db, token: "bench" });
      const bodies = second.map((b) => JSON.stringify(b));
      runs.push(
        await measure("POST /events", server.pid, second, senders, async (_b, i) => {
          const res = await app.inject({ method: "POST", url: "/events", headers: { authorization: "Bearer bench", "content-type": "application/json" }, payload: bodies[i] ?? "[]" });
          if (res.statusCode !== 200) throw new Error(`POST /events answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
        }),
      );
      await app.close();
    }
    const floorBatches = [...first, ...second];
    if (want("copy")) {
      const files = await writeCopyFiles(db, floorBatches);
      runs.push(await measure("COPY bare table", server.pid, floorBatches, senders, async (_b, i) => {
        await db.query(`COPY bare_events FROM '${files[i] ?? ""}'`);
      }));
    }
    if (want("scoring")) {
      const pts = pointsByType(model);
      runs.push(await measure("single-statement scoring", server.pid, floorBatches, senders, async (b) => {
        const byContact = new Map<string, number>();
        for (const e of b) byContact.set(e.contact, (byContact.get(e.contact) ?? 0) + (pts.get(e.type) ?? 0));
        // Sorted contacts; still, two concurrent UPDATE joins may lock in different orders:
        // retry a deadlock, as ingestBatch does.
        const cs = [...byContact.keys()].sort();
        await retryDeadlock(() => db.query(
          `WITH ins AS (
             INSERT INTO floor_events (id, type, contact, at, props)
             SELECT x.id, x.type, x.contact, x.at, x.props FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, contact text, at timestamptz, props jsonb)
             ON CONFLICT (id) DO NOTHING)
           UPDATE floor_scores s SET points = s.points + u.p FROM unnest($2::text[], $3::float8[]) AS u(c, p) WHERE s.contact = u.c`,
          [JSON.stringify(b), cs, cs.map((c) => byContact.get(c) ?? 0)],
        ));
      }));
    }
    await db.close();
  } finally {
    await server.stop();
  }
  const report: IngestProbeReport = { contacts, batchSize: size, senders, generateMs, runs };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function retryDeadlock<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = error !== null && typeof error === "object" && "code" in error ? error.code : undefined;
      if (attempt >= 5 || code !== "40P01") throw error;
    }
  }
}

const TABLES = ["events", "contacts", "scores", "stages", "segment_members", "threshold_state", "ledger", "stage_history", "segment_history", "threshold_fires", "outbox", "workflow_dispatch"];

async function tableRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // Fixed table names, never input.
  for (const t of TABLES) out[t] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]?.n ?? -1;
  const [size] = await db.query<{ b: number }>("SELECT coalesce(avg(pg_column_size(history) + pg_column_size(rules) + pg_column_size(fields) + pg_column_size(timers)), 0)::float8 AS b FROM contacts");
  out["contact JSON bytes (mean)"] = size?.b ?? -1;
  return out;
}

/** Writes each batch as a COPY text file the server can read (its temp dir is the server's own). */
async function writeCopyFiles(db: Db, batches: readonly HistoryEvent[][]): Promise<string[]> {
  const [row] = await db.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
  const dir = row?.dir ?? "";
  const { writeFileSync, chownSync, statSync } = await import("node:fs");
  const owner = statSync(dir);
  return batches.map((b, i) => {
    const file = join(dir, `bench-copy-${i}.tsv`);
    writeFileSync(file, copyText(b));
    chownSync(file, owner.uid, owner.gid);
    return file;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
