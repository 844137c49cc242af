import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { historyText, type WorkspaceName } from "../../bench/gen-history.js";
import { compileWorkspace } from "../../dsl/index.js";
import { simulate } from "../../runtime/engine/simulate.js";
import { advance, replayHistory, replayWithProgress, startReplay, view } from "../../runtime/scenario/replay.js";
import type { CompiledIr } from "../../schemas/ir.js";

function example(name: string): CompiledIr {
  const dir = join(import.meta.dirname, "../../examples", name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const ir = compileWorkspace(files).value?.ir;
  if (ir === undefined) throw new Error(`${name} does not compile`);
  return ir;
}

const events = (workspace: WorkspaceName): unknown[] =>
  historyText({ workspace, contacts: 60, days: 45, seed: 3 })
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as unknown);

describe("replays for tests and plans", () => {
  for (const name of ["b2b", "multi-product", "webshop"] as const) {
    it(`${name}: a replay in one go gives exactly what simulate gives`, () => {
      const ir = example(name);
      const history = events(name);
      const until = Date.parse("2026-03-01T00:00:00Z");
      expect(JSON.stringify(replayHistory(ir, history, until).result)).toBe(JSON.stringify(simulate(ir, history, { until })));
    });
  }

  it("stopping to look on the way changes nothing at the end", () => {
    const ir = example("b2b");
    const history = events("b2b") as { at: string }[];
    const mid = Date.parse("2026-01-20T00:00:00Z");
    const r = startReplay(ir);
    advance(r, history.filter((e) => Date.parse(e.at) <= mid), mid);
    view(r);
    advance(r, history.filter((e) => Date.parse(e.at) > mid));
    expect(view(r).contacts).toEqual(simulate(ir, history).contacts);
  });
});

describe("a replay that reports progress", () => {
  it("gives the same result in steps as in one go, and reports every step", () => {
    const ir = example("b2b");
    const history = historyText({ workspace: "b2b", contacts: 200, days: 120, seed: 5 })
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown)
      .reverse();
    expect(history.length).toBeGreaterThan(3000);
    const steps: number[] = [];
    const until = Date.parse("2026-06-01T00:00:00Z");
    const stepped = replayWithProgress(ir, history, until, (done) => steps.push(done), 1000);
    expect(steps.at(-1)).toBe(history.length);
    expect(steps.length).toBeGreaterThan(1);
    expect(JSON.stringify(stepped.result)).toBe(JSON.stringify(replayHistory(ir, history, until).result));
  }, 120_000);
});
