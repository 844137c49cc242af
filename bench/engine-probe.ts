/**
 * Child process of the engine benchmark: generates a b2b history in memory, then times the
 * engine on it (`runSimulation`: validation, sorting, timers firing between events — what
 * `funnelform simulate` does, keeping the effects its summary reads) against a floor loop over the same events, and measures the
 * heap the contact states keep. Run with `--expose-gc` on the transpiled JavaScript
 * (`engine.bench.ts` does both); prints one JSON object.
 *
 *   node --expose-gc bench/out/js/bench/engine-probe.js --contacts 100000 --days 150 --runs 3
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { compileWorkspace } from "../dsl/index.js";
import { compileModel, emptySimulation, runSimulation, summaryEffects, type KeepEffect, type Model } from "../runtime/engine/index.js";
import { generateHistory, type HistoryEvent } from "./history/generate.js";

/** What the probe prints. */
export interface EngineProbeReport {
  contacts: number;
  events: number;
  /** Engine runs, each over the whole history from empty state (ms). */
  engineMs: number[];
  /** Floor loop runs over the same events (ms). */
  baselineMs: number[];
  /** Effects of one run that were kept (all of them with --all-effects). */
  effects: number;
  allEffects: boolean;
  /** Heap kept by the contact states after GC, per contact (bytes). */
  stateBytesPerContact: number | null;
  /** The same plus simulate's set of seen event ids (a simulate artefact, per contact). */
  simulationBytesPerContact: number | null;
  generateMs: number;
}

// The workspace lives in the repository, not in the transpiled tree.
const EXAMPLES = fileURLToPath(new URL("../../../../examples/", import.meta.url));

function b2bModel(examples: string): Model {
  const dir = join(examples, "b2b");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(`examples/b2b does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return compileModel(r.value.ir);
}

/** The floor: read every event and sum one number per contact into a Map. */
function baseline(events: readonly HistoryEvent[]): number {
  const sums = new Map<string, number>();
  for (const e of events) {
    const amount = e.props["amount"];
    sums.set(e.contact, (sums.get(e.contact) ?? 0) + (typeof amount === "number" ? amount : 1));
  }
  return sums.size;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number | null {
  if (gc === undefined) return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      contacts: { type: "string", default: "100000" },
      days: { type: "string", default: "150" },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "3" },
      examples: { type: "string", default: EXAMPLES },
      // Keep every effect (ledger rows, timers…) instead of what `simulate` reads.
      "all-effects": { type: "boolean", default: false },
    },
  });
  const keep: KeepEffect | undefined = values["all-effects"] ? undefined : summaryEffects(false);
  const contacts = Number(values.contacts);
  const runs = Math.max(1, Number(values.runs));
  const model = b2bModel(values.examples);
  const t0 = performance.now();
  const events = [...generateHistory({ workspace: "b2b", contacts, days: Number(values.days), seed: Number(values.seed) })];
  const generateMs = performance.now() - t0;
  const last = events[events.length - 1];
  const until = last === undefined ? undefined : Date.parse(last.at) + 86_400_000;

  const engineMs: number[] = [];
  const baselineMs: number[] = [];
  let effects = 0;
  let stateBytesPerContact: number | null = null;
  let simulationBytesPerContact: number | null = null;
  // One untimed warm-up pass of each on a slice, then alternate so drift hits both alike.
  baseline(events);
  runSimulation(model, emptySimulation(), events.slice(0, Math.min(events.length, 200_000)), undefined, keep);
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    baseline(events);
    baselineMs.push(performance.now() - t);
    const before = i === 0 ? heapAfterGc() : null;
    const sim = emptySimulation();
    t = performance.now();
    const r = runSimulation(model, sim, events, until, keep);
    engineMs.push(performance.now() - t);
    effects = r.effects.length;
    if (before !== null) {
      r.effects.length = 0;
      const withSeen = heapAfterGc();
      sim.seen = {};
      const states = heapAfterGc();
      const n = Object.keys(sim.contacts).length;
      if (withSeen !== null && states !== null && n > 0) {
        simulationBytesPerContact = (withSeen - before) / n;
        stateBytesPerContact = (states - before) / n;
      }
    }
  }
  const report: EngineProbeReport = { contacts, events: events.length, engineMs, baselineMs, effects, allEffects: values["all-effects"], stateBytesPerContact, simulationBytesPerContact, generateMs };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
