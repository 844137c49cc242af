/**
 * Attaches `#` comments to declarations, stages and campaign steps, so `fmt` and `convert`
 * keep them. The AST has no other place for comments, so none is dropped:
 *
 * - a comment on its own line goes to the next declaration/stage/step when nothing but
 *   comments and blank lines stands between them (blank lines do not detach it);
 * - a comment at the end of a line goes to the innermost declaration/stage/step/body item
 *   that ended on that line, else to the outermost one that starts on it (`pipeline p {  # x`),
 *   as its line comment (`Attached.line`); else to the one it sits inside;
 * - a comment on its own line before the `}` of a body is that body's `end` comment
 *   (`Attached.ends`);
 * - any other comment inside a declaration goes to the innermost node containing it;
 * - comments after the last declaration are the file's `trailingComments`.
 *
 * One pass over nodes sorted by start and comments in order: O(n log n + m).
 */
import type { IToken } from "chevrotain";
import { hasBlankLine, type CommentPlaces } from "../print/layout.js";
import type { Attachable } from "./parser-base.js";
import { commentText, ownLine, sameLine } from "../comment-text.js";

/** The comments left after the last node, and where each node's leading comments start. */
export interface Attached extends CommentPlaces {
  trailing: string[];
  /** Raw offset of the first comment written above a node (keyed by the node, or a body slot's comment array). */
  leadStart: Map<object, number>;
}




/**
 * Distributes `comments` (raw offsets into `text`) over `nodes`; returns the trailing ones.
 * `tokens` are the significant tokens, used to find whether a comment leads a node.
 */
export function attachComments(text: string, comments: readonly IToken[], nodes: Attachable[], tokens: readonly IToken[]): Attached {
  const trailing: string[] = [];
  const leadStart = new Map<object, number>();
  // Line comments (index into the node's comments) and comments before a body's `}`: dsl/print/layout.ts.
  const line = new Map<object, number>();
  const ends = new Map<object, string[]>();
  if (comments.length === 0) return { trailing, leadStart, line, ends };
  // Where the last own-line comment given to a node ended: blank lines after it are gaps.
  const lastEnd = new Map<Attachable, number>();
  const lead = (n: Attachable, c: IToken, body: string): void => {
    const prevEnd = lastEnd.get(n);
    if (n.node !== undefined && prevEnd !== undefined && hasBlankLine(text, prevEnd, c.startOffset)) (n.node.commentGaps ??= []).push(n.comments.length);
    // Body slots are keyed by their comment array.
    if (prevEnd === undefined && c.startOffset < n.start) leadStart.set(n.node ?? n.comments, c.startOffset);
    n.comments.push(body);
    lastEnd.set(n, c.startOffset + c.image.length);
  };
  const sorted = nodes.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: Attachable[] = [];
  let lastEnded: Attachable | undefined;
  let i = 0;
  let t = 0;
  const pop = (): void => {
    const n = stack.pop();
    if (n !== undefined && (lastEnded === undefined || n.end > lastEnded.end)) lastEnded = n;
  };
  for (const c of comments) {
    const cs = c.startOffset;
    for (;;) {
      const n = sorted[i];
      if (n === undefined || n.start > cs) break;
      while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= n.start) pop();
      stack.push(n);
      i++;
    }
    while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= cs) pop();
    // The next significant token after the comment: does a node start there?
    while (t < tokens.length && (tokens[t]?.startOffset ?? Infinity) < cs) t++;
    const nextTok = tokens[t];
    const next = sorted[i];
    const body = commentText(c.image);
    if (ownLine(text, cs)) {
      const inside = stack[stack.length - 1];
      if (next !== undefined && nextTok !== undefined && next.start === nextTok.startOffset) lead(next, c, body);
      else if (inside?.node !== undefined && nextTok?.image === "}") ends.set(inside.node, [...(ends.get(inside.node) ?? []), body]);
      else if (inside !== undefined) inside.comments.push(body);
      else if (next !== undefined) lead(next, c, body);
      else trailing.push(body);
      continue;
    }
    // At the end of a line: the node that ended on it, else the outermost one that starts on it.
    const onLine = lastEnded !== undefined && lastEnded.end <= cs && sameLine(text, lastEnded.end, cs) ? lastEnded : stack.find((n) => sameLine(text, n.start, cs));
    if (onLine !== undefined) {
      line.set(onLine.node ?? onLine.comments, onLine.comments.length);
      onLine.comments.push(body);
    } else if (stack.length > 0) stack[stack.length - 1]?.comments.push(body);
    else if (next !== undefined) next.comments.push(body);
    else trailing.push(body);
  }
  for (const [n, end] of lastEnd) {
    if (n.node !== undefined && end <= n.start && hasBlankLine(text, end, n.start)) (n.node.commentGaps ??= []).push(n.comments.length);
  }
  return { trailing, leadStart, line, ends };
}
