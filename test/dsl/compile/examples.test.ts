import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../../dsl/index.js";

const root = new URL("../../../examples/", import.meta.url);
const dirs = existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "ci").map((d) => d.name) : [];

function compileDir(dir: string) {
  const files = readdirSync(new URL(`${dir}/`, root))
    .filter((f) => /\.funnel(\.ya?ml)?$/.test(f))
    .map((f) => ({ path: f, text: readFileSync(new URL(`${dir}/${f}`, root), "utf8") }));
  return compileWorkspace(files);
}

describe("the example workspaces", () => {
  it.each(dirs)("%s compiles without errors", (dir) => {
    const r = compileDir(dir);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.value?.ir.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(dirs.filter((d) => d.endsWith("-yaml") && dirs.includes(d.slice(0, -"-yaml".length))))("%s has the same hash as its DSL twin", (dir) => {
    expect(compileDir(dir).value?.ir.hash).toBe(compileDir(dir.slice(0, -"-yaml".length)).value?.ir.hash);
  });
});
