/**
 * Text → tokens. One lexer instance for the process; keywords are found by a map lookup
 * on lexed words (see `tokens.ts`).
 */
import { Lexer, type IToken } from "chevrotain";
import { error, type Diagnostic } from "../diagnostics.js";
import { Identifier, keywordByText, lexedTokens, Unknown, UnterminatedString } from "./tokens.js";

/** Files above this size are refused before lexing, so hostile input cannot cost memory or time. */
export const MAX_FILE_CHARS = 10 * 1024 * 1024;
/** Runs of unknown characters listed per file; the rest are counted in one more diagnostic. */
const MAX_LEXER_ERRORS = 100;

/**
 * `validate`: run chevrotain's checks of the token definitions (unreachable patterns, ...).
 * Like the parser's grammar checks they find nothing in definitions that already passed them,
 * and they cost start-up time, so the shipped lexer skips them unless FUNNELFORM_GRAMMAR_CHECK
 * is set; test/dsl/syntax/lexer-check.test.ts runs them.
 */
export function buildLexer(validate = process.env["FUNNELFORM_GRAMMAR_CHECK"] !== undefined): Lexer {
  return new Lexer(lexedTokens, { positionTracking: "onlyOffset", ensureOptimizations: true, skipValidations: !validate });
}

const lexer = buildLexer();

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

/** Lexes `text`; diagnostics point into the file at `baseOffset + offset`. */
export function lexFunnel(text: string, file: string, baseOffset = 0): LexResult {
  const result = lexer.tokenize(text);
  let tokens = result.tokens;
  const diagnostics: Diagnostic[] = [];
  let unknownRuns = 0;
  let hasUnknown = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok === undefined) continue;
    const type = tok.tokenType;
    if (type === Identifier) {
      const kw = keywordByText.get(tok.image);
      if (kw !== undefined) {
        tok.tokenType = kw;
        tok.tokenTypeIdx = kw.tokenTypeIdx ?? tok.tokenTypeIdx;
      }
    } else if (type === UnterminatedString) {
      diagnostics.push(
        error(
          "unterminated-string",
          "this text has no closing `\"` on its line",
          { file, start: baseOffset + tok.startOffset, end: baseOffset + tok.startOffset + tok.image.length },
          'add a `"` at the end of the text (a text cannot span lines; write `\\n` for a line break)',
        ),
      );
    } else if (type === Unknown) {
      hasUnknown = true;
      // One diagnostic per run of adjacent unknown characters.
      let end = tok.startOffset + tok.image.length;
      while (tokens[i + 1]?.tokenType === Unknown && tokens[i + 1]?.startOffset === end) {
        i++;
        end += tokens[i]?.image.length ?? 1;
      }
      if (++unknownRuns <= MAX_LEXER_ERRORS) diagnostics.push(unknownChars(text, file, baseOffset, tok.startOffset, end));
    }
  }
  if (unknownRuns > MAX_LEXER_ERRORS) {
    diagnostics.push(error("syntax-error", `${unknownRuns - MAX_LEXER_ERRORS} more runs of unexpected characters are not listed`, { file, start: baseOffset + text.length, end: baseOffset + text.length }));
  }
  if (hasUnknown) tokens = tokens.filter((t) => t.tokenType !== Unknown);
  // Characters no pattern matches at all cannot occur (Unknown takes any non-space), but stay safe.
  for (const e of result.errors.slice(0, MAX_LEXER_ERRORS)) diagnostics.push(unknownChars(text, file, baseOffset, e.offset, e.offset + Math.max(1, e.length)));
  return { tokens, comments: result.groups["comments"] ?? [], diagnostics };
}

function unknownChars(text: string, file: string, base: number, start: number, end: number): Diagnostic {
  const shown = text.slice(start, Math.min(end, start + 20));
  return error(
    "syntax-error",
    `unexpected character${end - start > 1 ? "s" : ""} \`${shown}\``,
    { file, start: base + start, end: base + Math.min(end, text.length) },
    shown.startsWith("'") ? 'texts are written in double quotes: "like this"' : undefined,
  );
}
