import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { parseFunnel } from "../../dsl/syntax/index.js";
import { loadYaml } from "../../dsl/yaml/index.js";
import { parseJsonBaseline } from "../../bench/baselines/json-grammar.js";
import { jsonOfSize } from "../../bench/baselines/json-input.js";
import { loadCompilerApi, type Compile, type FrontEnd, type JsonBaseline } from "../../bench/compiler-api.js";
import { runCompilerBench } from "../../bench/compiler.bench.js";
import { formatReport } from "../../bench/report.js";

// The benchmark loads these at run time; this keeps its local signatures honest at build time.
const apis: [FrontEnd, FrontEnd, Compile, JsonBaseline] = [parseFunnel, loadYaml, compileWorkspace, parseJsonBaseline];

describe("the benchmark harness", () => {
  it("finds the compiler's entry points", async () => {
    const api = await loadCompilerApi();
    const loaded = [api.parseFunnel, api.loadYaml, api.compileWorkspace, api.parseJsonBaseline];
    expect(loaded.map((l) => (l.ok ? "ok" : l.why))).toEqual(["ok", "ok", "ok", "ok"]);
    expect(apis).toHaveLength(4);
  });

  it("feeds the JSON baseline a valid document of the requested size", () => {
    const json = jsonOfSize(20_000);
    expect(Buffer.byteLength(json)).toBeGreaterThanOrEqual(20_000);
    expect(Buffer.byteLength(json)).toBeLessThan(20_500);
    const parsed = parseJsonBaseline(json);
    expect(parsed.lexErrors).toEqual([]);
    expect(parsed.parseErrors).toEqual([]);
  });

  it("reports every measurement and PASS/MISS lines for the compiler targets on a tiny workspace", async () => {
    const result = await runCompilerBench({ seed: 1, scale: 0.005, runs: 1, warmup: 0, memory: false, code: "source" });
    expect(result.metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining(["DSL front end (parseFunnel)", "YAML front end (loadYaml)", "validate+compile, DSL workspace (median)"]) as unknown,
    );
    expect(result.targets.map((t) => t.name)).toEqual([
      "DSL front end / chevrotain JSON grammar",
      "YAML front end / bare parseDocument",
      "DSL front end / YAML front end (MB/s)",
    ]);
    expect(result.notes).toContain("DSL and YAML compile to the same hash");
    const report = formatReport([result]);
    expect(report).toMatch(/^ {2}(PASS|MISS) {2}DSL front end \/ chevrotain JSON grammar: /m);
    expect(report).toMatch(/SKIP {2}peak memory: not asked for/);
  });
});
