/**
 * Syntax errors in plain words: chevrotain's error message provider, and the mapping of its
 * recognition exceptions to diagnostics (codes, spans, the construct being written).
 */
import { tokenLabel, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { hintFor as keywordHint } from "../did-you-mean.js";
import { error, type Diagnostic } from "../diagnostics.js";
import { Identifier, keywordByText } from "./tokens.js";

function found(actual: IToken | undefined): string {
  if (actual === undefined || actual.tokenType.name === "EOF") return "the end of the text";
  return `\`${actual.image.length > 30 ? actual.image.slice(0, 30) + "…" : actual.image}\``;
}

/** ` after \`x\``, or nothing when there is no real previous token (after recovery it can be the found one). */
function after(previous: IToken | undefined, actual?: IToken): string {
  if (previous === undefined || previous.tokenType.name === "EOF" || previous.image === "") return "";
  if (actual !== undefined && actual.startOffset <= previous.startOffset) return "";
  return ` after \`${previous.image.length > 30 ? previous.image.slice(0, 30) + "…" : previous.image}\``;
}

function label(t: TokenType): string {
  if (t.name === "EOF") return "the end of the text";
  return tokenLabel(t);
}

/** The first tokens of the expected paths, as "`a`, `b` or `c`". */
function firstOf(paths: TokenType[][]): string {
  const seen: string[] = [];
  for (const p of paths) {
    const t = p[0];
    if (t === undefined) continue;
    const l = label(t);
    if (!seen.includes(l)) seen.push(l);
  }
  if (seen.length === 0) return "something else";
  const shown = seen.length > 8 ? [...seen.slice(0, 8), "…"] : seen;
  return shown.length === 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1] ?? ""}`;
}

/** Chevrotain calls these while parsing; the messages name what was expected, in plain words. */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    // Only the file rule expects the end of the text after a repetition (of declarations).
    if (expected.name === "EOF") return `unexpected ${found(actual)}: expected a declaration (\`version\`, \`field\`, \`score\`, \`rule\`, \`segment\`, \`pipeline\`, \`threshold\`, \`campaign\`, ...)`;
    return `expected ${label(expected)}${after(previous, actual)}, found ${found(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${found(firstRedundant)}: nothing more was expected here`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, customUserDescription }) {
    const what = customUserDescription ?? firstOf(expectedPathsPerAlt.flat());
    return `expected ${what}${after(previous, actual[0])}, found ${found(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, customUserDescription }) {
    const what = customUserDescription ?? firstOf(expectedIterationPaths);
    return `expected ${what}${after(previous, actual[0])}, found ${found(actual[0])}`;
  },
};

/** What the author was writing, by rule name, to say where a syntax error is. */
const CONTEXT: Readonly<Record<string, string>> = {
  versionDecl: "the `version` line",
  timezoneDecl: "the `timezone` line",
  fieldDecl: "a `field` declaration",
  eventDecl: "an `event` declaration",
  scoreDecl: "a `score` declaration",
  ruleDecl: "a `rule`",
  segmentDecl: "a `segment`",
  suppressDecl: "a `suppress` line",
  pipelineDecl: "a `pipeline`",
  stage: "a `stage`",
  thresholdDecl: "a `threshold`",
  feedbackDecl: "a `feedback` loop",
  askSpec: "the `ask` line",
  campaignDecl: "a `campaign`",
  step: "a campaign step",
  channelDecl: "a `channel`",
  condition: "a condition",
  action: "an action",
  limitSpec: "a `limit`",
  decaySpec: "a `decay`",
};

/** Rules too small to name a construct: the error is described by their caller. */
const GENERIC = new Set(["name", "dottedName", "str", "duration", "signedNumber", "literal", "list", "key", "andCond", "unary", "primary", "refCondition"]);

function contextOf(stack: readonly string[]): string | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const r = stack[i];
    if (r === undefined || GENERIC.has(r)) continue;
    const c = CONTEXT[r];
    if (c !== undefined) return c;
  }
  return undefined;
}

/** A misspelt keyword gets "did you mean"; a bare number where a duration belongs, its unit. */
function hintFor(tok: IToken, message: string): string | undefined {
  if (/^\d+$/.test(tok.image) && message.includes("duration")) return `write the unit right after the number, e.g. \`${tok.image}d\` (units: s, m, h, d, w)`;
  if (tok.tokenType === Identifier) return keywordHint(tok.image, keywordByText.keys());
  return undefined;
}

/** Maps chevrotain's errors to diagnostics; spans are shifted by `base`, kept within the text. */
export function syntaxDiagnostics(errors: readonly IRecognitionException[], file: string, base: number, textLength: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    const tok = e.token;
    const atEnd = tok.tokenType.name === "EOF" || Number.isNaN(tok.startOffset);
    let start: number;
    let end: number;
    if (!atEnd) {
      start = tok.startOffset;
      end = start + tok.image.length;
    } else {
      const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
      const p = prev !== undefined && !Number.isNaN(prev.startOffset) && prev.startOffset >= 0 ? prev.startOffset + prev.image.length : textLength;
      start = end = Math.min(p, textLength);
    }
    if (seen.has(start)) continue;
    seen.add(start);
    const ctx = contextOf(e.context.ruleStack);
    const message = ctx === undefined ? e.message : `${e.message} (in ${ctx})`;
    // Missing when something is absent; unexpected when something extra stands where a block should close.
    const extra = e.message.startsWith("unexpected") || (/^expected `[)}\]]`/.test(e.message) && !/^[)}\]]$/.test(tok.image));
    const code = atEnd || (e.name === "MismatchedTokenException" && !extra) ? "missing-token" : "unexpected-token";
    const hint = atEnd ? undefined : hintFor(tok, e.message);
    out.push(error(code, message, { file, start: base + start, end: base + end }, hint));
  }
  return out;
}
