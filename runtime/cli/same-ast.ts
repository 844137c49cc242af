import type { FileAst } from "../../dsl/ast.js";

/** Two ASTs say the same thing: equal apart from where they were read from (spans, syntax). */
export function sameAst(a: FileAst, b: FileAst): boolean {
  return JSON.stringify(a.decls, dropSpans) === JSON.stringify(b.decls, dropSpans);
}

function dropSpans(key: string, value: unknown): unknown {
  return key === "span" ? undefined : value;
}
