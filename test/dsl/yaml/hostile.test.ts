import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

const FILE = "h.funnel.yaml";

function timed<T>(f: () => T): { result: T; ms: number } {
  const t = performance.now();
  const result = f();
  return { result, ms: performance.now() - t };
}

describe("loadYaml: hostile input gets a clear error in bounded time", () => {
  it("stops an alias bomb (billion laughs) at the alias limit", () => {
    const lists = ["&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    const names = "abcdefghi";
    for (let i = 1; i < names.length; i++) lists.push(`&${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(", ")}]`);
    const text = `fields:\n  f:\n    type: string[]\n    default: [${lists.join(", ")}]\n`;
    const { result, ms } = timed(() => loadYaml(text, FILE));
    expect(ms).toBeLessThan(3000);
    expect(result.diagnostics.filter((d) => d.code === "yaml-alias-limit")).toHaveLength(1);
  });

  it("refuses a file over 10 MB without parsing it", () => {
    const text = `version: "1"\n# ${"x".repeat(10 * 1024 * 1024)}\n`;
    const { result, ms } = timed(() => loadYaml(text, FILE));
    expect(ms).toBeLessThan(5000);
    expect(result.diagnostics).toMatchObject([{ code: "file-too-large", span: { file: FILE, start: 0 } }]);
    expect(result.value.decls).toEqual([]);
  });

  it("counts bytes, not characters, against the size limit", () => {
    const text = `# ${"é".repeat(6 * 1024 * 1024)}\n`; // 6 M characters, 12 MB
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "file-too-large" }]);
  });

  it.each([
    ["brackets", "[".repeat(5000) + "]".repeat(5000)],
    ["indented lists", Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "- x:").join("\n")],
    ["compact lists", "- ".repeat(5000) + "x"],
  ])("refuses nesting that is too deep (%s), and the next file still loads", (_, text) => {
    const { result, ms } = timed(() => loadYaml(text, FILE));
    expect(ms).toBeLessThan(3000);
    expect(result.diagnostics).toMatchObject([{ code: "nesting-too-deep" }]);
    expect(loadYaml('version: "1"\n', FILE).diagnostics).toEqual([]);
  });

  it("keeps reading a file of moderate depth", () => {
    const text = "campaigns:\n  c:\n    steps:\n" + nestedIf(6, "      ");
    const { result } = timed(() => loadYaml(text, FILE));
    expect(result.diagnostics).toEqual([]);
  });
});

function nestedIf(depth: number, indent: string): string {
  if (depth === 0) return `${indent}- wait 1d\n`;
  return `${indent}- if: tagged vip\n${indent}  then:\n${nestedIf(depth - 1, indent + "    ")}`;
}
