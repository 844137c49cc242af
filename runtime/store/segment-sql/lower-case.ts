/**
 * JavaScript's `toLowerCase()` as a SQL expression, for `contains` / `startswith` / `endswith`,
 * which the engine evaluates as `text.toLowerCase().includes(needle.toLowerCase())`.
 *
 * PostgreSQL's `lower()` follows the database's collation (a C database lowers ASCII only, a
 * Turkish one lowers `I` to `ı`), so it is not used. JavaScript's lower case is, per code point,
 * a fixed one-to-one map — except `İ` (U+0130), which becomes `i` + U+0307, and `Σ`, which
 * becomes `ς` at the end of a word and `σ` elsewhere (Final_Sigma, the one context rule that
 * applies without a locale). So the SQL form is `translate()` with the table built here from
 * the running JavaScript itself, after replacing `İ`; `Σ` is mapped to `σ`, which is exact
 * unless the lower-cased needle holds `σ` or `ς` — then a text containing `Σ` is left undecided
 * (NULL) and the engine decides.
 */
import type { SqlParams } from "./sql-params.js";

/** Case mappings exist only below this code point (dsl/regex/case-fold.ts checks it over all of Unicode). */
const SCAN_LIMIT = 0x20000;
const DOTTED_CAPITAL_I = 0x130;

let table: { from: string; to: string } | undefined;

/** Every code point whose lower case is one other code point, and that lower case. */
function lowerTable(): { from: string; to: string } {
  if (table !== undefined) return table;
  let from = "";
  let to = "";
  for (let cp = 0x41; cp < SCAN_LIMIT; cp++) {
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp === DOTTED_CAPITAL_I) continue;
    const ch = String.fromCodePoint(cp);
    const lower = ch.toLowerCase();
    if (lower === ch) continue;
    const first = lower.codePointAt(0);
    if (first === undefined || String.fromCodePoint(first) !== lower) continue;
    from += ch;
    to += lower;
  }
  table = { from, to };
  return table;
}

const ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz";

/**
 * The SQL of `text.toLowerCase()` for a text expression (Σ → σ, see the module comment).
 * All-ASCII text takes the short table (most data), the rest the full one.
 */
export function lowerSql(text: string, p: SqlParams): string {
  const t = lowerTable();
  const from = p.once("lower-from", t.from, "text");
  const to = p.once("lower-to", t.to, "text");
  return (
    `(CASE WHEN octet_length(${text}) = char_length(${text}) THEN translate(${text}, '${ASCII_UPPER}', '${ASCII_LOWER}') ` +
    `ELSE translate(replace(${text}, chr(${DOTTED_CAPITAL_I}), 'i' || chr(775)), ${from}, ${to}) END)`
  );
}

/** Whether a lower-cased needle can tell `σ` from `ς` (then a `Σ` in the text is undecided). */
export function needsFinalSigma(lowerNeedle: string): boolean {
  return lowerNeedle.includes("σ") || lowerNeedle.includes("ς");
}

/** Wraps a text test so that texts holding `Σ` are undecided when the needle needs Final_Sigma. */
export function sigmaGuard(text: string, lowerNeedle: string, test: string): string {
  return needsFinalSigma(lowerNeedle) ? `(CASE WHEN strpos(${text}, chr(931)) > 0 THEN NULL ELSE ${test} END)` : test;
}
