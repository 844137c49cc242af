/**
 * The author's layout in a YAML file, recorded the way the DSL parser records it
 * (dsl/print/layout.ts): a comment slot for each body key or list item that has one in the
 * DSL (`limit:`, `- mql -> recycled` under `allow:`, `- tag vip` under `do:`, ...), and the
 * paragraphs between declarations, stages, steps and feedback outcomes.
 */
import { isMap, isSeq, isScalar, type Document } from "yaml";
import type { CondNode, Decl, FileAst, StageNode, StepNode } from "../ast.js";
import { markBlankLines, markDeclBlankLines, pruneBodyComments, type LeadStart } from "../print/layout.js";
import type { Commentable } from "./comments.js";

type Slotted = { bodyComments?: Record<string, string[]> };
type Range = readonly [number, number, number];

/** YAML body keys that stand for a DSL setting, by declaration kind. */
const KEY_SLOTS: Partial<Record<Decl["kind"], Record<string, string>>> = {
  score: { kind: "kind", from: "from", limit: "limit", decay: "decay", per: "per" },
  pipeline: { per: "per", for: "account", "allow backward": "backward", "manual lock": "manualLock" },
  threshold: { cooldown: "cooldown", per: "per" },
  campaign: { enter: "enter", leave: "leave", goal: "goal", reenter: "reenter", "on change": "onChange", "send window": "sendWindow" },
  segment: { when: "when.0" },
};
/** Body keys whose list items are slots `PREFIX.N`. */
const LIST_SLOTS: Partial<Record<Decl["kind"], Record<string, string>>> = {
  pipeline: { allow: "allow" },
  threshold: { do: "action" },
};

function rangeOf(node: unknown): Range | undefined {
  const r = (node as { range?: Range | null } | null)?.range;
  return r ?? undefined;
}

/**
 * Comment slots of every declaration body (and of stage `when` lists), as commentables for
 * `attachComments`; each pushes into the node's `bodyComments`.
 */
export function bodySlots(doc: Document, text: string, decls: readonly Decl[]): Commentable[] {
  const byStart = new Map<number, Decl>();
  for (const d of decls) byStart.set(d.span.start, d);
  const out: Commentable[] = [];
  const file = decls[0]?.span.file ?? "";
  const add = (owner: Slotted, slot: string, keyNode: unknown, valueNode: unknown): void => {
    const start = rangeOf(keyNode)?.[0];
    if (start === undefined) return;
    const end = rangeOf(valueNode)?.[1] ?? rangeOf(keyNode)?.[1] ?? start;
    const comments: string[] = [];
    (owner.bodyComments ??= {})[slot] = comments;
    out.push({ comments, slot: true, span: { file, start, end } });
  };
  // The first item's slot starts at the list's key, so a comment above `allow:` is the
  // comment of the first move, as it would be above the first `allow` line of the DSL.
  const items = (owner: Slotted, prefix: string, keyNode: unknown, value: unknown): void => {
    if (isSeq(value)) value.items.forEach((item, i) => add(owner, `${prefix}.${i}`, i === 0 ? keyNode : item, item));
    else if (value !== null && value !== undefined) add(owner, `${prefix}.0`, keyNode, value);
  };
  const root = doc.contents;
  if (!isMap(root)) return out;
  for (const section of root.items) {
    if (!isMap(section.value)) continue;
    for (const pair of section.value.items) {
      const d = byStart.get(rangeOf(pair.key)?.[0] ?? -1);
      if (d === undefined || !isMap(pair.value)) continue;
      const keys = KEY_SLOTS[d.kind] ?? {};
      const lists = LIST_SLOTS[d.kind] ?? {};
      let n = 0;
      for (const body of pair.value.items) {
        const key = isScalar(body.key) ? String(body.key.value) : "";
        const slot = keys[key];
        const list = lists[key];
        if (slot !== undefined) add(d, slot, body.key, body.value);
        if (d.kind === "segment" && key === "when" && d.when !== undefined) out.push(...operandSlots(d, d.when, text));
        else if (list !== undefined) items(d, list, body.key, body.value);
        else if (d.kind === "feedback" && key !== "ask") add(d, `outcome.${n++}`, body.key, body.value);
        else if (d.kind === "feedback") add(d, "ask", body.key, body.value);
        else if (d.kind === "channel" && key === "type") add(d, "type", body.key, body.value);
        else if (d.kind === "channel") add(d, `setting.${n++}`, body.key, body.value);
        else if (d.kind === "pipeline" && key === "stages" && isSeq(body.value)) stageSlots(d.stages, body.value.items, items);
      }
    }
  }
  return out;
}

