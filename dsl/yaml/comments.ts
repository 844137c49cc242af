/**
 * Attaches YAML `#` comments to declarations, stages and campaign steps with the same
 * rules as the DSL parser (dsl/syntax/comments.ts), so `convert` keeps every comment in
 * both directions:
 *
 * - a comment on its own line goes to the next declaration/stage/step when nothing but
 *   comments, blank lines and `- ` stands between them;
 * - a comment at the end of a line goes to the innermost node (or body item) that ended on
 *   that line, else to the outermost one whose key or item starts on it, as its line comment;
 *   else to the one it sits inside;
 * - a comment after the last item of a declaration's body, indented into the body (deeper
 *   than what follows), is that body's `end` comment;
 * - `#` comments inside DSL text (a condition written as a block scalar) count too: the
 *   reader collects them (`Reader.dslComments`) and they attach by the same rules.
 * - any other comment goes to the innermost node containing it, else to the next node
 *   (a comment above `scores:` belongs to the first score);
 * - comments after the last node are the file's trailing comments.
 *
 * The editor's `# yaml-language-server:` line is left out: `convert` writes it.
 */
import { Parser } from "yaml";
import { hasBlankLine, type CommentPlaces } from "../print/layout.js";
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
export interface Attached extends CommentPlaces {
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

/**
 * Distributes `comments` over `nodes` (pushing into their `comments`); returns the trailing ones.
 * `bodies` are the declarations whose body has an `end` slot (dsl/print/layout.ts): a comment
 * after the last item of one, indented deeper than what follows, is its `end` comment.
 */
export function attachComments(text: string, comments: readonly YamlComment[], nodes: readonly Commentable[], bodies: readonly Commentable[] = []): Attached {
  const trailing: string[] = [];
  const leadStart = new Map<object, number>();
  const line = new Map<object, number>();
  const ends = new Map<object, string[]>();
  const lastEnd = new Map<Commentable, number>();
  const sorted = nodes.slice().sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const owners = bodies.slice().sort((a, b) => a.span.start - b.span.start);
  const stack: Commentable[] = [];
  let lastEnded: Commentable | undefined;
  let i = 0;
  let o = 0;
  const top = (): Commentable | undefined => stack[stack.length - 1];
  const pop = (): void => {
    const n = stack.pop();
    if (n !== undefined && (lastEnded === undefined || n.span.end > lastEnded.span.end)) lastEnded = n;
  };
  const key = (n: Commentable): object => (n.slot === true ? n.comments : n);
  for (const c of comments) {
    for (;;) {
      const n = sorted[i];
      if (n === undefined || n.span.start > c.offset) break;
      while (stack.length > 0 && (top()?.span.end ?? 0) <= n.span.start) pop();
      stack.push(n);
      i++;
    }
    while (stack.length > 0 && (top()?.span.end ?? 0) <= c.offset) pop();
    while ((owners[o + 1]?.span.start ?? Infinity) < c.offset) o++;
    const next = sorted[i];
    const inside = top();
    let target: Commentable | undefined;
    if (ownLine(text, c.offset)) {
      const after = nextContent(text, c.offset);
      const owner = owners[o];
      if (owner !== undefined && owner.span.start < c.offset && endsBody(text, c.offset, after, owner)) {
        ends.set(owner, [...(ends.get(owner) ?? []), c.text]);
        continue;
      }
      target = next !== undefined && after === next.span.start ? next : (inside ?? next);
      if (target !== undefined && target === next) {
        const prevEnd = lastEnd.get(target);
        if (prevEnd !== undefined && target.slot !== true && hasBlankLine(text, prevEnd, c.offset)) (target.commentGaps ??= []).push(target.comments.length);
        if (prevEnd === undefined) leadStart.set(key(target), c.offset);
        lastEnd.set(target, lineEnd(text, c.offset));
      }
    } else {
      // At the end of a line: the node that ended on it, else the outermost one that starts on it.
      // A block scalar's range runs on over its last line break: the node ended before it.
      const ended = lastEnded !== undefined && lastEnded.span.end <= c.offset && sameLine(text, contentEnd(text, lastEnded.span.end), c.offset);
      const onLine = ended ? lastEnded : stack.find((n) => sameLine(text, n.span.start, c.offset));
      if (onLine !== undefined) line.set(key(onLine), onLine.comments.length);
      target = onLine ?? inside ?? next;
    }
    if (target === undefined) trailing.push(c.text);
    else target.comments.push(c.text);
  }
  for (const [n, end] of lastEnd) {
    if (n.slot !== true && end <= n.span.start && hasBlankLine(text, end, n.span.start)) (n.commentGaps ??= []).push(n.comments.length);
  }
  return { trailing, leadStart, line, ends };
}

/**
 * Whether the own-line comment at `offset` closes `owner`'s body: nothing of the owner
 * follows it, and it is indented into the body, deeper than the content after it.
 */
function endsBody(text: string, offset: number, after: number, owner: Commentable): boolean {
  if (after < owner.span.end) return false;
  // Nothing (such as the next section's key) stands between the body and the comment.
  if (owner.span.end < offset && contentFrom(text, owner.span.end) < offset) return false;
  const col = column(text, offset);
  if (col <= column(text, owner.span.start)) return false;
  return after >= text.length || col > indentation(text, after);
}

/** The first offset from `at` that is neither blank nor inside a `#` comment. */
function contentFrom(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else break;
  }
  return i;
}

/** `end` moved back over trailing blanks and line breaks. */
function contentEnd(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1] ?? "")) i--;
  return i;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The indentation of the line holding `offset` (a `- ` counts as content). */
function indentation(text: string, offset: number): number {
  const start = lineStart(text, offset);
  let i = start;
  while (text[i] === " ") i++;
  return i - start;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl;
}
