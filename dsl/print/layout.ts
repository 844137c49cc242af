/**
 * The author's layout that both front ends record and both printers keep: paragraphs
 * (blank lines between declarations, stages, steps and feedback outcomes) and comments
 * inside block bodies.
 *
 * A blank line is recorded (`blankLineBefore`) only where the canonical layout would not
 * put one anyway, so a formatted file reads back to the same AST: the canonical layout
 * separates declarations of different groups and surrounds the always-block declarations
 * (pipelines, thresholds, feedback loops, campaigns); the first stage, step or outcome of a
 * body never carries the flag (the printer decides what stands before it).
 *
 * Body comment slots (`bodyComments` keys): score `kind`/`from`/`limit`/`decay`/`per`;
 * pipeline `per`/`account`/`backward`/`allow.N`/`manualLock`; threshold `cooldown`/`per`/
 * `action.N`; feedback `ask`/`outcome.N`; campaign `enter`/`leave`/`goal`/`reenter`/
 * `onChange`/`sendWindow`; channel `type`/`setting.N`; segment `when.N` (operands of its
 * top-level `and`/`or`); stage `when.N` (its triggers). N counts from 0 in written order.
 * Every declaration with a `{ }` body also has `end`: comments after its last item.
 *
 * Where a comment sits, in either syntax (comments.ts of each front end find it):
 * - on its own line above a node or body item: that node's `comments` or that slot;
 * - at the end of a line: the node or item written on that line (`lineComment`,
 *   `bodyLineComments`), and it prints back at the end of that line. In YAML the line of a
 *   node is the line of its key or list item (`name:  # why`, `- mql  # why`);
 * - after the last item of a body: its `end` slot. The DSL closes a body with `}`; YAML
 *   closes it by indentation, so an end comment is one indented deeper than what follows;
 * - inside a segment's condition, between operands: the slot of the operand below. YAML
 *   keeps such a condition as DSL text in a block scalar (`when: |-`), comments and all.
 */
import type { Decl, StageNode, StepNode } from "../ast.js";

const ALWAYS_BLOCK = new Set<Decl["kind"]>(["pipeline", "threshold", "feedback", "campaign"]);

/** Declarations of one group sit together; a blank line separates groups. */
export function declGroup(d: Decl): string {
  return d.kind === "timezone" ? "version" : d.kind;
}

/** Whether the canonical layout puts a blank line between `prev` and `cur` by itself. */
export function canonicalBlank(prev: Decl, cur: Decl): boolean {
  return declGroup(prev) !== declGroup(cur) || ALWAYS_BLOCK.has(prev.kind) || ALWAYS_BLOCK.has(cur.kind);
}

/** True when a line holding only spaces stands in `text` between offsets `from` and `to`. */
export function hasBlankLine(text: string, from: number, to: number): boolean {
  let newlines = 0;
  for (let i = Math.max(0, from); i < to && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (++newlines >= 2) return true;
    } else if (c !== 32 && c !== 9 && c !== 13) {
      newlines = 0;
      // A comment line between two lines does not make them a paragraph break by itself.
      if (c === 35) while (i + 1 < to && text.charCodeAt(i + 1) !== 10) i++;
    }
  }
  return false;
}

/** Where the comments written above a node start (the paragraph break is before them). */
export type LeadStart = ReadonlyMap<object, number>;

interface Spanned {
  span: { start: number; end: number };
  blankLineBefore?: true;
}

/**
 * Sets `blankLineBefore` on every node of a sibling list (stages, steps, outcomes) but the
 * first, when a blank line stands between it and the previous one (or the comments above it)
 * in `text`, which the spans point into.
 */
export function markBlankLines(text: string, nodes: readonly Spanned[], leadStart?: LeadStart): void {
  for (let i = 1; i < nodes.length; i++) {
    const prev = nodes[i - 1];
    const cur = nodes[i];
    if (prev === undefined || cur === undefined) continue;
    if (hasBlankLine(text, prev.span.end, leadStart?.get(cur) ?? cur.span.start)) cur.blankLineBefore = true;
    else delete cur.blankLineBefore;
  }
}

/** `markBlankLines` for declarations: only where `canonicalBlank` does not already apply. */
export function markDeclBlankLines(text: string, decls: readonly Decl[], leadStart?: LeadStart): void {
  for (let i = 1; i < decls.length; i++) {
    const prev = decls[i - 1];
    const cur = decls[i];
    if (prev === undefined || cur === undefined) continue;
    if (!canonicalBlank(prev, cur) && hasBlankLine(text, prev.span.end, leadStart?.get(cur) ?? cur.span.start)) cur.blankLineBefore = true;
    else delete cur.blankLineBefore;
  }
}

