/**
 * Every example file is already in canonical form, so `funnelform fmt --check examples/`
 * passes and a user who copies an example and runs `fmt` sees no churn. Checked with the
 * same steps as the command (runtime/cli/commands/fmt.ts): parse, print, compare.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printDsl } from "../../dsl/print/dsl.js";
import { printYaml, schemaOf } from "../../dsl/print/yaml.js";
import { parseFunnel } from "../../dsl/syntax/index.js";
import { loadYaml } from "../../dsl/yaml/index.js";

const ROOT = join(import.meta.dirname, "../..");

/** Every workspace file under `examples/`, at any depth (`examples/ci/funnel/model.funnel`). */
function workspaceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return workspaceFiles(path);
    return name.endsWith(".funnel") || name.endsWith(".funnel.yaml") ? [path] : [];
  });
}

const FILES = workspaceFiles("examples").sort();

function format(path: string, text: string): string {
  if (path.endsWith(".funnel")) return printDsl(parseFunnel(text, path).value);
  const schema = schemaOf(text);
  const ast = loadYaml(text, path).value;
  return schema === undefined ? printYaml(ast) : printYaml(ast, { schema });
}

describe("the examples are formatted", () => {
  it("has example files to check", () => {
    expect(FILES.filter((f) => f.endsWith(".funnel")).length).toBeGreaterThan(5);
    expect(FILES.filter((f) => f.endsWith(".funnel.yaml")).length).toBeGreaterThan(5);
  });

  it.each(FILES)("%s is what fmt would write", (path) => {
    const text = readFileSync(join(ROOT, path), "utf8");
    expect(format(path, text)).toBe(text);
  });
});
