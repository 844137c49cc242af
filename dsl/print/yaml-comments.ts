/**
 * Where the YAML printer puts comments (dsl/print/layout.ts has the mapping): above an entry
 * or list item, at the end of its first line, after the last entry of a body, and inside a
 * segment condition written as a block scalar of DSL text.
 */
import type { CondNode, Decl } from "../ast.js";
import { conditionParts, printCondition } from "./condition.js";
import { splitComments } from "./layout.js";
import { commentLines, withLineComment } from "./text.js";
import { map, str, type YEntry, type YMap, type YValue } from "./yaml-emit.js";

type Commented = { comments: string[]; commentGaps?: number[]; lineComment?: true };
type Slotted = { bodyComments?: Record<string, string[]>; bodyLineComments?: Record<string, true> };

/** A condition that breaks before its top-level `and`/`or` when too long for its line. */
export function condition(c: CondNode): YValue {
  return { ...str(printCondition(c)), parts: conditionParts(c) };
}

/** A node's comments and their gaps, for a YAML entry or item: above it and on its line. */
export function lead(n: Commented): { comments: readonly string[]; gaps: number[]; lineComment?: string } {
  const { above, line } = splitComments(n.comments, n.lineComment);
  return line === undefined ? { comments: above, gaps: n.commentGaps ?? [] } : { comments: above, gaps: n.commentGaps ?? [], lineComment: line };
}

/** The comments of one body item (`bodyComments`): above it and on its line. */
export function slot(n: Slotted, key: string): { comments: readonly string[]; lineComment?: string } {
  const { above, line } = splitComments(n.bodyComments?.[key] ?? [], n.bodyLineComments?.[key]);
  return line === undefined ? { comments: above } : { comments: above, lineComment: line };
}

/** A declaration body, with the comments after its last item. */
export function bodyMap(d: Slotted, entries: YEntry[], layout: "auto" | "block" = "auto"): YMap {
  const end = d.bodyComments?.["end"];
  return end === undefined ? map(entries, layout) : { ...map(entries, layout), endComments: end };
}

/**
 * A segment's `when`. Comments above its first operand print above `when:`; comments between
 * operands or at the end of an operand's line can only live in the DSL text itself, so the
 * condition then prints as a block scalar, one operand per line, exactly as the DSL body.
 */
export function segmentWhen(d: Extract<Decl, { kind: "segment" }>, when: CondNode): YEntry {
  const parts = conditionParts(when);
  const slots = Object.keys(d.bodyComments ?? {}).filter((k) => k.startsWith("when."));
  const inside = slots.some((k) => k !== "when.0") || Object.keys(d.bodyLineComments ?? {}).some((k) => k.startsWith("when."));
  if (!inside || parts.length < 2) return { key: "when", value: condition(when), ...slot(d, "when.0") };
  const lines = parts.flatMap((part, i) => {
    const c = slot(d, `when.${i}`);
    return [...commentLines(c.comments, ""), withLineComment(part, c.lineComment)];
  });
  return { key: "when", value: { ...str(printCondition(when)), block: lines } };
}
