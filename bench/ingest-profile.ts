/**
 * Where an ingest batch spends the server's time: the `ingestBatch` run of the ingest
 * benchmark on a durable server with `pg_stat_statements` (execution and planning time per
 * statement) and, for one batch, `auto_explain` (each statement's plan with actual times and
 * buffers, from the server log). A tool for work on the store, not a benchmark: it prints
 * text, not targets.
 *
 *   tsx bench/ingest-profile.ts [--contacts N] [--events N] [--senders N] [--explain BATCH] [--top N]
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { compileModel } from "../runtime/engine/index.js";
import { ingestBatch } from "../runtime/ingest/index.js";
import { openPostgres } from "../runtime/store/db.js";
import { migrate } from "../runtime/store/migrate.js";
import { applyVersion } from "../runtime/store/versions.js";
import { compileB2b, historyBatches } from "./ingest-probe.js";
import { startDurablePostgres } from "./ingest-postgres.js";
import { serverCpuMs } from "./ingest-timing.js";

interface StatRow {
  query: string;
  calls: number;
  exec_ms: number;
  plan_ms: number;
  rows: number;
  blks: number;
  wal_bytes: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contacts: { type: "string", default: "100000" },
      events: { type: "string", default: "20000" },
      batch: { type: "string", default: "1000" },
      senders: { type: "string", default: "1" },
      explain: { type: "string", default: "-1" },
      top: { type: "string", default: "12" },
    },
  });
  const ir = compileB2b();
  const model = compileModel(ir);
  const batches = historyBatches(Number(values.contacts), Number(values.events), Number(values.batch), 1);
  const server = await startDurablePostgres([
    "shared_preload_libraries=pg_stat_statements,auto_explain",
    "pg_stat_statements.track=all",
    "pg_stat_statements.track_planning=on",
    "auto_explain.log_analyze=on",
    "auto_explain.log_buffers=on",
    "auto_explain.log_wal=on",
  ]);
  try {
    const db = openPostgres(server.url, { max: 4 });
    await migrate(db);
    await applyVersion(db, { ir, appliedBy: "bench" });
    await db.exec("CREATE EXTENSION pg_stat_statements; SELECT pg_stat_statements_reset()");
    const explain = Number(values.explain);
    const setExplain = async (ms: number): Promise<void> => {
      await db.query(`ALTER SYSTEM SET auto_explain.log_min_duration = ${ms}`);
      await db.query("SELECT pg_reload_conf()");
    };
    let next = 0;
    const cpu0 = process.cpuUsage();
    const srv0 = serverCpuMs(server.pid);
    const t0 = performance.now();
    const sender = async (): Promise<void> => {
      for (let i = next++; i < batches.length; i = next++) {
        if (i === explain) await setExplain(0);
        const r = await ingestBatch(db, batches[i] ?? [], { model });
        if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
        if (i === explain) await setExplain(-1);
      }
    };
    await Promise.all(Array.from({ length: Number(values.senders) }, sender));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const n = batches.length;
    const out: string[] = [];
    out.push(
      `${n} batches, ${(wall / n).toFixed(1)} ms wall per batch; CPU per batch client ${((cpu.user + cpu.system) / 1000 / n).toFixed(1)} ms, server ${((serverCpuMs(server.pid) - srv0) / n).toFixed(1)} ms`,
    );
    const stats = await db.query<StatRow>(
      `SELECT query, calls::int, total_exec_time::float8 AS exec_ms, total_plan_time::float8 AS plan_ms, rows::int,
              (shared_blks_hit + shared_blks_read + shared_blks_dirtied)::int AS blks, wal_bytes::float8 AS wal_bytes
         FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
      [Number(values.top)],
    );
    out.push("per batch: exec ms, plan ms, calls, rows, WAL kB — statement");
    for (const s of stats) {
      out.push(
        `${(s.exec_ms / n).toFixed(2).padStart(7)} ${(s.plan_ms / n).toFixed(2).padStart(6)} ${(s.calls / n).toFixed(1).padStart(5)} ${(s.rows / n).toFixed(0).padStart(6)} ${(s.wal_bytes / n / 1024).toFixed(0).padStart(6)} — ${s.query.replace(/\s+/g, " ").slice(0, 110)}`,
      );
    }
    if (explain >= 0) {
      const log = readFileSync(server.log, "utf8");
      out.push("", `auto_explain of batch ${explain}:`, log.slice(Math.max(0, log.indexOf("duration:") - 100)));
    }
    await db.close();
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    await server.stop();
  }
}

await main();
