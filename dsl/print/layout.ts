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
 */
import type { Decl } from "../ast.js";

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
