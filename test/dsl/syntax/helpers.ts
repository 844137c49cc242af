import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { CondNode, Decl, FileAst } from "../../../dsl/ast.js";
import { parseFragment, parseFunnel } from "../../../dsl/syntax/index.js";

/** Parses a file that must have no diagnostics. */
export function parseOk(text: string): FileAst {
  const r = parseFunnel(text, "t.funnel");
  expect(r.diagnostics).toEqual([]);
  return r.value;
}

/** The only declaration of a file that must parse cleanly. */
export function oneDecl(text: string): Decl {
  const decls = parseOk(text).decls;
  expect(decls).toHaveLength(1);
  const d = decls[0];
  if (d === undefined) throw new Error("no declaration");
  return d;
}

/** A condition that must parse cleanly. */
export function cond(text: string): CondNode {
  const r = parseFragment("condition", text, "t.funnel", 0);
  expect(r.diagnostics).toEqual([]);
  if (r.value === undefined) throw new Error("no value");
  return r.value;
}

/** The DSL code blocks of docs/language.md (before the YAML section), optional `[...]` parts written out. */
export function docsSnippets(): string[] {
  const md = readFileSync(fileURLToPath(new URL("../../../docs/language.md", import.meta.url)), "utf8");
  const dsl = md.slice(0, md.indexOf("## YAML"));
  return [...dsl.matchAll(/```\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? "")
    .map((b) => b.replace(/\[(after \d+d( inactive)?|via email)\]/g, "$1"));
}

export function readSample(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./samples/${name}`, import.meta.url)), "utf8");
}
