import { describe, expect, it } from "vitest";
import { isMap, parseDocument } from "yaml";
import { generateDslWorkspace, generateYamlWorkspace, scaledCounts, type WorkspaceCounts } from "../../bench/gen-workspace.js";
import { buildWorkspaceModel } from "../../bench/workspace/build.js";
import { LARGE } from "../../bench/workspace/model.js";

const SMALL: WorkspaceCounts = { rules: 120, segments: 25, campaigns: 12, pipelines: 4, thresholds: 6, rulesPerFile: 50 };

const countLines = (files: { text: string }[], re: RegExp) => files.reduce((n, f) => n + (f.text.match(re)?.length ?? 0), 0);

/** Entries under each top-level group key across all YAML files. */
function yamlGroupSizes(files: { path: string; text: string }[]): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const f of files) {
    const doc = parseDocument(f.text, { uniqueKeys: true });
    expect(doc.errors, f.path).toEqual([]);
    const root = doc.contents;
    if (!isMap(root)) throw new Error(`${f.path} is not a mapping`);
    for (const pair of root.items) {
      const key = String((pair.key as { value?: unknown }).value);
      const value = pair.value;
      if (isMap(value)) sizes[key] = (sizes[key] ?? 0) + value.items.length;
    }
  }
  return sizes;
}

describe("the workspace generator", () => {
  it("gives the same bytes for the same seed, and different ones for another seed", () => {
    expect(generateDslWorkspace(7, SMALL)).toEqual(generateDslWorkspace(7, SMALL));
    expect(generateYamlWorkspace(7, SMALL)).toEqual(generateYamlWorkspace(7, SMALL));
    expect(generateDslWorkspace(8, SMALL)).not.toEqual(generateDslWorkspace(7, SMALL));
  });

  it("writes the requested number of rules, segments, campaigns, pipelines and thresholds in DSL", () => {
    const files = generateDslWorkspace(3, SMALL);
    expect(countLines(files, /^rule "[^"]*" on /gm)).toBe(120);
    expect(countLines(files, /^rule "[^"]*" when /gm)).toBe(12);
    expect(countLines(files, /^segment /gm)).toBe(25);
    expect(countLines(files, /^campaign /gm)).toBe(12);
    expect(countLines(files, /^pipeline /gm)).toBe(4);
    expect(countLines(files, /^threshold /gm)).toBe(6);
    expect(countLines(files, /^version /gm)).toBe(1);
    expect(files.filter((f) => f.path.startsWith("rules-"))).toHaveLength(3);
    expect(files.every((f) => f.path.endsWith(".funnel"))).toBe(true);
  });

  it("writes the same content as YAML that parses without errors or duplicate keys", () => {
    const files = generateYamlWorkspace(3, SMALL);
    expect(files.every((f) => f.path.endsWith(".funnel.yaml"))).toBe(true);
    expect(yamlGroupSizes(files)).toMatchObject({ rules: 132, segments: 25, campaigns: 12, pipelines: 4, thresholds: 6, feedback: 4 });
  });

  it("builds the large workspace the benchmark needs", () => {
    const decls = buildWorkspaceModel(1, LARGE).flatMap((f) => f.decls);
    const count = (kind: string) => decls.filter((d) => d.kind === kind).length;
    expect({
      rules: decls.filter((d) => d.kind === "rule" && d.on !== undefined).length,
      fitRules: decls.filter((d) => d.kind === "rule" && d.when !== undefined).length,
      segments: count("segment"),
      campaigns: count("campaign"),
      pipelines: count("pipeline"),
      thresholds: count("threshold"),
    }).toEqual({ rules: 10_000, fitRules: 1000, segments: 300, campaigns: 100, pipelines: 10, thresholds: 50 });
    const named = decls.flatMap((d) => ("name" in d ? [`${d.kind}:${d.name}`] : []));
    expect(new Set(named).size).toBe(named.length);
  });

  it("scales the large counts down for quick runs", () => {
    expect(scaledCounts(0.1)).toEqual({ rules: 1000, segments: 30, campaigns: 10, pipelines: 2, thresholds: 5 });
  });
});
