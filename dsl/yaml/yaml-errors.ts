/** The `yaml` parser's errors and warnings, in words a marketer understands. */
import { isScalar, visit, type Document, type ErrorCode, type YAMLError } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { LineIndex } from "../span.js";

const QUOTE_HINT = "put the value in quotes if it contains `: ` or ` #`, or, inside `{ }` or `[ ]`, a `,`, `[`, `]`, `{` or `}`";
const UNCLOSED: [string, string] = ["a `{ }` or `[ ]` is not closed, or its next line is not indented under its key", QUOTE_HINT];

const MESSAGES: Partial<Record<ErrorCode, [string, string?]>> = {
  BAD_INDENT: ["the indentation here does not line up with the lines above", "indent items of the same list or mapping by the same number of spaces"],
  TAB_AS_INDENT: ["a tab is used for indentation; YAML needs spaces", "replace the tab with spaces"],
  MISSING_CHAR: ["a closing quote or bracket is missing", "check that every `\"`, `'`, `[` and `{` is closed"],
  MULTILINE_IMPLICIT_KEY: ["a key must fit on one line (is a `:` missing, or is this line indented too far?)"],
  BLOCK_AS_IMPLICIT_KEY: ["YAML reads the `: ` in this value as the start of a new key", "put the whole value in quotes"],
  UNEXPECTED_TOKEN: ["this text is not valid YAML here", QUOTE_HINT],
  BAD_ALIAS: ["this alias (`*name`) has no matching anchor (`&name`)"],
  BAD_DQ_ESCAPE: ["this `\\` escape is not valid inside a double-quoted string"],
  MULTIPLE_DOCS: ["a funnel file holds one YAML document; remove the `---` separator", "put each document in its own file"],
  KEY_OVER_1024_CHARS: ["this key is longer than 1024 characters"],
  BAD_SCALAR_START: ["a value cannot start with this character unless it is quoted", "put the value in quotes"],
  BLOCK_IN_FLOW: ["a block (`|`, `>` or an indented list) cannot appear inside `[ ]` or `{ }`"],
  TAG_RESOLVE_FAILED: ["this value does not match its `!!` tag"],
};

/**
 * The parser's errors and warnings as diagnostics, plus a `duplicate-name` for each key
 * written twice in one mapping. The document is parsed with `uniqueKeys: false` (the
 * parser's own check compares every pair of keys, quadratic on a large mapping); this one
 * keeps a set per mapping.
 */
export function yamlDiagnostics(doc: Document, file: string, text: string): Diagnostic[] {
  const problems = [...doc.errors, ...doc.warnings].map((e) => yamlDiagnostic(e, file, text));
  return [...problems, ...duplicateKeys(doc, file, text)].sort((a, b) => a.span.start - b.span.start);
}

function duplicateKeys(doc: Document, file: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || key.range === undefined || key.range === null) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        const span = { file, start: key.range[0], end: key.range[1] };
        const written = text.slice(span.start, span.end).trim();
        out.push({
          severity: "error",
          code: "duplicate-name",
          message: written ? `\`${written}\` is written twice in the same mapping` : "a key is written twice in the same mapping",
          span,
          hint: "rename or remove one of them; the first one is used",
        });
      }
    },
  });
  return out;
}

function yamlDiagnostic(err: YAMLError, file: string, text: string): Diagnostic {
  const severity = err.name === "YAMLWarning" ? "warning" : "error";
  // The parser may place an end-of-file problem one past the end.
  const start = Math.min(Math.max(err.pos[0], 0), text.length);
  const span = { file, start, end: Math.min(Math.max(err.pos[1], start), text.length) };
  const known = err.code === "BAD_INDENT" && /end with an? [}\]]/.test(err.message) ? UNCLOSED : MESSAGES[err.code];
  // The parser's own text is a fallback for rare codes; keep only its first sentence.
  const message = known?.[0] ?? `this is not valid YAML: ${err.message.split("\n")[0] ?? err.code}`;
  const hint = known?.[1];
  return hint === undefined ? { severity, code: "yaml-syntax-error", message, span } : { severity, code: "yaml-syntax-error", message, span, hint };
}

/**
 * One YAML syntax error per line, and none of the reader's diagnostics on a line with a
 * syntax error: those are echoes of the same mistake (a value cut short by a missing
 * quote, a key moved by bad indentation) and would only hide the real one.
 */
export function withoutEchoes(text: string, syntax: Diagnostic[], read: Diagnostic[]): Diagnostic[] {
  if (syntax.length === 0) return read;
  const lines = new LineIndex(text);
  const lineOf = (d: Diagnostic) => lines.position(d.span.start).line;
  const errorLines = new Set<number>();
  const kept: Diagnostic[] = [];
  for (const d of syntax) {
    if (d.severity !== "error" || d.code !== "yaml-syntax-error") {
      kept.push(d);
      continue;
    }
    if (errorLines.has(lineOf(d))) continue;
    errorLines.add(lineOf(d));
    kept.push(d);
  }
  const errors = kept.filter((d) => d.severity === "error");
  const echo = (d: Diagnostic) => errorLines.has(lineOf(d)) || errors.some((e) => d.span.start <= e.span.start && e.span.start < d.span.end);
  return [...kept, ...read.filter((d) => !echo(d))];
}
