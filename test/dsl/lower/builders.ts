/** Tiny AST builders for lowering tests that must not depend on a parser. Spans are synthetic but distinct. */
import type { CondNode, Decl, FileAst, LiteralNode, Name, RefNode, Span } from "../../../dsl/ast.js";

let offset = 0;
export const sp = (file = "t.funnel"): Span => {
  offset += 10;
  return { file, start: offset, end: offset + 5 };
};
export const name = (text: string): Name => ({ text, span: sp() });
export const ref = (text: string, key?: string): RefNode => ({
  name: name(text),
  span: sp(),
  ...(key === undefined ? {} : { key: key === "any" ? { kind: "any", span: sp() } : { kind: "value", value: key, span: sp() } }),
});
export const str = (value: string): LiteralNode => ({ kind: "string", value, span: sp() });
export const num = (value: number): LiteralNode => ({ kind: "number", value, span: sp() });
export const cmp = (r: RefNode, op: Extract<CondNode, { kind: "compare" }>["op"]["value"], value: LiteralNode): CondNode => ({
  kind: "compare",
  ref: r,
  op: { value: op, span: sp() },
  value,
  span: sp(),
});
export const and = (...args: CondNode[]): CondNode => ({ kind: "and", args, span: sp() });
export const or = (...args: CondNode[]): CondNode => ({ kind: "or", args, span: sp() });
export const paren = (inner: CondNode): CondNode => ({ kind: "paren", inner, span: sp() });
export const base = { comments: [] as string[], span: sp() };
export const version: Decl = { kind: "version", value: { value: "1", span: sp() }, ...base };
export const file = (decls: Decl[], path = "t.funnel"): FileAst => ({ file: path, syntax: "dsl", decls: [version, ...decls], trailingComments: [] });
export const segment = (segName: string, when: CondNode): Decl => ({ kind: "segment", name: name(segName), when, ...base });
export const field = (fieldName: string, type: "string" | "number" | "boolean" | "timestamp" | "string[]"): Decl => ({
  kind: "field",
  name: name(fieldName),
  type: { value: type, span: sp() },
  ...base,
});
export const score = (scoreName: string, per?: string): Decl => ({
  kind: "score",
  name: name(scoreName),
  ...(per === undefined ? {} : { per: { kind: "prop", prop: name(per), span: sp() } }),
  ...base,
});
