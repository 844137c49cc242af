/**
 * The engine's invariants on the real example workspaces with generated histories: every
 * concept of the examples (per-product scores, campaigns, feedback loops, suppression) is
 * exercised together, at a realistic mix.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generateHistory, type WorkspaceName } from "../../bench/gen-history.js";
import { compileWorkspace } from "../../dsl/index.js";
import { compileModel, emptySimulation, runSimulation, summarize, type SimulationState } from "../../runtime/engine/index.js";
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

const WORKSPACES: WorkspaceName[] = ["b2b", "webshop", "multi-product", "event-stages"];

describe.each(WORKSPACES)("examples/%s with a generated history", (name) => {
  const model = compileModel(compileExample(name));
  const events = [...generateHistory({ workspace: name, contacts: 60, days: 120, seed: 7 })];
  const until = Date.parse("2026-01-01T00:00:00Z") + 150 * 86_400_000;

  test("every event is accepted, contacts move, and the ledger sums to every score", () => {
    const sim = emptySimulation();
    const { effects, errors } = runSimulation(model, sim, events, until);
    expect(errors).toEqual([]);
    const sums = new Map<string, number>();
    for (const e of effects) if (e.type === "ledger") sums.set(`${e.contact}/${e.score}/${e.key}`, (sums.get(`${e.contact}/${e.score}/${e.key}`) ?? 0) + e.delta);
    let cells = 0;
    for (const st of Object.values(sim.contacts)) {
      for (const [score, byKey] of Object.entries(st.scores)) {
        const sm = model.scores.get(score);
        for (const [key, cell] of Object.entries(byKey)) {
          cells++;
          expect(sums.get(`${st.id}/${score}/${key}`) ?? 0).toBeCloseTo(cell.value, 6);
          expect(cell.value).toBeLessThanOrEqual(sm?.max ?? Infinity);
        }
      }
    }
    if (model.contactScores.length > 0) expect(cells).toBeGreaterThan(0);
    expect(effects.some((e) => e.type === "stage" && e.reason !== "initial")).toBe(true);
  });

  test("a run split in three, with the state serialised in between, gives the same result", () => {
    const whole = emptySimulation();
    const all = runSimulation(model, whole, events, until);
    let sim: SimulationState = emptySimulation();
    const effects = [];
    const cuts = [events.length / 3, (2 * events.length) / 3].map((i) => Date.parse(events[Math.floor(i)]?.at ?? "") || 0);
    const parts = [events.filter((e) => Date.parse(e.at) < (cuts[0] ?? 0)), events.filter((e) => Date.parse(e.at) >= (cuts[0] ?? 0) && Date.parse(e.at) < (cuts[1] ?? 0)), events.filter((e) => Date.parse(e.at) >= (cuts[1] ?? 0))];
    for (const [i, part] of parts.entries()) {
      const r = runSimulation(model, sim, part, i === 2 ? until : undefined);
      effects.push(...r.effects);
      sim = JSON.parse(JSON.stringify(sim)) as SimulationState;
    }
    expect(effects.length).toBe(all.effects.length);
    expect(JSON.stringify(summarize(model, sim, effects, []))).toBe(JSON.stringify(summarize(model, whole, all.effects, [])));
  });
});
