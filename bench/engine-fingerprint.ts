/**
 * A fingerprint of everything the engine produces for generated histories of the example
 * workspaces: every effect of every input (all of them, not only what `simulate` keeps), the
 * end state of every contact and `simulate`'s summary, hashed. An optimisation of the engine
 * must leave it unchanged; run it before and after and compare.
 *
 *   tsx bench/engine-fingerprint.ts [--contacts N] [--days N] [--seed N]
 *
 * Keys are sorted before hashing, so a state whose fields are written in another order (or
 * left out when undefined) hashes the same; a different value does not.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { compileWorkspace } from "../dsl/index.js";
import { compileModel, emptySimulation, runSimulation, summarize, summaryEffects, type Model } from "../runtime/engine/index.js";
import { generateHistory } from "./history/generate.js";
import type { WorkspaceName } from "./history/vocabulary.js";

const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));

function model(name: string): Model {
  const dir = join(EXAMPLES, name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel") || f.endsWith(".yaml"))
    .filter((f) => !f.endsWith(".test.yaml"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(`examples/${name} does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return compileModel(r.value.ir);
}

/** JSON with object keys sorted at every level (arrays keep their order). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === null || typeof x !== "object" || Array.isArray(x)) return x;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) out[k] = (x as Record<string, unknown>)[k];
    return out;
  });
}

function fingerprint(name: WorkspaceName, contacts: number, days: number, seed: number): { effects: number; hash: string } {
  const m = model(name);
  const events = [...generateHistory({ workspace: name, contacts, days, seed })];
  const last = events[events.length - 1];
  const until = last === undefined ? undefined : Date.parse(last.at) + 40 * 86_400_000;
  const sim = emptySimulation();
  const h = createHash("sha256");
  // Two runs with the state kept between them, as a split history would be replayed.
  const half = Math.floor(events.length / 2);
  const a = runSimulation(m, sim, events.slice(0, half));
  for (const e of a.effects) h.update(canonical(e) + "\n");
  const b = runSimulation(m, sim, events.slice(half), until);
  for (const e of b.effects) h.update(canonical(e) + "\n");
  for (const id of Object.keys(sim.contacts).sort()) h.update(canonical(sim.contacts[id]) + "\n");
  const summary = canonical(summarize(m, sim, [...a.effects, ...b.effects], [...a.errors, ...b.errors], true));
  h.update(summary);
  // The same replay keeping only what the summary reads (the engine then builds no other
  // effects) must end in the same states and the same summary.
  const states = Object.keys(sim.contacts).sort().map((id) => canonical(sim.contacts[id])).join("\n");
  const quiet = emptySimulation();
  const keep = summaryEffects(false);
  const plain = canonical(summarize(m, sim, [...a.effects, ...b.effects], [...a.errors, ...b.errors]));
  const qa = runSimulation(m, quiet, events.slice(0, half), undefined, keep);
  const qb = runSimulation(m, quiet, events.slice(half), until, keep);
  const quietStates = Object.keys(quiet.contacts).sort().map((id) => canonical(quiet.contacts[id])).join("\n");
  const quietSummary = canonical(summarize(m, quiet, [...qa.effects, ...qb.effects], [...qa.errors, ...qb.errors]));
  if (quietStates !== states || quietSummary !== plain) throw new Error(`${name}: the replay keeping only the summary's effects differs`);
  return { effects: a.effects.length + b.effects.length, hash: h.digest("hex").slice(0, 16) };
}

function main(): number {
  const { values } = parseArgs({ options: { contacts: { type: "string", default: "3000" }, days: { type: "string", default: "120" }, seed: { type: "string", default: "7" } } });
  for (const name of ["b2b", "webshop", "multi-product", "event-stages"] as const) {
    const r = fingerprint(name, Number(values.contacts), Number(values.days), Number(values.seed));
    process.stdout.write(`${name}\t${r.effects} effects\t${r.hash}\n`);
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
