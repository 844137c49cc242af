/**
 * The engine benchmark (issue 4): `examples/b2b`'s rules over a generated history of
 * 100,000 contacts, single-threaded (one process, no worker pool), on the plain JavaScript
 * tsc emits (tsx's transform distorts timings, see transpile.ts).
 * Targets: ≥ 1,000,000 events/s and ≤ 1 KB of heap per contact. Also reported: the ratio to a
 * floor loop that only reads the same events and sums one number per contact.
 *
 *   tsx bench/engine.bench.ts [--quick] [--contacts N] [--days N] [--runs N] [--seed N] [--all-effects] [--cpu-prof]
 *
 * The history is generated in memory once, outside the timed region; each timed run replays
 * all of it from empty state, with due timers firing between events as `simulate` does.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { EngineProbeReport } from "./engine-probe.js";
import { atLeast, atMost, emptyResult, fmt, median, type BenchResult } from "./measure.js";
import { formatReport } from "./report.js";
import { transpileTree } from "./transpile.js";

export interface EngineBenchOptions {
  contacts: number;
  days: number;
  runs: number;
  seed: number;
  /** Keep every effect (ledger rows, timers, …), not only what `simulate`'s summary reads. */
  allEffects?: boolean;
  /** Write a V8 CPU profile of the probe to bench/out/prof/. */
  cpuProf?: boolean;
}

/** The full size: 100,000 contacts, ~3 M events. */
export const FULL: EngineBenchOptions = { contacts: 100_000, days: 150, runs: 3, seed: 1 };
/** `--quick`: a look in seconds, not a figure to report. */
export const QUICK: EngineBenchOptions = { contacts: 2_000, days: 60, runs: 3, seed: 1 };

const REPO = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(REPO, "bench/out/js");

/** Transpiles the engine and its inputs, runs the probe in a fresh `node --expose-gc`, reads its report. */
export function probeEngine(opts: EngineBenchOptions): EngineProbeReport | { error: string } {
  transpileTree(REPO, OUT, ["dsl", "schemas", "runtime/engine", "bench/history", "bench/prng.ts", "bench/engine-probe.ts"]);
  const flags = ["--expose-gc", "--max-old-space-size=8192"];
  if (opts.cpuProf === true) {
    const dir = join(REPO, "bench/out/prof");
    mkdirSync(dir, { recursive: true });
    flags.push("--cpu-prof", `--cpu-prof-dir=${dir}`);
  }
  const args = [
    ...flags,
    join(OUT, "bench/engine-probe.js"),
    `--contacts=${opts.contacts}`,
    `--days=${opts.days}`,
    `--runs=${opts.runs}`,
    `--seed=${opts.seed}`,
    `--examples=${join(REPO, "examples")}`,
    ...(opts.allEffects === true ? ["--all-effects"] : []),
  ];
  const child = spawnSync(process.execPath, args, { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) return { error: `the probe exited ${child.status ?? "by a signal"}: ${child.stderr.trim().split("\n").slice(-3).join(" / ")}` };
  return JSON.parse(line) as EngineProbeReport;
}

/** Runs the probe and turns its report into metrics and PASS/MISS targets. */
export function runEngineBench(opts: EngineBenchOptions): BenchResult {
  const res = emptyResult("engine");
  const r = probeEngine(opts);
  if ("error" in r) {
    res.skipped.push(`engine: ${r.error}`);
    return res;
  }
  const engine = r.events / (median(r.engineMs) / 1000);
  const floor = r.events / (median(r.baselineMs) / 1000);
  res.metrics.push(
    { name: "engine, b2b rules (median)", value: engine, unit: "events/s" },
    { name: "baseline: read events, sum per contact (median)", value: floor, unit: "events/s" },
    { name: "engine / baseline", value: engine / floor, unit: "" },
  );
  if (r.stateBytesPerContact !== null) res.metrics.push({ name: "heap per contact (states)", value: r.stateBytesPerContact, unit: "B" });
  if (r.simulationBytesPerContact !== null) res.metrics.push({ name: "heap per contact (states + seen event ids)", value: r.simulationBytesPerContact, unit: "B" });
  res.targets.push(atLeast("engine throughput, single core", engine, 1_000_000, " events/s"));
  if (r.stateBytesPerContact === null) res.skipped.push("memory: the probe ran without --expose-gc");
  else res.targets.push(atMost("memory per contact (contact states after GC)", r.stateBytesPerContact, 1024, " B"));
  res.notes.push(
    `${r.contacts} contacts, ${r.events} events, ${r.effects} effects kept per run (${r.allEffects ? "all of them" : "what simulate's summary reads"}); runs (ms): engine ${r.engineMs.map(fmt).join(", ")}; baseline ${r.baselineMs.map(fmt).join(", ")}`,
    `single-threaded: one Node process, no worker pool; history generated in ${fmt(r.generateMs / 1000)} s (untimed)`,
  );
  return res;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      contacts: { type: "string" },
      days: { type: "string" },
      runs: { type: "string" },
      seed: { type: "string" },
      "cpu-prof": { type: "boolean", default: false },
      "all-effects": { type: "boolean", default: false },
    },
  });
  const base = values.quick ? QUICK : FULL;
  const opts: EngineBenchOptions = {
    contacts: values.contacts === undefined ? base.contacts : Number(values.contacts),
    days: values.days === undefined ? base.days : Number(values.days),
    runs: values.runs === undefined ? base.runs : Number(values.runs),
    seed: values.seed === undefined ? base.seed : Number(values.seed),
    cpuProf: values["cpu-prof"],
    allEffects: values["all-effects"],
  };
  if (![opts.contacts, opts.days, opts.runs, opts.seed].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write("usage: tsx bench/engine.bench.ts [--quick] [--contacts N] [--days N] [--runs N] [--seed N] [--all-effects] [--cpu-prof]\n");
    return 2;
  }
  process.stdout.write(`${formatReport([runEngineBench(opts)])}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
