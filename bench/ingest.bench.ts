/**
 * The ingest benchmark (issue 6): b2b, 100,000 contacts, a generated history in batches of
 * 1,000 through `ingestBatch` (target ≥ 40,000 events/s, p99 batch ≤ 100 ms) and through
 * `POST /events` (≥ 25,000 events/s), on a throwaway PostgreSQL server with durable commits;
 * two floors in the same run — `COPY` into a bare table and a hand-written single-statement
 * scoring transaction — and the ratio of `ingestBatch` to the latter (target ≥ 0.4).
 *
 *   tsx bench/ingest.bench.ts [--quick] [--contacts N] [--events N] [--senders N]
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { IngestProbeReport, IngestRun } from "./ingest-probe.js";
import { atLeast, atMost, emptyResult, fmt, type BenchResult } from "./measure.js";
import { formatReport } from "./report.js";

export interface IngestBenchOptions {
  contacts: number;
  /** Events through each of the two runtime paths (the floors take both halves). */
  events: number;
  batch: number;
  /** Concurrent writers (API clients). */
  senders: number;
}

export const FULL: IngestBenchOptions = { contacts: 100_000, events: 100_000, batch: 1_000, senders: 2 };
export const QUICK: IngestBenchOptions = { contacts: 100_000, events: 20_000, batch: 1_000, senders: 2 };

const REPO = fileURLToPath(new URL("..", import.meta.url));

function probe(opts: IngestBenchOptions): IngestProbeReport | { error: string } {
  // Under tsx: the probe loads fastify, pg and the whole runtime, which the transpiled tree
  // of the other benchmarks does not hold.
  const args = ["--import", "tsx", "bench/ingest-probe.ts", `--contacts=${opts.contacts}`, `--events=${opts.events}`, `--batch=${opts.batch}`, `--senders=${opts.senders}`];
  const child = spawnSync(process.execPath, args, { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 24 });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) return { error: `the probe exited ${child.status ?? "by a signal"}: ${child.stderr.trim().split("\n").slice(-3).join(" / ")}` };
  return JSON.parse(line) as IngestProbeReport;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

const perSecond = (r: IngestRun): number => r.events / (r.wallMs / 1000);
/** Events/s if the run had the CPU it used to itself: events over the larger of the client's and the server's CPU time. */
const perCpuSecond = (r: IngestRun): number => r.events / (Math.max(r.cpuMs, r.serverCpuMs) / 1000);

export function runIngestBench(opts: IngestBenchOptions): BenchResult {
  const res = emptyResult("ingest");
  const r = probe(opts);
  if ("error" in r) {
    res.skipped.push(`ingest: ${r.error}`);
    return res;
  }
  const run = (name: string): IngestRun | undefined => r.runs.find((x) => x.name === name);
  const store = run("ingestBatch");
  const api = run("POST /events");
  const copy = run("COPY bare table");
  const scoring = run("single-statement scoring");
  for (const x of [store, api, copy, scoring]) {
    if (x === undefined) continue;
    res.metrics.push(
      { name: `${x.name}: events/s`, value: perSecond(x), unit: "" },
      { name: `${x.name}: p50 / p99 batch`, value: quantile(x.batchMs, 0.5), unit: ` / ${fmt(quantile(x.batchMs, 0.99))} ms` },
      { name: `${x.name}: CPU per batch, client / server`, value: x.cpuMs / x.batches, unit: ` / ${fmt(x.serverCpuMs / x.batches)} ms` },
    );
    res.notes.push(`${x.name}: ${x.events} events in ${x.batches} batches, ${fmt(x.wallMs / 1000)} s; load average ${fmt(x.load[0])} → ${fmt(x.load[1])}; by CPU time ${fmt(perCpuSecond(x))} events/s`);
  }
  if (store !== undefined) {
    res.targets.push(atLeast("ingestBatch events/s", perSecond(store), 40_000), atMost("ingestBatch p99 batch", quantile(store.batchMs, 0.99), 100, " ms"));
    if (scoring !== undefined) res.targets.push(atLeast("ingestBatch / single-statement scoring", perSecond(store) / perSecond(scoring), 0.4));
    if (copy !== undefined) res.metrics.push({ name: "ingestBatch / COPY", value: perSecond(store) / perSecond(copy), unit: "" });
    if (store.statements !== undefined) {
      const top = Object.entries(store.statements)
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([sql, s]) => `${fmt(s.ms / store.batches)} ms × ${fmt(s.n / store.batches)} "${sql.slice(0, 40)}…"`);
      res.notes.push(`ingestBatch statements per batch (wall): ${top.join("; ")}`);
    }
  }
  if (api !== undefined) res.targets.push(atLeast("POST /events events/s", perSecond(api), 25_000));
  res.notes.push(`b2b, ${r.contacts} contacts, batches of ${r.batchSize}, ${r.senders} concurrent senders, fsync and synchronous_commit on; history generated in ${fmt(r.generateMs / 1000)} s (untimed)`);
  return res;
}

function main(): number {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, contacts: { type: "string" }, events: { type: "string" }, senders: { type: "string" } },
  });
  const base = values.quick ? QUICK : FULL;
  const opts: IngestBenchOptions = {
    ...base,
    contacts: values.contacts === undefined ? base.contacts : Number(values.contacts),
    events: values.events === undefined ? base.events : Number(values.events),
    senders: values.senders === undefined ? base.senders : Number(values.senders),
  };
  process.stdout.write(`${formatReport([runIngestBench(opts)])}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
