/**
 * Bounds checked before the `yaml` parser sees a file.
 *
 * The parser is recursive: a few hundred nested collections overflow its stack, and on
 * Node 20 a stack overflow inside the parser can leave V8 in a state where the *next*
 * parse aborts the whole process. So nesting is bounded by a cheap over-estimate taken
 * from the raw text, never by catching the overflow.
 */

/** Files above this size are refused without parsing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Far above any real funnel file (about a dozen levels), far below the parser's stack. */
export const MAX_YAML_DEPTH = 64;
/** Alias expansions allowed per file; each expansion re-reads the anchored node. */
export const MAX_ALIAS_COUNT = 50;

/** UTF-8 size, without allocating a buffer. */
export function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_FILE_BYTES) return text.length; // cannot exceed the limit: skip the count
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export interface DepthProblem {
  /** Offset of the line (or bracket) where the limit is passed. */
  offset: number;
}

/**
 * An upper bound of the nesting depth, or where it exceeds {@link MAX_YAML_DEPTH}.
 *
 * Block nesting is counted as the stack of increasing indentations plus the `- ` / `? `
 * indicators that open a line (compact nesting such as `- - - x`); flow nesting as the
 * count of open brackets, ignoring quotes (over-counting is safe, under-counting is not).
 * Text after ` #` is skipped: the parser reads it as a comment, so it cannot nest.
 */
export function findTooDeep(text: string): DepthProblem | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && (text[i] === " " || text[i] === "\t")) i++;
    const blank = i === lineEnd || text[i] === "#" || text[i] === "\r";
    if (!blank && flow === 0) {
      const indent = i - lineStart;
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
      indents.push(indent);
    }
    let compact = 0;
    let j = i;
    while (j + 1 < lineEnd && (text[j] === "-" || text[j] === "?" || text[j] === ":") && text[j + 1] === " ") {
      compact++;
      j += 2;
      while (j < lineEnd && text[j] === " ") j++;
    }
    if (indents.length + compact > MAX_YAML_DEPTH) return { offset: lineStart };
    for (let k = i; k < lineEnd; k++) {
      const c = text[k];
      if (c === "#" && (k === i || text[k - 1] === " " || text[k - 1] === "\t")) break;
      if (c === "[" || c === "{") {
        flow++;
        if (indents.length + flow > MAX_YAML_DEPTH) return { offset: k };
      } else if ((c === "]" || c === "}") && flow > 0) flow--;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
