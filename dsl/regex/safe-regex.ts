/**
 * `matches` patterns: a small regex language that marketers write in conditions
 * (`job_title matches "director|vp|chief"`), run per event in JS and set-based in PostgreSQL.
 * No pattern can make either side slow: the matcher simulates an NFA (no backtracking), so
 * its cost is at most (pattern size) × (input length).
 *
 * The subset, precisely (anything else is `invalid-regex`):
 * - Literal characters: anything but `\ . ^ $ | ? * + ( ) [ ] { }`. Matching is
 *   case-insensitive and search-like: the pattern may match anywhere in the text unless
 *   anchored with `^` / `$` (start / end of the whole text).
 * - `.` any character except a line break (\n, \r, U+2028, U+2029).
 * - Escapes: `\d` (0-9), `\w` (A-Z a-z 0-9 _), `\s` (whitespace), `\D \W \S` (their
 *   complements), `\b` / `\B` (word boundary / not one, ASCII word characters), and `\` before
 *   any ASCII punctuation or space (`\.`, `\\`, `\(`, `\-` ...).
 * - Classes `[a-z0-9_-]`, negated `[^...]`: characters, ranges `a-z` (smaller end first),
 *   escaped punctuation, `\d \w \s`; `-` is literal only first or last; `[` must be escaped;
 *   an empty class is refused.
 * - Groups `( )` and `(?: )`, both only grouping (nothing is captured); `|` alternation,
 *   with no empty alternative (`director|` would match every text) and no empty group.
 * - Repeats `? * +`, `{m}`, `{m,}`, `{m,n}` with counts up to 100, after a character, class or
 *   group that can consume a character (`^*` is refused); never two in a row.
 * - Refused with a message: back-references, look-around, lazy and possessive repeats,
 *   named groups, inline flags `(?i)`, `/.../i` syntax, `\p{..}`, `\u..`, POSIX `[:alpha:]`.
 * - `unsafe-regex`: more than 500 characters, a count above 100, or more than 2000 NFA
 *   states once counted repeats are expanded (`(a{100}){100}`).
 *
 * Case-insensitivity is ECMAScript's for `/.../i` (see case-fold.ts), applied per code point;
 * PostgreSQL gets it spelled out (see to-postgres.ts), so both sides agree on every input.
 */
import { parseRegex, type RegexProblem } from "./parse-regex.js";
import { buildNfa, type Nfa } from "./nfa.js";
import { nfaMatcher } from "./match-nfa.js";
import { emitPostgres } from "./to-postgres.js";
import type { RegexNode } from "./regex-ast.js";

export { MAX_PATTERN_LENGTH, MAX_REPEAT, type RegexProblem } from "./parse-regex.js";
export { MAX_NFA_STATES } from "./nfa.js";

export type SafeRegexCheck = { ok: true } | ({ ok: false } & RegexProblem);

export interface SafeRegex {
  /** Whether the pattern occurs in `input`, case-insensitively. */
  test(input: string): boolean;
}

function analyse(pattern: string): { ok: true; node: RegexNode; nfa: Nfa } | { ok: false; problem: RegexProblem } {
  const parsed = parseRegex(pattern);
  if (!parsed.ok) return parsed;
  const built = buildNfa(parsed.node);
  return built.ok ? { ok: true, node: parsed.node, nfa: built.nfa } : built;
}

/** Validates a pattern of the subset; the offset is into the pattern text (0-based), for a diagnostic pointing at the exact character. */
export function checkSafeRegex(pattern: string): SafeRegexCheck {
  const result = analyse(pattern);
  return result.ok ? { ok: true } : { ok: false, ...result.problem };
}

/**
 * A linear-time matcher (Thompson NFA simulation, no backtracking): case-insensitive, search
 * semantics (unanchored unless `^`/`$`). Throws only on patterns checkSafeRegex rejects — the
 * compiler has reported those already, so reaching one here is a bug of the caller.
 */
export function compileSafeRegex(pattern: string): SafeRegex {
  const result = analyse(pattern);
  if (!result.ok) throw new Error(`not a safe regex (${result.problem.code} at ${result.problem.offset}): ${result.problem.message}`);
  const test = nfaMatcher(result.nfa);
  return { test: (input: string) => test(input) };
}

/**
 * The same pattern as a PostgreSQL ARE for the `~*` operator (it also works with `~`: it
 * carries its own case handling), meaning exactly the same thing on every input.
 * Throws only on patterns checkSafeRegex rejects. Pass it as a bind parameter.
 */
export function toPostgresRegex(pattern: string): string {
  const result = analyse(pattern);
  if (!result.ok) throw new Error(`not a safe regex (${result.problem.code} at ${result.problem.offset}): ${result.problem.message}`);
  return emitPostgres(result.node);
}
