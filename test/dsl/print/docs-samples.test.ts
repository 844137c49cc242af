/**
 * `fmt` and `convert` on the examples users read: every complete example of
 * docs/language.md, and the SPEC's sample workspace, whose canonical forms are golden files
 * (refresh with `UPDATE_FIXTURES=1`, review as a diff).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { FileAst } from "../../../dsl/ast.js";
import { printDsl } from "../../../dsl/print/dsl.js";
import { printYaml } from "../../../dsl/print/yaml.js";
import { parseFunnel } from "../../../dsl/syntax/index.js";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { stripSpans } from "./arbitraries.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../..");

function read(text: string, syntax: "dsl" | "yaml"): { ast: FileAst; errors: number } {
  const r = syntax === "dsl" ? parseFunnel(text, "d.funnel") : loadYaml(text, "d.funnel.yaml");
  return { ast: r.value, errors: r.diagnostics.filter((d) => d.severity === "error").length };
}

const print = (ast: FileAst, syntax: "dsl" | "yaml"): string => (syntax === "dsl" ? printDsl(ast) : printYaml(ast));
const other = (syntax: "dsl" | "yaml"): "dsl" | "yaml" => (syntax === "dsl" ? "yaml" : "dsl");

/** fmt is idempotent, keeps the AST, and a round trip through the other syntax changes nothing. */
function expectStable(text: string, syntax: "dsl" | "yaml"): string {
  const first = read(text, syntax).ast;
  const formatted = print(first, syntax);
  const again = read(formatted, syntax);
  expect(again.errors, formatted).toBe(0);
  expect(stripSpans(again.ast)).toEqual(stripSpans(first));
  expect(print(again.ast, syntax)).toBe(formatted);
  const converted = print(first, other(syntax));
  const back = read(converted, other(syntax));
  expect(back.errors, converted).toBe(0);
  expect(print(back.ast, syntax)).toBe(formatted);
  return formatted;
}

describe("docs/language.md examples", () => {
  const md = readFileSync(join(root, "docs/language.md"), "utf8");
  const blocks = [...md.matchAll(/```(yaml)?\n([\s\S]*?)```/g)].map((m) => ({ syntax: m[1] === "yaml" ? ("yaml" as const) : ("dsl" as const), text: m[2] ?? "" }));
  // Examples with `[optional]` parts or fragments are illustrations, not files.
  const complete = blocks.filter((b) => read(b.text, b.syntax).errors === 0);

  it("has complete examples in both syntaxes to check", () => {
    expect(complete.filter((b) => b.syntax === "dsl").length).toBeGreaterThanOrEqual(5);
    expect(complete.filter((b) => b.syntax === "yaml").length).toBeGreaterThanOrEqual(1);
  });

  it("formats every complete example stably in its own syntax and through the other", () => {
    for (const b of complete) expectStable(b.text, b.syntax);
  });
});

describe("the SPEC's sample workspace", () => {
  const golden = (name: string, text: string): void => {
    const path = join(here, "fixtures", name);
    if (process.env["UPDATE_FIXTURES"] === "1") writeFileSync(path, text);
    expect(existsSync(path), `${name} is missing: run with UPDATE_FIXTURES=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(path, "utf8"));
  };

  it("formats to its golden DSL and converts to its golden YAML", () => {
    const source = readFileSync(join(here, "fixtures/spec-sketch.funnel"), "utf8");
    expect(read(source, "dsl").errors).toBe(0);
    const formatted = expectStable(source, "dsl");
    golden("spec-sketch.formatted.funnel", formatted);
    const yaml = printYaml(read(source, "dsl").ast);
    golden("spec-sketch.funnel.yaml", yaml);
    expect(expectStable(yaml, "yaml")).toBe(yaml);
  });
});
