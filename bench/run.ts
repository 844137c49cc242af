/**
 * `npm run bench`: runs every benchmark and prints a report; targets are PASS/MISS lines.
 *
 *   tsx bench/run.ts [--json] [--only compiler|cli|engine|plan|ingest|workflows|console] [--scale 1] [--seed 1] [--runs 7] [--warmup 3] [--no-memory] [--source]
 *
 * `--source` measures the .ts sources under tsx instead of their plain-JS transpilation.
 *
 * `--json` also writes the results to bench/out/bench-<time>.json and bench/out/latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { runCliBench } from "./cli.bench.js";
import { runCompilerBench } from "./compiler.bench.js";
import { FULL as CONSOLE_FULL, runConsoleBench } from "./console.bench.js";
import { FULL as ENGINE_FULL, runEngineBench } from "./engine.bench.js";
import { FULL as INGEST_FULL, runIngestBench } from "./ingest.bench.js";
import { FULL as WORKFLOWS_FULL, runWorkflowsBench } from "./workflows.bench.js";
import { FULL as PLAN_FULL, runPlanBench } from "./plan.bench.js";
import type { BenchResult } from "./measure.js";
import { formatReport } from "./report.js";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      only: { type: "string" },
      scale: { type: "string", default: "1" },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "7" },
      warmup: { type: "string", default: "3" },
      "no-memory": { type: "boolean", default: false },
      source: { type: "boolean", default: false },
    },
  });
  const plan = { runs: Number(values.runs), warmup: Number(values.warmup) };
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  const only = values.only;
  if (!(plan.runs >= 1) || !(plan.warmup >= 0) || !(scale > 0) || !Number.isInteger(seed) || (only !== undefined && !["compiler", "cli", "engine", "plan", "ingest", "workflows", "console"].includes(only))) {
    process.stderr.write("usage: tsx bench/run.ts [--json] [--only compiler|cli|engine|plan|ingest|workflows|console] [--scale S] [--seed N] [--runs N] [--warmup N] [--no-memory] [--source]\n");
    return 2;
  }
  const results: BenchResult[] = [];
  if (only === undefined || only === "compiler")
    results.push(await runCompilerBench({ ...plan, seed, scale, memory: !values["no-memory"], code: values.source ? "source" : "transpiled" }));
  if (only === undefined || only === "cli") results.push(runCliBench({ runs: Math.max(plan.runs, 5), warmup: 1 }));
  if (only === undefined || only === "engine")
    results.push(runEngineBench({ ...ENGINE_FULL, contacts: Math.max(100, Math.round(ENGINE_FULL.contacts * scale)), seed }));
  if (only === undefined || only === "plan") results.push(runPlanBench({ ...PLAN_FULL, contacts: Math.max(100, Math.round(PLAN_FULL.contacts * scale)) }));
  if (only === undefined || only === "ingest") results.push(runIngestBench({ ...INGEST_FULL, events: Math.max(5_000, Math.round(INGEST_FULL.events * scale)) }));
  // Minutes of servers and seeding: only when asked for by name (workflows, console).
  if (only === "workflows") {
    const n = (x: number): number => Math.max(100, Math.round(x * scale));
    const log = (line: string): void => void process.stderr.write(`[workflows] ${line}\n`);
    results.push(await runWorkflowsBench({ ...WORKFLOWS_FULL, parts: ["decay", "alerts", "loops"], contacts: n(WORKFLOWS_FULL.contacts), events: n(WORKFLOWS_FULL.events), loops: n(WORKFLOWS_FULL.loops), log }));
  }
  if (only === "console") {
    const log = (line: string): void => void process.stderr.write(`[console] ${line}\n`);
    results.push(await runConsoleBench({ ...CONSOLE_FULL, contacts: Math.max(1000, Math.round(CONSOLE_FULL.contacts * scale)), log }));
  }
  process.stdout.write(`${formatReport(results)}\n`);
  if (values.json) {
    const dir = fileURLToPath(new URL("out/", import.meta.url));
    mkdirSync(dir, { recursive: true });
    const doc = JSON.stringify({ at: new Date().toISOString(), node: process.version, options: { ...plan, scale, seed }, results }, null, 2);
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    writeFileSync(join(dir, `bench-${stamp}.json`), `${doc}\n`);
    writeFileSync(join(dir, "latest.json"), `${doc}\n`);
    process.stdout.write(`wrote bench/out/bench-${stamp}.json\n`);
  }
  // Targets are reported, never enforced: a MISS is information, not a failure.
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main();
