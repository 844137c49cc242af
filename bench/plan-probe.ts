/**
 * Child process of the plan benchmark (issue 5). Two measurements:
 * - the semantic diff of the large generated workspace against a changed copy of itself;
 * - a whole plan with impact (`computeImpact`: two replays, the comparison, MQL quality,
 *   in-flight work) on a b2b history of about 1,000,000 events for 100,000 contacts, against
 *   one `simulate` of the same history, alternating so load on the machine hits both alike.
 * Run on the transpiled JavaScript (`plan.bench.ts` does it); prints one JSON object.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { compileWorkspace } from "../dsl/index.js";
import { diffIr } from "../dsl/plan/diff.js";
import { simulate } from "../runtime/engine/simulate.js";
import { computeImpact } from "../runtime/impact/impact.js";
import type { CompiledIr } from "../schemas/ir.js";
import { generateDslWorkspace } from "./gen-workspace.js";
import { generateHistory } from "./history/generate.js";

export interface PlanProbeReport {
  diffMs: number[];
  /** CPU time of the same diff runs: what the wall time is on a machine with a core to spare. */
  diffCpuMs: number[];
  diffChanges: number;
  events: number;
  contacts: number;
  simulateMs: number[];
  planMs: number[];
  mqlsBefore: number;
  mqlsAfter: number;
  generateMs: number;
}

const EXAMPLES = fileURLToPath(new URL("../../../../examples/", import.meta.url));

function compile(files: { path: string; text: string }[]): CompiledIr {
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.value.ir;
}

function b2b(examples: string, edit: (path: string, text: string) => string): CompiledIr {
  const dir = join(examples, "b2b");
  return compile(
    readdirSync(dir)
      .filter((f) => f.endsWith(".funnel"))
      .map((f) => ({ path: f, text: edit(f, readFileSync(join(dir, f), "utf8")) })),
  );
}

/** A pull request's worth of change to the large workspace: thresholds, rules, a removed segment. */
function changed(ir: CompiledIr): CompiledIr {
  const head = structuredClone(ir);
  const rules = Object.keys(head.rules);
  for (const name of rules.slice(0, 20)) {
    const r = head.rules[name];
    if (r !== undefined) r.points += 1;
  }
  const first = rules[0];
  const copy = first === undefined ? undefined : head.rules[first];
  if (copy !== undefined) head.rules["A new rule"] = { ...copy, points: copy.points + 7 };
  const seg = Object.keys(head.segments).pop();
  if (seg !== undefined) delete head.segments[seg];
  return head;
}

const time = (fn: () => void): number => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

function main(): number {
  const { values } = parseArgs({
    options: {
      contacts: { type: "string", default: "100000" },
      days: { type: "string", default: "54" },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "3" },
      examples: { type: "string", default: EXAMPLES },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  const seed = Number(values.seed);

  const large = compile(generateDslWorkspace(seed));
  const head = changed(large);
  let diffChanges = 0;
  for (let i = 0; i < 5; i++) diffIr(large, head); // warm-up
  const diffMs: number[] = [];
  const diffCpuMs: number[] = [];
  for (let i = 0; i < 9; i++) {
    const cpu = process.cpuUsage();
    diffMs.push(time(() => (diffChanges = diffIr(large, head).changes.length)));
    const used = process.cpuUsage(cpu);
    diffCpuMs.push((used.user + used.system) / 1000);
  }

  const base = b2b(values.examples, (_p, t) => t);
  const raised = b2b(values.examples, (p, t) => (p === "lifecycle.funnel" ? t.replace("threshold mql when engagement >= 60", "threshold mql when engagement >= 70") : t));
  const t = performance.now();
  const events = [...generateHistory({ workspace: "b2b", contacts: Number(values.contacts), days: Number(values.days), seed })];
  const generateMs = performance.now() - t;
  const simulateMs: number[] = [];
  const planMs: number[] = [];
  let mqlsBefore = 0;
  let mqlsAfter = 0;
  let contacts = 0;
  for (let i = 0; i < runs; i++) {
    simulateMs.push(time(() => (contacts = simulate(base, events).contacts.length)));
    planMs.push(
      time(() => {
        const impact = computeImpact(base, raised, events);
        diffIr(base, raised);
        mqlsBefore = impact.before.fires;
        mqlsAfter = impact.after.fires;
      }),
    );
  }
  const report: PlanProbeReport = { diffMs, diffCpuMs, diffChanges, events: events.length, contacts, simulateMs, planMs, mqlsBefore, mqlsAfter, generateMs };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
