/**
 * A small YAML emitter with a fixed, readable layout: block mappings and sequences at the
 * top, flow collections (`{ a: 1, b: x }`, `[a, b]`) for bodies that fit on one line, and
 * quotes only where a plain scalar would read back differently. The `yaml` package decides
 * whether a plain scalar is safe (by reading it back), so quoting follows the YAML spec
 * rather than a hand-kept list of special characters.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";
import { printNumber, printSigned } from "./text.js";

export type YValue = YScalar | YMap | YSeq;
export interface YScalar {
  t: "scalar";
  v: string | number | boolean;
  /** A number printed with its sign (`+5`), as the DSL prints points. */
  signed?: true;
  /**
   * Where a long string may break (a condition's `and`/`or` operands, joined by one space
   * give `v`): too long for its line, it prints as a plain scalar over several lines.
   */
  parts?: readonly string[];
  /** Always quoted: a version like `2026.11.1` must not look like a number to a reader. */
  quoted?: true;
  /**
   * Lines of a literal block scalar (`|-`) holding the text instead: a condition with `#`
   * comments between its operands, which only DSL text inside a block scalar can keep.
   */
  block?: readonly string[];
}
export interface YEntry {
  key: string;
  value: YValue;
  comments?: readonly string[];
  /** Blank lines inside the comments (see `DeclBase.commentGaps`). */
  gaps?: readonly number[];
  /** A blank line before the entry (and its comments). */
  blankBefore?: boolean;
  /** A comment at the end of the entry's first line. */
  lineComment?: string;
}
export interface YMap {
  t: "map";
  entries: YEntry[];
  /** Comments after the last entry, at the entries' indentation (a body's `end` slot). */
  endComments?: readonly string[];
  /** `block` forces one entry per line (declaration sections, multi-part bodies). */
  layout?: "auto" | "block";
}
export interface YItem {
  value: YValue;
  comments?: readonly string[];
  gaps?: readonly number[];
  blankBefore?: boolean;
  /** A comment at the end of the item's first line. */
  lineComment?: string;
}
export interface YSeq {
  t: "seq";
  items: YItem[];
  layout?: "auto" | "block";
}

export const str = (v: string): YScalar => ({ t: "scalar", v });
export const num = (v: number): YScalar => ({ t: "scalar", v });
/** `+5`, `-10`: YAML reads `+5` as the number 5. */
export const signed = (v: number): YScalar => ({ t: "scalar", v, signed: true });
export const bool = (v: boolean): YScalar => ({ t: "scalar", v });
export const map = (entries: YEntry[], layout: "auto" | "block" = "auto"): YMap => ({ t: "map", entries, layout });
export const seq = (values: YValue[], layout: "auto" | "block" = "auto"): YSeq => ({
  t: "seq",
  items: values.map((value) => ({ value })),
  layout,
});

/** Lines longer than this switch a flow collection to block layout. */
const WIDTH = 120;

