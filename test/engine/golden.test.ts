/**
 * Golden outputs: `simulate` on a seeded generated history of every example workspace must
 * stay byte-identical (hashed), and so must the stored contact states. Performance work on
 * the engine may change how it computes, never what: a changed hash here is a changed
 * semantics, to be explained (and the hash updated) on purpose, not by accident.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generateHistory, type WorkspaceName } from "../../bench/gen-history.js";
import { compileWorkspace } from "../../dsl/index.js";
import { compileModel, emptySimulation, runSimulation, simulate, summarize } from "../../runtime/engine/index.js";
import type { CompiledIr } from "../../schemas/ir.js";

function compileExample(name: string): CompiledIr {
  const dir = join(import.meta.dirname, "../../examples", name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel") || f.endsWith(".funnel.yaml"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.value.ir;
}

const sha = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** Output hash (summary with the ledger), state hash (every stored contact state), effect count. */
const GOLDEN: Partial<Record<WorkspaceName, { output: string; state: string; effects: number }>> = {
  // b2b changed on purpose: the nurture goal needs a second demo request (more nurture emails go out).
  b2b: { output: "56409cb3939a5c10", state: "09221e260ab9f231", effects: 25447 },
  webshop: { output: "52dd7470e5bc258b", state: "8f369bd621421cfd", effects: 2289 },
  "multi-product": { output: "dbd1d06a8902c946", state: "38ad592d56e67798", effects: 15488 },
  "event-stages": { output: "f9927cb8b6a0a1a5", state: "b85298d41d436485", effects: 2040 },
};

describe.each(Object.keys(GOLDEN) as WorkspaceName[])("examples/%s: golden simulate output", (name) => {
  test("a seeded history gives the recorded output, states and effect count", () => {
    const ir = compileExample(name);
    const model = compileModel(ir);
    const events = [...generateHistory({ workspace: name, contacts: 400, days: 150, seed: 11 })];
    const until = Date.parse("2026-01-01T00:00:00Z") + 200 * 86_400_000;
    const sim = emptySimulation();
    const { effects, errors } = runSimulation(model, sim, events, until);
    const got = {
      output: sha(JSON.stringify(summarize(model, sim, effects, errors, true))),
      state: sha(JSON.stringify(sim.contacts)),
      effects: effects.filter((e) => e.type !== "timer").length,
    };
    expect(got).toEqual(GOLDEN[name]);
    // `simulate` keeps only the effects its summary reads: the same output.
    expect(sha(JSON.stringify(simulate(ir, events, { until, ledger: true })))).toBe(got.output);
  }, 60_000);
});
