import { describe, expect, it } from "vitest";
import { runEngineBench } from "../../bench/engine.bench.js";

describe("the engine benchmark", () => {
  it("replays a tiny b2b history in a child process and reports throughput, the floor and memory with PASS/MISS lines", () => {
    const result = runEngineBench({ contacts: 50, days: 20, runs: 1, seed: 3 });
    expect(result.skipped).toEqual([]);
    expect(result.metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining(["engine, b2b rules (median)", "baseline: read events, sum per contact (median)", "engine / baseline", "heap per contact (states)"]) as unknown,
    );
    for (const m of result.metrics) expect(Number.isFinite(m.value)).toBe(true);
    expect(result.targets.map((t) => t.name)).toEqual(["engine throughput, single core", "memory per contact (contact states after GC)"]);
  }, 120_000);
});
