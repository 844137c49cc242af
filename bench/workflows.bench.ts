/**
 * The workflow benchmark (issue 7, Performance), on a throwaway durable PostgreSQL and the
 * Temporal dev server:
 *   decay  — the decay sweep through `decayLoop` and its activity vs. the naive floor;
 *   alerts — Temporal actions per ingested event on a b2b history, and MQL alert latency
 *            (event ingested → feedback workflow started and owner's alert sent);
 *   loops  — concurrent feedback loops started and parked: start rate, worker RSS.
 *
 *   tsx bench/workflows.bench.ts [--part decay|alerts|loops] [--contacts N] [--every N]
 *     [--events N] [--rate N] [--loops N] [--timeout S]
 *
 * Every figure is reported with the load average around it: this machine is shared.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DefaultLogger, Runtime } from "@temporalio/worker";
import { emptyResult, type BenchResult } from "./measure.js";
import { formatReport } from "./report.js";
import { runAlerts } from "./workflows/alerts.js";
import { runDecay } from "./workflows/decay.js";
import { runLoops } from "./workflows/loops.js";
import { alertsResult, decayResult, loopsResult } from "./workflows/results.js";

export interface WorkflowsBenchOptions {
  parts: readonly ("decay" | "alerts" | "loops")[];
  /** Decay: contacts whose tick is due (issue target: 1,000,000). */
  contacts: number;
  /** Decay: one contact in `every` crosses the MQL line (issue: 10). */
  every: number;
  /** Alerts: events of the b2b history to ingest. */
  events: number;
  /** Alerts: ingest rate to sustain (events/s). */
  rate: number;
  /** Loops: concurrent feedback loops. */
  loops: number;
  timeoutMs: number;
  log: (line: string) => void;
}

/** What `npm run bench` runs: a size that finishes on a shared 2-core machine, extrapolated. */
export const FULL: Omit<WorkflowsBenchOptions, "log" | "parts"> = { contacts: 100_000, every: 10, events: 20_000, rate: 2_000, loops: 10_000, timeoutMs: 900_000 };

export async function runWorkflowsBench(opts: WorkflowsBenchOptions): Promise<BenchResult> {
  const res = emptyResult("workflows");
  try {
    // The worker's own INFO lines (bundling, state changes) would drown the figures.
    Runtime.install({ logger: new DefaultLogger("WARN") });
  } catch {
    // Installed already (a second call in this process): its logger stays.
  }
  for (const part of opts.parts) {
    try {
      if (part === "decay") decayResult(res, await runDecay({ contacts: opts.contacts, every: opts.every, timeoutMs: opts.timeoutMs, log: opts.log }));
      else if (part === "alerts") alertsResult(res, await runAlerts({ events: opts.events, rate: opts.rate, log: opts.log }));
      else loopsResult(res, await runLoops({ loops: opts.loops, timeoutMs: opts.timeoutMs, log: opts.log }));
    } catch (error) {
      res.skipped.push(`${part}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return res;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      part: { type: "string", multiple: true },
      contacts: { type: "string", default: String(FULL.contacts) },
      every: { type: "string", default: String(FULL.every) },
      events: { type: "string", default: String(FULL.events) },
      rate: { type: "string", default: String(FULL.rate) },
      loops: { type: "string", default: String(FULL.loops) },
      timeout: { type: "string", default: String(FULL.timeoutMs / 1000) },
    },
  });
  const parts = (values.part ?? ["decay", "alerts", "loops"]).filter((p): p is "decay" | "alerts" | "loops" => ["decay", "alerts", "loops"].includes(p));
  const opts: WorkflowsBenchOptions = {
    parts,
    contacts: Number(values.contacts),
    every: Number(values.every),
    events: Number(values.events),
    rate: Number(values.rate),
    loops: Number(values.loops),
    timeoutMs: Number(values.timeout) * 1000,
    log: (line) => process.stderr.write(`[workflows] ${line}\n`),
  };
  process.stdout.write(`${formatReport([await runWorkflowsBench(opts)])}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main();
