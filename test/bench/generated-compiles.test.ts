import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { generateDslWorkspace, generateYamlWorkspace, type WorkspaceCounts } from "../../bench/gen-workspace.js";

const COUNTS: WorkspaceCounts = { rules: 400, segments: 60, campaigns: 20, pipelines: 5, thresholds: 10, rulesPerFile: 150 };

describe("the generated workspace", () => {
  const dsl = compileWorkspace(generateDslWorkspace(11, COUNTS));
  const yaml = compileWorkspace(generateYamlWorkspace(11, COUNTS));

  it("compiles with no errors in DSL", () => {
    expect(dsl.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const rules = Object.values(dsl.value?.ir.rules ?? {});
    expect(rules.filter((r) => r.kind === "event")).toHaveLength(400);
    expect(rules.filter((r) => r.kind === "fit")).toHaveLength(40);
    expect(Object.keys(dsl.value?.ir.segments ?? {})).toHaveLength(60);
    expect(Object.keys(dsl.value?.ir.campaigns ?? {})).toHaveLength(20);
    expect(Object.keys(dsl.value?.ir.pipelines ?? {})).toHaveLength(5);
    expect(Object.keys(dsl.value?.ir.thresholds ?? {})).toHaveLength(10);
  });

  it("compiles with no errors in YAML", () => {
    expect(yaml.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(Object.keys(yaml.value?.ir.rules ?? {})).toHaveLength(440);
  });

  it("gives the same hash in both syntaxes", () => {
    expect(dsl.value?.ir.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(yaml.value?.ir.hash).toBe(dsl.value?.ir.hash);
  });
});
