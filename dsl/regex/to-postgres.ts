/**
 * The PostgreSQL form of a pattern: an ARE that means exactly what the JS matcher means.
 *
 * - It starts with the embedded option `(?c)` (case-sensitive, overriding `~*`) and spells
 *   every case variant out instead: `d` becomes `[Dd]`, `[a-z]` becomes `[A-Za-z]`, using the
 *   same case table as the matcher. So the database's collation (C, libc, ICU, a Turkish
 *   locale that folds `i` to `İ`) plays no part, and `~` and `~*` give the same answer.
 * - `\d \w \s` and `.` are written as explicit brackets (PostgreSQL's own classes follow the
 *   locale); `\b` and `\B` become look-around over ASCII word characters (PostgreSQL's `\y`
 *   counts `é` as a word character, JavaScript does not).
 * - Groups become `(?:...)`; anchors and repeats are written as they are.
 * The database must use the UTF8 encoding (it reads text by code point, as the matcher does).
 */
import type { CharAtom, RegexNode } from "./regex-ast.js";
import { caseClosure } from "./case-fold.js";

const WORD = "[0-9A-Z_a-z]";
const BOUNDARY = `(?:(?<!${WORD})(?=${WORD})|(?<=${WORD})(?!${WORD}))`;
const NOT_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;

/** Characters with a meaning of their own outside brackets, escaped with `\`. */
const META = new Set([..."\\^$.|?*+()[]{}"]);
/** Characters with a meaning of their own inside brackets. */
const BRACKET_META = new Set([..."\\]^-["]);

/** A character as ARE text: printable ones as themselves, others as `\uXXXX`. */
function charText(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (cp > 0xffff || cp === 0x20 || /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)) return ch;
  return `\\u${cp.toString(16).padStart(4, "0")}`;
}

function outside(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return META.has(ch) ? `\\${ch}` : charText(cp);
}

function inside(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return BRACKET_META.has(ch) ? `\\${ch}` : charText(cp);
}

function atomText(atom: CharAtom): string {
  const closure = caseClosure(atom.kind === "char" ? [[atom.cp, atom.cp]] : atom.ranges);
  const negated = atom.kind === "class" && atom.negated;
  const only = closure.length === 1 ? closure[0] : undefined;
  if (!negated && only !== undefined && only[0] === only[1]) return outside(only[0]);
  let body = "";
  for (const [lo, hi] of closure) {
    body += inside(lo);
    if (hi === lo + 1) body += inside(hi);
    else if (hi > lo) body += `-${inside(hi)}`;
  }
  return `[${negated ? "^" : ""}${body}]`;
}

function quantifier(min: number, max: number | undefined): string {
  if (max === undefined) return min === 0 ? "*" : min === 1 ? "+" : `{${min},}`;
  if (min === 0 && max === 1) return "?";
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function emit(node: RegexNode): string {
  switch (node.kind) {
    case "atom":
      return atomText(node.atom);
    case "assert":
      return node.what === "start" ? "^" : node.what === "end" ? "$" : node.what === "word-boundary" ? BOUNDARY : NOT_BOUNDARY;
    case "seq":
      return node.items.map(emit).join("");
    case "alt":
      return node.branches.map(emit).join("|");
    case "group":
      return `(?:${emit(node.body)})`;
    case "repeat":
      // The parser puts a repeat only on a single atom or a group, both one ARE atom here.
      return emit(node.body) + quantifier(node.min, node.max);
  }
}

/** The ARE text of a parsed pattern, for `~*` (or `~`). */
export function emitPostgres(node: RegexNode): string {
  return `(?c)${emit(node)}`;
}
