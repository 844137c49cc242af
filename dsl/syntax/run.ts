/**
 * One parse: lex, run an entry rule, collect every diagnostic. Shared by `parseFunnel`
 * and `parseFragment`.
 */
import type { IToken } from "chevrotain";
import { error, type Diagnostic } from "../diagnostics.js";
import { syntaxDiagnostics } from "./errors.js";
import { lexFunnel, MAX_FILE_CHARS } from "./lexer.js";
import { MAX_SYNTAX_ERRORS, TooManyErrors, type Attachable } from "./parser-base.js";
import { funnelParser } from "./parser.js";

export interface RunResult<T> {
  value: T | undefined;
  diagnostics: Diagnostic[];
  comments: IToken[];
  tokens: IToken[];
  attachables: Attachable[];
}

/** A parse that cannot run at all: too large, or an internal failure (never a user's mistake). */
export function refusal(code: "file-too-large" | "syntax-error", message: string, file: string, base: number, hint?: string): Diagnostic {
  return error(code, message, { file, start: base, end: base }, hint);
}

export function tooLarge(text: string, file: string, base: number): Diagnostic | undefined {
  if (text.length <= MAX_FILE_CHARS) return undefined;
  return refusal(
    "file-too-large",
    `this file is ${(text.length / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_CHARS / 1048576} MB`,
    file,
    base,
    "split the workspace into several files",
  );
}

/** Lexes `text` and runs `entry` on the shared parser. Never throws. */
export function run<T>(text: string, file: string, base: number, entry: () => T | undefined): RunResult<T> {
  const lexed = lexFunnel(text, file, base);
  // Chevrotain signals syntax errors with exceptions; their stack traces are never read and
  // dominate the cost of an error-heavy file.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    funnelParser.begin(lexed.tokens, file, base, text.length);
    let value: T | undefined;
    const extra: Diagnostic[] = [];
    try {
      value = entry();
    } catch (e) {
      if (!(e instanceof TooManyErrors)) throw e;
      const at = Number.isNaN(e.at.startOffset) ? text.length : e.at.startOffset;
      extra.push(
        error("syntax-error", `more than ${MAX_SYNTAX_ERRORS} syntax errors: stopped reading the file here`, { file, start: base + at, end: base + at }, "fix the first errors and run again"),
      );
    }
    const diagnostics = [
      ...lexed.diagnostics,
      ...funnelParser.takeDiagnostics(),
      ...syntaxDiagnostics(funnelParser.errors, file, base, text.length),
    ].sort((a, b) => a.span.start - b.span.start);
    diagnostics.push(...extra);
    return { value, diagnostics, comments: lexed.comments, tokens: lexed.tokens, attachables: funnelParser.takeAttachables() };
  } catch (e) {
    // A bug in the parser, not in the user's file: report it rather than crash the command.
    const why = e instanceof Error ? e.message : String(e);
    return {
      value: undefined,
      diagnostics: [...lexed.diagnostics, refusal("syntax-error", `internal error while reading this file: ${why}`, file, base)],
      comments: [],
      tokens: [],
      attachables: [],
    };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    funnelParser.input = [];
  }
}