/**
 * Slots `when.N` for the operands of a segment's top-level `and`/`or`, as the DSL parser
 * makes them: each from its operator to its end, so comments written between operands of a
 * condition in a block scalar stay between them. `when.0` shares the `when:` key's slot.
 */
function operandSlots(d: Slotted, cond: CondNode, text: string): Commentable[] {
  if (cond.kind !== "and" && cond.kind !== "or") return [];
  const args = cond.args;
  // Spans moved onto the whole scalar (escapes in it) say nothing about where operands are.
  if (new Set(args.map((a) => a.span.start)).size !== args.length) return [];
  const out: Commentable[] = [];
  args.forEach((arg, i) => {
    const prev = args[i - 1];
    const start = prev === undefined ? arg.span.start : skipBlank(text, prev.span.end);
    const slots = (d.bodyComments ??= {});
    const comments = (slots[`when.${i}`] ??= []);
    out.push({ comments, slot: true, span: { file: arg.span.file, start, end: arg.span.end } });
  });
  return out;
}

/** The first offset from `at` that is neither blank nor inside a `#` comment. */
function skipBlank(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else break;
  }
  return i;
}

/** Stage `when` items: slots `when.N` of each stage, matched by position. */
function stageSlots(stages: readonly StageNode[], nodes: readonly unknown[], items: (owner: Slotted, prefix: string, keyNode: unknown, value: unknown) => void): void {
  if (stages.length !== nodes.length) return;
  nodes.forEach((node, i) => {
    const stage = stages[i];
    if (stage === undefined || !isMap(node)) return;
    const body = node.items[0]?.value;
    // `- mql:` with its settings below at the same indentation: they are the rest of the item.
    const settings = isMap(body) ? body.items : body === null || (isScalar(body) && body.value === null) ? node.items.slice(1) : [];
    for (const p of settings) if (isScalar(p.key) && p.key.value === "when") items(stage, "when", p.key, p.value);
  });
}

/** Paragraphs and empty-slot cleanup, once comments are attached. */
export function finishLayout(text: string, file: FileAst, leadStart: LeadStart): void {
  markDeclBlankLines(text, file.decls, leadStart);
  for (const d of file.decls) {
    pruneBodyComments(d);
    if (d.kind === "pipeline") {
      markBlankLines(text, d.stages, leadStart);
      d.stages.forEach(pruneBodyComments);
    } else if (d.kind === "campaign") markSteps(text, d.steps, leadStart);
    else if (d.kind === "feedback") {
      const m = new Map<object, number>();
      d.outcomes.forEach((o, i) => {
        const slot = d.bodyComments?.[`outcome.${i}`];
        const at = slot === undefined ? undefined : leadStart.get(slot);
        if (at !== undefined) m.set(o, at);
      });
      markBlankLines(text, d.outcomes, m);
    }
  }
}

function markSteps(text: string, steps: readonly StepNode[], leadStart: LeadStart): void {
  markBlankLines(text, steps, leadStart);
  for (const s of steps) {
    if (s.kind !== "if") continue;
    markSteps(text, s.then, leadStart);
    if (s.else) markSteps(text, s.else, leadStart);
  }
}
