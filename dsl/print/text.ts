/**
 * Low-level text helpers shared by the DSL and YAML printers: quoting, numbers, names and
 * comment lines. Everything here is a pure function of its input, so printing is deterministic.
 */
import type { KeyNode } from "../ast.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words the lexer never reads as names. */
export const RESERVED = new Set(["and", "or", "not", "in", "is", "true", "false"]);

/** Characters that make a backslash an escape in a DSL text. */
const ESCAPE_START = new Set(['"', "\\", "n", "t", "u"]);

/** A lone backslash before `next` reads back as itself: `next` prints as itself and starts no escape. */
function bareBackslashOk(next: string | undefined): boolean {
  if (next === undefined || ESCAPE_START.has(next)) return false;
  const code = next.codePointAt(0) ?? 0;
  return !(code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029);
}

/** Whether `text` can be written bare where the grammar expects an identifier. */
export function isIdent(text: string): boolean {
  return IDENT.test(text) && !RESERVED.has(text);
}

/**
 * A DSL string literal. The lexer knows `\"`, `\\`, `\n`, `\t` and `\u{...}`, and keeps any
 * other backslash as written; every other control character goes through `\u{...}` so the
 * literal stays on one line.
 */
export function quote(value: string): string {
  let out = '"';
  const chars = [...value];
  for (const [i, ch] of chars.entries()) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    // A backslash stays bare where it cannot start an escape (`"\.edu$"`), as authors write
    // patterns; it is doubled at the end and before anything that would join it in one.
    else if (ch === "\\") out += bareBackslashOk(chars[i + 1]) ? "\\" : "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * A number as the lexer reads it back: never in exponent notation (the grammar has none).
 * Whole numbers and ordinary decimals print as JavaScript prints them.
 */
export function printNumber(value: number): string {
  if (Object.is(value, -0)) return "-0";
  const plain = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(plain);
  if (m === null) return plain;
  // Shift the shortest round-trip digits that String() chose; no rounding happens.
  const [, sign = "", lead = "", rest = "", exp = "0"] = m;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  return sign + digits.padEnd(point, "0");
}

/** Points and deltas always carry a sign: `+3`, `-10`, `+0`. */
export function printSigned(value: number): string {
  return value < 0 || Object.is(value, -0) ? printNumber(value) : `+${printNumber(value)}`;
}

/** `[crm]`, `[any]`; a key that is not a plain word (or is the word `any`) is quoted. */
export function printKey(key: KeyNode): string {
  if (key.kind === "any") return "[any]";
  return isIdent(key.value) && key.value !== "any" ? `[${key.value}]` : `[${quote(key.value)}]`;
}

/**
 * Comment lines kept on a node. The AST holds a comment's text without `#` and the one
 * space after it (dsl/syntax/comments.ts), so `# note` prints back as `# note`; an empty
 * comment prints as a bare `#`. `gaps` (a node's `commentGaps`) are blank lines the author
 * left between comments, or between the last one and the node.
 */
export function commentLines(comments: readonly string[], indent: string, gaps?: readonly number[]): string[] {
  const out: string[] = [];
  comments.forEach((c, i) => {
    if (i > 0 && gaps?.includes(i) === true) out.push("");
    out.push(c === "" ? `${indent}#` : `${indent}# ${c}`);
  });
  if (comments.length > 0 && gaps?.includes(comments.length) === true) out.push("");
  return out;
}

/** `text` followed by an end-of-line comment, when there is one. */
export function withLineComment(text: string, comment: string | undefined): string {
  if (comment === undefined) return text;
  return comment === "" ? `${text}  #` : `${text}  # ${comment}`;
}