/** Drops empty comment slots so ASTs with no body comments compare equal across front ends. */
export function pruneBodyComments(d: { bodyComments?: Record<string, string[]> }): void {
  const slots = d.bodyComments;
  if (slots === undefined) return;
  for (const [k, v] of Object.entries(slots)) if (v.length === 0) delete slots[k];
  if (Object.keys(slots).length === 0) delete d.bodyComments;
}

/** What the comment attachers found besides comments above nodes. */
export interface CommentPlaces {
  /** Nodes (or body slots' comment arrays) whose comment at this index ends a line of theirs. */
  line: ReadonlyMap<object, number>;
  /** Comments written after the last item of a node's body, before it closes, by node. */
  ends: ReadonlyMap<object, readonly string[]>;
}

/** Declarations whose body has an `end` slot (the ones the DSL writes with braces). */
const BODY_KINDS = new Set<Decl["kind"]>(["event", "score", "segment", "pipeline", "threshold", "feedback", "campaign", "channel"]);

/** Whether `d` has a body that can hold comments after its last item. */
export function hasEndSlot(d: Decl): boolean {
  return BODY_KINDS.has(d.kind) && !(d.kind === "segment" && d.when === undefined);
}

type Commented = { comments: string[]; commentGaps?: number[]; lineComment?: true };
type Slotted = { bodyComments?: Record<string, string[]>; bodyLineComments?: Record<string, true> };

/**
 * Records what the attachers found in the AST: `end` slots, and line comments moved to the
 * end of their node's comments (where `lineComment` says they are). A node with no `end`
 * slot (a campaign's `if` step) keeps comments before its closing brace above it.
 */
export function placeComments(decls: readonly Decl[], places: CommentPlaces): void {
  for (const d of decls) {
    const ends = places.ends.get(d) ?? [];
    if (ends.length > 0 && hasEndSlot(d)) (d.bodyComments ??= {})["end"] = [...(d.bodyComments?.["end"] ?? []), ...ends];
    else d.comments.push(...ends);
    placeLine(d, places);
    placeSlotLines(d, places);
    if (d.kind === "pipeline") {
      for (const s of d.stages) placeNode(s, places);
    } else if (d.kind === "campaign") placeSteps(d.steps, places);
  }
}

function placeSteps(steps: readonly StepNode[], places: CommentPlaces): void {
  for (const s of steps) {
    placeNode(s, places);
    if (s.kind !== "if") continue;
    placeSteps(s.then, places);
    if (s.else) placeSteps(s.else, places);
  }
}

function placeNode(n: (StageNode | StepNode) & Commented, places: CommentPlaces): void {
  n.comments.push(...(places.ends.get(n) ?? []));
  placeLine(n, places);
  if ("triggers" in n) placeSlotLines(n, places);
}

/** Moves the line comment to the end of `comments` (gaps keep pointing at the same lines). */
function placeLine(n: Commented, places: CommentPlaces): void {
  const at = places.line.get(n);
  if (at === undefined || at >= n.comments.length) return;
  const [text] = n.comments.splice(at, 1);
  if (text === undefined) return;
  n.comments.push(text);
  n.lineComment = true;
  if (n.commentGaps === undefined) return;
  const gaps = [...new Set(n.commentGaps.map((g) => (g > at ? g - 1 : g)))];
  if (gaps.length > 0) n.commentGaps = gaps;
  else delete n.commentGaps;
}

function placeSlotLines(n: Slotted, places: CommentPlaces): void {
  for (const [key, list] of Object.entries(n.bodyComments ?? {})) {
    const at = places.line.get(list);
    if (at === undefined || at >= list.length) continue;
    const [text] = list.splice(at, 1);
    if (text === undefined) continue;
    list.push(text);
    (n.bodyLineComments ??= {})[key] = true;
  }
}

/**
 * A node's comments split by where they print: above it, and at the end of its line.
 * `lineComment` marks the last one as the line's.
 */
export function splitComments(comments: readonly string[], line: boolean | undefined): { above: readonly string[]; line?: string } {
  const last = comments[comments.length - 1];
  if (line !== true || last === undefined) return { above: comments };
  return { above: comments.slice(0, -1), line: last };
}
