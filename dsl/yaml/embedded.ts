/**
 * DSL text embedded in YAML strings: finds the exact source characters of a scalar so
 * the DSL parser's spans point into the YAML file, and re-maps spans where it cannot.
 */
import type { Scalar } from "yaml";
import type { Span } from "../span.js";

export interface Embedded {
  /** The text handed to the DSL parser. */
  text: string;
  /** Source offset of `text[0]` when `exact`. */
  offset: number;
  /**
   * True when `text` is a verbatim slice of the file. Otherwise (block scalars, escapes,
   * `''`) `text` is the decoded value and every span must be moved onto `scalar`.
   */
  exact: boolean;
  /** The whole scalar, quotes included. */
  scalar: Span;
}

/**
 * The DSL text of a scalar. Plain and quoted scalars and the bodies of block scalars
 * (`|`, `>`) are sliced verbatim from the file: YAML folds their line breaks into spaces or
 * strips their indentation, which the DSL reads as whitespace anyway, so the slice means
 * the same as the value and its offsets are exact.
 */
export function embeddedText(source: string, file: string, node: Scalar): Embedded | undefined {
  const r = node.range;
  if (!r || node.value === null) return undefined;
  const scalar: Span = { file, start: r[0], end: r[1] };
  const decoded = (): Embedded => ({ text: node.source ?? String(node.value), offset: r[0], exact: false, scalar });
  switch (node.type) {
    case "PLAIN":
      return { text: source.slice(r[0], r[1]), offset: r[0], exact: true, scalar };
    case "QUOTE_SINGLE": {
      const inner = source.slice(r[0] + 1, r[1] - 1);
      return inner.includes("''") ? decoded() : { text: inner, offset: r[0] + 1, exact: true, scalar };
    }
    case "QUOTE_DOUBLE": {
      const inner = source.slice(r[0] + 1, r[1] - 1);
      return inner.includes("\\") ? decoded() : { text: inner, offset: r[0] + 1, exact: true, scalar };
    }
    case "BLOCK_LITERAL":
    case "BLOCK_FOLDED": {
      // The value is the body's lines without their indentation (`|`), or with single line
      // breaks folded into spaces (`>`): only whitespace differs, which the DSL ignores, so
      // the body as written means the same and its offsets are exact. Not when a folded
      // line break falls inside a DSL text (`"a` / `b"`): that reads differently.
      const header = source.indexOf("\n", r[0]);
      if (header < 0 || header >= r[1]) return decoded();
      const body = source.slice(header + 1, r[1]);
      if (node.type === "BLOCK_FOLDED" && body.split("\n").some((line) => (line.match(/(?<!\\)"/g) ?? []).length % 2 !== 0)) return decoded();
      return { text: body, offset: header + 1, exact: true, scalar };
    }
    default:
      return decoded();
  }
}

/** Drops a leading word (e.g. `when ` before a `leave` condition), keeping offsets exact. */
export function dropPrefix(e: Embedded, prefix: RegExp): Embedded {
  const m = prefix.exec(e.text);
  if (!m || m.index !== 0) return e;
  return { ...e, text: e.text.slice(m[0].length), offset: e.exact ? e.offset + m[0].length : e.offset };
}

function isSpan(v: object): v is Span {
  return "file" in v && "start" in v && "end" in v && typeof (v as Span).start === "number";
}

/** A deep copy of `value` with every span replaced by `span`. */
export function moveSpans<T>(value: T, span: Span): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    if (isSpan(v)) return { ...v, file: span.file, start: span.start, end: span.end };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  };
  return walk(value) as T;
}