/** The YAML text of a top-level mapping, ending with a newline (empty mapping: ""). */
export function emitDocument(root: YMap, header: readonly string[] = []): string {
  const body = blockMap(root, "");
  const lines = [...header.map(comment), ...(header.length > 0 && body.length > 0 ? [""] : []), ...body];
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

function comment(text: string): string {
  return text === "" ? "#" : `# ${text}`;
}

/** A blank line if asked for, then the comment lines with their gaps. */
function leading(node: YEntry | YItem, indent: string, first: boolean): string[] {
  const out: string[] = [];
  if (node.blankBefore === true && !first) out.push("");
  const comments = node.comments ?? [];
  comments.forEach((c, i) => {
    if (i > 0 && node.gaps?.includes(i) === true) out.push("");
    out.push(indent + comment(c));
  });
  if (comments.length > 0 && node.gaps?.includes(comments.length) === true) out.push("");
  return out;
}

/** `lines` with `comment` at the end of the first one. */
function withLine(lines: string[], comment: string | undefined): string[] {
  if (comment === undefined || lines.length === 0) return lines;
  lines[0] = `${lines[0] ?? ""}  ${comment === "" ? "#" : `# ${comment}`}`;
  return lines;
}

function blockMap(m: YMap, indent: string): string[] {
  const out: string[] = [];
  for (const e of m.entries) {
    out.push(...leading(e, indent, out.length === 0));
    out.push(...withLine(entryLines(`${indent}${key(e.key)}:`, e.value, indent), e.lineComment));
  }
  for (const c of m.endComments ?? []) out.push(indent + comment(c));
  return out;
}

/** `prefix` is `indent + key + ":"`; the value follows on the same line or below. */
function entryLines(prefix: string, value: YValue, indent: string): string[] {
  const inline = flowText(value);
  if (inline !== undefined && prefix.length + 1 + inline.length <= WIDTH) return [`${prefix} ${inline}`];
  if (value.t === "map" && value.entries.length === 0) return [`${prefix} {}`, ...(value.endComments ?? []).map((c) => `${indent}  ${comment(c)}`)];
  if (value.t === "map") return [prefix, ...blockMap(value, indent + "  ")];
  if (value.t === "seq") return value.items.length === 0 ? [`${prefix} []`] : [prefix, ...blockSeq(value, indent + "  ")];
  if (value.block !== undefined) return [`${prefix} |-`, ...value.block.map((l) => (l === "" ? "" : `${indent}  ${l}`))];
  const parts = value.parts ?? [];
  if (parts.length > 1 && parts.join(" ") === value.v && typeof value.v === "string" && plainOk(value.v, false)) {
    return [prefix, ...parts.map((p) => `${indent}  ${p}`)];
  }
  return [`${prefix} ${scalar(value, false)}`];
}

function blockSeq(s: YSeq, indent: string): string[] {
  const out: string[] = [];
  for (const item of s.items) {
    out.push(...leading(item, indent, out.length === 0));
    out.push(...withLine(itemLines(item.value, indent), item.lineComment));
  }
  return out;
}

/** One list item: `- value`, or a block collection whose first line shares the dash's. */
function itemLines(v: YValue, indent: string): string[] {
  const inline = flowText(v);
  if (inline !== undefined && indent.length + 2 + inline.length <= WIDTH) return [`${indent}- ${inline}`];
  if (v.t === "map" && v.entries.length > 0) {
    // The first entry shares the dash's line; the rest align under it.
    const lines = blockMap(v, indent + "  ");
    lines[0] = `${indent}- ${(lines[0] ?? "").slice(indent.length + 2)}`;
    return lines;
  }
  if (v.t === "seq" && v.items.length > 0) return [`${indent}-`, ...blockSeq(v, indent + "  ")];
  return [`${indent}- ${flowText(v) ?? scalar(v as YScalar, false)}`];
}

/** Whether a comment or a blank line sits among these entries or items (they need a block). */
function annotated(list: readonly (YEntry | YItem)[]): boolean {
  return list.some((e) => (e.comments ?? []).length > 0 || e.blankBefore === true || e.lineComment !== undefined);
}

/** The one-line form of a value, or undefined when it must be a block. */
function flowText(v: YValue): string | undefined {
  if (v.t === "scalar") return v.block === undefined ? scalar(v, false) : undefined;
  if (v.layout === "block") return undefined;
  if (v.t === "map") {
    if (annotated(v.entries) || (v.endComments ?? []).length > 0) return undefined;
    const parts: string[] = [];
    for (const e of v.entries) {
      const inner = flowInner(e.value);
      if (inner === undefined) return undefined;
      parts.push(`${key(e.key, true)}: ${inner}`);
    }
    return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
  }
  if (annotated(v.items)) return undefined;
  const parts: string[] = [];
  for (const i of v.items) {
    const inner = flowInner(i.value);
    if (inner === undefined) return undefined;
    parts.push(inner);
  }
  return `[${parts.join(", ")}]`;
}

function flowInner(v: YValue): string | undefined {
  if (v.t === "scalar") return v.block === undefined ? scalar(v, true) : undefined;
  return flowText(v);
}

function key(k: string, inFlow = false): string {
  return plainKeyOk(k, inFlow) ? k : quoted(k);
}

function scalar(s: YScalar, inFlow: boolean): string {
  if (typeof s.v === "number") return s.signed === true ? printSigned(s.v) : printNumber(s.v);
  if (typeof s.v === "boolean") return String(s.v);
  return s.quoted !== true && plainOk(s.v, inFlow) ? s.v : quoted(s.v);
}

/** Words YAML's core schema reads as booleans or null. */
const CORE_WORDS = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
const SIMPLE = /^[A-Za-z_][A-Za-z0-9_.]*(?: [A-Za-z0-9_.]+)*$/;
const plainCache = new Map<string, boolean>();

/** Whether `text` reads back as this very string when written plain (memoised: files repeat words). */
function plainOk(text: string, inFlow: boolean): boolean {
  if (SIMPLE.test(text)) return !CORE_WORDS.test(text);
  const key = (inFlow ? "f" : "b") + text;
  let ok = plainCache.get(key);
  if (ok === undefined) {
    if (plainCache.size > 10_000) plainCache.clear();
    ok = plainByParsing(text, inFlow);
    plainCache.set(key, ok);
  }
  return ok;
}

function plainByParsing(text: string, inFlow: boolean): boolean {
  if (text === "" || text !== text.trim() || /[\n\r\t]/.test(text)) return false;
  if (inFlow && /[,[\]{}]/.test(text)) return false;
  const doc = readBack(inFlow ? `[${text}]` : `k: ${text}`);
  const node = inFlow ? (isSeq(doc?.contents) ? doc.contents.items[0] : undefined) : isMap(doc?.contents) ? doc.contents.items[0]?.value : undefined;
  return isPlain(node, text);
}

function plainKeyOk(text: string, inFlow: boolean): boolean {
  if (!plainOk(text, inFlow)) return false;
  const doc = readBack(inFlow ? `{${text}: 1}` : `${text}: 1`);
  const items = isMap(doc?.contents) ? doc.contents.items : [];
  return items.length === 1 && isPlain(items[0]?.key, text);
}

/** A plain scalar (no tag, anchor or alias) whose value is exactly `text`. */
function isPlain(node: unknown, text: string): boolean {
  return isScalar(node) && node.type === "PLAIN" && node.tag === undefined && node.anchor === undefined && node.value === text;
}

function readBack(source: string): Document.Parsed | undefined {
  const doc = parseDocument(source);
  return doc.errors.length > 0 || doc.warnings.length > 0 ? undefined : doc;
}

/**
 * Single quotes when the text has a double quote and nothing that needs an escape (the
 * common case of a condition with a string in it: `'url contains "/pricing"'`), double
 * quotes with JSON escapes otherwise (JSON's escapes are valid in YAML double quotes).
 */
function quoted(text: string): string {
  // eslint-disable-next-line no-control-regex
  const needsEscape = /[\u0000-\u001f\u007f\u2028\u2029\\]/.test(text);
  if (text.includes('"') && !needsEscape) return `'${text.replace(/'/g, "''")}'`;
  return JSON.stringify(text).replace(/[\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
