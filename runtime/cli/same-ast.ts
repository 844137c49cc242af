import type { FileAst } from "../../dsl/ast.js";
import { canonicalJson } from "../../dsl/canonical.js";

/**
 * Two ASTs say the same thing: equal apart from where they were read from. Every span
 * (`{file, start, end}`) is ignored, including the ones that stand for flags such as
 * `initial` or `once`, whose offsets move when a file is reformatted.
 */
export function sameAst(a: FileAst, b: FileAst): boolean {
  // Through JSON first to drop spans, then canonical: the order keys were set in is not meaning.
  const key = (f: FileAst) => canonicalJson(JSON.parse(JSON.stringify({ decls: f.decls, trailing: f.trailingComments }, dropSpans)));
  return key(a) === key(b);
}

function isSpan(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 3 && "file" in v && "start" in v && "end" in v;
}

function dropSpans(_key: string, value: unknown): unknown {
  return isSpan(value) ? true : value;
}
