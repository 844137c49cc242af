/**
 * Attaches YAML `#` comments to declarations, stages and campaign steps with the same
 * rules as the DSL parser (dsl/syntax/comments.ts), so `convert` keeps every comment in
 * both directions:
 *
 * - a comment on its own line goes to the next declaration/stage/step when nothing but
 *   comments, blank lines and `- ` stands between them;
 * - a comment at the end of a line goes to the innermost node that ended on that line,
 *   else to the one it sits inside;
 * - any other comment goes to the innermost node containing it, else to the next node
 *   (a comment above `scores:` belongs to the first score);
 * - comments after the last node are the file's trailing comments.
 *
 * The editor's `# yaml-language-server:` line is left out: `convert` writes it.
 */
import { Parser } from "yaml";
import { hasBlankLine } from "../print/layout.js";
import type { Span } from "../span.js";
import { commentText, ownLine, sameLine } from "../comment-text.js";

export interface YamlComment {
  offset: number;
  /** Without `#` and one following space, like the DSL's. */
  text: string;
}

/** Something comments attach to. */
export interface Commentable {
  comments: string[];
  /** Set on declarations, stages and steps (see `DeclBase.commentGaps`). */
  commentGaps?: number[];
  /** A body slot (its comments live in `bodyComments`): no gaps, keyed by its array. */
  slot?: true;
  span: Span;
}

/** The comments left after the last node, and where each node's leading comments start. */
export interface Attached {
  trailing: string[];
  /** Offset of the first comment written above a node (keyed by the node, or a slot's comment array). */
  leadStart: Map<object, number>;
}

/** Every comment of the file, in order, from the parser's concrete syntax tree. */
export function yamlComments(text: string): YamlComment[] {
  const out: YamlComment[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const t = node as { type?: unknown; offset?: unknown; source?: unknown };
    if (t.type === "comment" && typeof t.offset === "number" && typeof t.source === "string") {
      if (!/^#\s*yaml-language-server:/.test(t.source)) out.push({ offset: t.offset, text: commentText(t.source) });
      return;
    }
    for (const v of Object.values(node)) walk(v);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return out.sort((a, b) => a.offset - b.offset);
}




/** Where the next content starts after the comment at `offset`: skips comments, blanks and `- ` / `? ` indicators. */
function nextContent(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== "\n") i++;
  while (i < text.length) {
    const c = text[i];
    const after = text[i + 1];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if ((c === "-" || c === "?") && (after === undefined || after === " " || after === "\n" || after === "\r" || after === "\t")) i++;
    else return i;
  }
  return i;
}

/** Distributes `comments` over `nodes` (pushing into their `comments`); returns the trailing ones. */
export function attachComments(text: string, comments: readonly YamlComment[], nodes: readonly Commentable[]): Attached {
  const trailing: string[] = [];
  const leadStart = new Map<object, number>();
  const lastEnd = new Map<Commentable, number>();
  const sorted = nodes.slice().sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const stack: Commentable[] = [];
  let lastEnded: Commentable | undefined;
  let i = 0;
  const top = (): Commentable | undefined => stack[stack.length - 1];
  const pop = (): void => {
    const n = stack.pop();
    if (n !== undefined && (lastEnded === undefined || n.span.end > lastEnded.span.end)) lastEnded = n;
  };
  for (const c of comments) {
    for (;;) {
      const n = sorted[i];
      if (n === undefined || n.span.start > c.offset) break;
      while (stack.length > 0 && (top()?.span.end ?? 0) <= n.span.start) pop();
      stack.push(n);
      i++;
    }
    while (stack.length > 0 && (top()?.span.end ?? 0) <= c.offset) pop();
    const next = sorted[i];
    const inside = top();
    let target: Commentable | undefined;
    if (ownLine(text, c.offset)) {
      target = next !== undefined && nextContent(text, c.offset) === next.span.start ? next : (inside ?? next);
      if (target !== undefined && target === next) {
        const prevEnd = lastEnd.get(target);
        if (prevEnd !== undefined && target.slot !== true && hasBlankLine(text, prevEnd, c.offset)) (target.commentGaps ??= []).push(target.comments.length);
        if (prevEnd === undefined) leadStart.set(target.slot === true ? target.comments : target, c.offset);
        lastEnd.set(target, lineEnd(text, c.offset));
      }
    } else if (lastEnded !== undefined && lastEnded.span.end <= c.offset && sameLine(text, lastEnded.span.end, c.offset)) {
      target = lastEnded;
    } else {
      target = inside ?? next;
    }
    if (target === undefined) trailing.push(c.text);
    else target.comments.push(c.text);
  }
  for (const [n, end] of lastEnd) {
    if (n.slot !== true && end <= n.span.start && hasBlankLine(text, end, n.span.start)) (n.commentGaps ??= []).push(n.comments.length);
  }
  return { trailing, leadStart };
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl;
}
