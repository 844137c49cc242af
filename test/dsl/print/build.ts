/**
 * Terse builders for hand-written ASTs in the printer tests. Every span is the empty span
 * at 0: the printers never look at spans, and round-trip checks strip them.
 */
import type { ActionNode, CondNode, Decl, DurNode, FileAst, LiteralNode, Name, RefNode, StageNode, StepNode, StrNode, Tok } from "../../../dsl/ast.js";
import type { Span } from "../../../dsl/span.js";

export const S: Span = { file: "t", start: 0, end: 0 };
export const n = (text: string): Name => ({ text, span: S });
export const s = (value: string): StrNode => ({ value, span: S });
export const num = (value: number) => ({ value, span: S });
export const tok = <T extends string>(value: T): Tok<T> => ({ value, span: S });
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
export const dur = (text: string): DurNode => ({ seconds: Number(text.slice(0, -1)) * (UNIT[text.slice(-1)] ?? 0), text, span: S });
export const ref = (name: string, key?: string): RefNode =>
  key === undefined ? { name: n(name), span: S } : { name: n(name), key: key === "any" ? { kind: "any", span: S } : { kind: "value", value: key, span: S }, span: S };

export const lit = {
  str: (value: string): LiteralNode => ({ kind: "string", value, span: S }),
  num: (value: number): LiteralNode => ({ kind: "number", value, span: S }),
  bool: (value: boolean): LiteralNode => ({ kind: "boolean", value, span: S }),
  list: (...items: LiteralNode[]): LiteralNode => ({ kind: "list", items, span: S }),
};

export const c = {
  and: (...args: CondNode[]): CondNode => ({ kind: "and", args, span: S }),
  or: (...args: CondNode[]): CondNode => ({ kind: "or", args, span: S }),
  not: (arg: CondNode): CondNode => ({ kind: "not", arg, span: S }),
  paren: (inner: CondNode): CondNode => ({ kind: "paren", inner, span: S }),
  cmp: (r: string, op: Extract<CondNode, { kind: "compare" }>["op"]["value"], value: LiteralNode): CondNode => ({
    kind: "compare",
    ref: ref(r),
    op: tok(op),
    value,
    span: S,
  }),
  bare: (r: string): CondNode => ({ kind: "bare", ref: ref(r), span: S }),
  did: (event: string, where?: CondNode, within?: string): CondNode => ({
    kind: "history",
    agg: "did",
    event: n(event),
    ...(where ? { where } : {}),
    ...(within ? { within: dur(within) } : {}),
    span: S,
  }),
};

export const a = {
  tag: (t: string): ActionNode => ({ kind: "tag", tag: n(t), span: S }),
  stage: (p: string, st: string): ActionNode => ({ kind: "stage", pipeline: n(p), stage: n(st), span: S }),
  notify: (template: string): ActionNode => ({ kind: "notify", to: { kind: "owner", span: S }, template: s(template), span: S }),
  feedback: (loop: string): ActionNode => ({ kind: "feedback", loop: n(loop), span: S }),
  start: (campaign: string): ActionNode => ({ kind: "start", campaign: n(campaign), span: S }),
  set: (field: string, value: LiteralNode): ActionNode => ({ kind: "set", field: n(field), value, span: S }),
  sendEmail: (template: string): ActionNode => ({ kind: "send_email", template: s(template), span: S }),
  deleteContact: (after?: string): ActionNode => (after ? { kind: "delete_contact", after: dur(after), span: S } : { kind: "delete_contact", span: S }),
};

/** Omit over each member of a union, so object literals are checked against their own kind. */
type Bare<T> = T extends unknown ? Omit<T, "comments" | "span"> & { comments?: string[] } : never;

export function step(body: Bare<StepNode>): StepNode {
  return { comments: [], span: S, ...body };
}

export function stage(name: string, extra: Partial<StageNode> = {}): StageNode {
  return { name: n(name), triggers: [], comments: [], span: S, ...extra };
}

/** A declaration with empty comments and span unless given. */
export function decl(d: Bare<Decl>): Decl {
  return { comments: [], span: S, ...d };
}

export function file(decls: Decl[], trailingComments: string[] = []): FileAst {
  return { file: "t", syntax: "dsl", decls, trailingComments };
}
