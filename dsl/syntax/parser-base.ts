/**
 * The bottom layer of the DSL parser: per-parse state, span helpers and the small rules
 * every other layer uses (names, strings, numbers, durations, literals, keys).
 *
 * The parser is one chevrotain `EmbeddedActionsParser` built as a chain of subclasses, one
 * per concept: base → history → conditions → actions → campaigns → scoring → workflow →
 * `parser.ts`, which runs `performSelfAnalysis` once. Rules build AST nodes directly (no CST). Code that reads subrule
 * results runs inside `ACTION`, because during grammar recording those are placeholders.
 */
import { EmbeddedActionsParser, type IToken, type OrMethodOpts, type TokenType } from "chevrotain";
import type { CondNode, DurNode, KeyNode, LiteralNode, Name, NumNode, StrNode, Tok } from "../ast.js";
import { error, type Diagnostic, type DiagnosticCode } from "../diagnostics.js";
import type { Span } from "../span.js";
import { errorMessages } from "./errors.js";
import { GRAMMAR_CACHE } from "./grammar-cache-data.js";
import { cachedFollows, cachedLookahead, recordingLookahead, type GrammarCache } from "./grammar-cache.js";
import { lazyLookahead } from "./lazy-lookahead.js";
import { decodeDuration, decodeString, type TokenProblem } from "./literals.js";
import * as T from "./tokens.js";

/** A declaration, stage or step, for attaching comments after the parse. */
export interface Attachable {
  comments: string[];
  /** Raw (unshifted) offsets of the node. */
  start: number;
  end: number;
  /** The node itself, for `commentGaps`; absent for body slots. */
  node?: { commentGaps?: number[] };
}

export const MAX_NESTING = 64;
/** After this many syntax errors the parse stops: the rest is likely noise, and time stays bounded. */
export const MAX_SYNTAX_ERRORS = 100;

/** Thrown (past chevrotain's recovery) to stop a parse that has too many errors. */
export class TooManyErrors extends Error {
  constructor(readonly at: IToken) {
    super("too many syntax errors");
  }
}

/** How the parser's grammar analysis is done (see the constructor). */
export type ParserMode = "cached" | "check" | { record: GrammarCache };

type SaveError = (this: unknown, e: unknown) => unknown;
const chevrotainSaveError = (EmbeddedActionsParser.prototype as unknown as { SAVE_ERROR: SaveError }).SAVE_ERROR;

export class ParserBase extends EmbeddedActionsParser {
  protected file = "";
  protected base = 0;
  protected textLength = 0;
  protected diags: Diagnostic[] = [];
  protected attachables: Attachable[] = [];
  /** Current nesting of conditions (parens, `not`, `if` inside history), for `nesting-too-deep`. */
  protected depth = 0;
  protected tooDeepReported = false;
  /** > 0 while parsing the `if` of a `did`/`count`/`sum`, where `within` belongs to the history. */
  protected historyWhere = 0;
  private savedErrors = 0;

  /**
   * `mode`: how chevrotain's grammar analysis is done.
   *  - `"cached"` (shipped): lookahead paths and recovery follow sets come from
   *    `grammar-cache-data.ts`, computed at build time, and chevrotain's grammar validations
   *    are skipped: they cost most of the start-up time and find nothing in a grammar that
   *    already passed them;
   *  - `"check"`: chevrotain computes and validates everything (ambiguities, left recursion,
   *    ...); CI runs it (test/dsl/syntax/grammar-check.test.ts, or `FUNNELFORM_GRAMMAR_CHECK=1`);
   *  - `{ record }`: computes everything and writes the analysis into `record`
   *    (`grammar-cache-write.ts`).
   */
  constructor(private readonly mode: ParserMode) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      lookaheadStrategy:
        mode === "check" ? lazyLookahead(3) : mode === "cached" ? cachedLookahead(3, GRAMMAR_CACHE, T.allTokens) : recordingLookahead(3, mode.record.lookahead),
      errorMessageProvider: errorMessages,
      skipValidations: mode !== "check",
    });
  }

  /** Chevrotain's `performSelfAnalysis`, with the follow sets from the cache when it has them. */
  protected analyse(): void {
    const self = this as unknown as { recoveryEnabled: boolean; resyncFollows: Record<string, TokenType[]> };
    const follows = this.mode === "cached" && Object.keys(GRAMMAR_CACHE.follows).length > 0 ? cachedFollows(GRAMMAR_CACHE, T.allTokens) : undefined;
    if (follows === undefined) {
      this.performSelfAnalysis();
      if (typeof this.mode === "object") {
        for (const [key, types] of Object.entries(self.resyncFollows)) this.mode.record.follows[key] = types.map((t) => t.name);
      }
      return;
    }
    // With recovery off for the analysis, chevrotain skips computing the follow sets; recovery
    // is back on, with the cached sets, before the first parse.
    self.recoveryEnabled = false;
    try {
      this.performSelfAnalysis();
    } finally {
      self.recoveryEnabled = true;
    }
    self.resyncFollows = follows;
  }

  /** Prepares for one parse; spans are shifted by `base` (a fragment's offset in its file). */
  begin(tokens: IToken[], file: string, base: number, textLength: number): void {
    this.input = tokens;
    this.file = file;
    this.base = base;
    this.textLength = textLength;
    this.diags = [];
    this.attachables = [];
    this.depth = 0;
    this.tooDeepReported = false;
    this.historyWhere = 0;
    this.savedErrors = 0;
  }

  /** Chevrotain records every recognition error here (not in its public types). */
  SAVE_ERROR(e: unknown): unknown {
    if (++this.savedErrors > MAX_SYNTAX_ERRORS) throw new TooManyErrors(this.LA(1));
    return chevrotainSaveError.call(this, e);
  }

  /** Diagnostics found by the rules themselves (not chevrotain's syntax errors). */
  takeDiagnostics(): Diagnostic[] {
    return this.diags;
  }

  takeAttachables(): Attachable[] {
    return this.attachables;
  }

  // ---- spans -------------------------------------------------------------------------

  /** Span of raw offsets (into the lexed text). */
  protected sp(start: number, end: number): Span {
    return { file: this.file, start: this.base + start, end: this.base + end };
  }

  /** Raw start of a token; an inserted (recovery) or EOF token sits after the last consumed one. */
  protected rawStart(t: IToken): number {
    const s = t.startOffset;
    return Number.isNaN(s) || s < 0 ? this.afterLast() : s;
  }

  /** Raw offset just after the last consumed token (the lexer tracks start offsets only). */
  protected afterLast(): number {
    const prev = this.LA(0);
    const s = prev.startOffset;
    return Number.isNaN(s) || s < 0 ? 0 : s + prev.image.length;
  }

  protected tokSpan(t: IToken): Span {
    if (this.RECORDING_PHASE) return this.sp(0, 0);
    const s = t.startOffset;
    if (Number.isNaN(s) || s < 0) {
      const at = this.afterLast();
      return this.sp(at, at);
    }
    return this.sp(s, s + t.image.length);
  }

  /** Raw offset where the next token starts: call at the start of a rule. */
  protected here(): number {
    return this.rawStart(this.LA(1));
  }

  /** From a raw start offset to the end of the last consumed token. */
  protected spanFrom(start: number): Span {
    const end = this.afterLast();
    return this.sp(start, end < start ? start : end);
  }

  protected join(a: Span, b: Span): Span {
    return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
  }

  /** Registers a finished declaration, stage or step for comment attachment. */
  protected attach<N extends { comments: string[]; commentGaps?: number[]; span: Span }>(node: N): N {
    this.attachables.push({ comments: node.comments, start: node.span.start - this.base, end: node.span.end - this.base, node });
    return node;
  }

  /**
   * Registers one item of a block body (a score setting, an action, ...) so comments written
   * above it land in `bodyComments[key]` (dsl/print/layout.ts) instead of the declaration.
   */
  protected slot(d: { bodyComments?: Record<string, string[]> }, key: string | undefined, start: number): void {
    if (this.RECORDING_PHASE || typeof key !== "string") return;
    const comments: string[] = [];
    (d.bodyComments ??= {})[key] = comments;
    this.attachables.push({ comments, start, end: Math.max(start, this.afterLast()) });
  }

  /**
   * Slots `when.N` for the operands of a top-level `and`/`or` chain (a segment's condition),
   * each starting at its operator, so a comment above `or tagged vendor` stays there.
   */
  protected operandSlots(d: { bodyComments?: Record<string, string[]> }, cond: CondNode): void {
    if (this.RECORDING_PHASE) return;
    const tokens = this.input;
    // Any other condition is a single operand, `when.0`.
    (cond.kind === "and" || cond.kind === "or" ? cond.args : [cond]).forEach((arg, i) => {
      let start = arg.span.start - this.base;
      if (i > 0) {
        const at = tokens.findIndex((t) => t.startOffset === start);
        const op = at > 0 ? tokens[at - 1] : undefined;
        if (op !== undefined) start = op.startOffset;
      }
      const comments: string[] = [];
      (d.bodyComments ??= {})[`when.${i}`] = comments;
      this.attachables.push({ comments, start, end: arg.span.end - this.base });
    });
  }

  // ---- placeholders for rules that chevrotain recovered by skipping input ---------------

  protected spanHere(): Span {
    return this.tokSpan(this.LA(1));
  }

  protected blankName(): Name {
    return { text: "", span: this.spanHere() };
  }

  protected blankDur(): DurNode {
    return { seconds: 0, text: "", span: this.spanHere() };
  }

  protected blankCond(): CondNode {
    const span = this.spanHere();
    return { kind: "bare", ref: { name: { text: "", span }, span }, span };
  }

  // ---- diagnostics -------------------------------------------------------------------

  protected report(code: DiagnosticCode, message: string, span: Span, hint?: string): void {
    if (this.RECORDING_PHASE) return;
    this.diags.push(error(code, message, span, hint));
  }

  protected reportProblem(code: DiagnosticCode, tok: IToken, p: TokenProblem): void {
    const s = this.rawStart(tok);
    this.report(code, p.message, this.sp(s + p.offset, s + p.offset + p.length), p.hint);
  }

  /** A word from a closed list (`kind fit`, `category succeeded`); reports anything else. */
  protected word<W extends string>(tok: IToken, allowed: readonly W[], what: string): Tok<W> {
    const span = this.tokSpan(tok);
    const found = allowed.find((w) => w === tok.image);
    if (found !== undefined) return { value: found, span };
    const list = allowed.map((w) => `\`${w}\``).join(", ");
    this.report(
      "unexpected-token",
      tok.image === "" ? `expected ${what} here` : `\`${tok.image}\` is not ${what}`,
      span,
      `write one of ${list}`,
    );
    return { value: allowed[0] as W, span };
  }

  // ---- token → node ------------------------------------------------------------------

  protected nameOf(tok: IToken): Name {
    return { text: tok.image, span: this.tokSpan(tok) };
  }

  protected strOf(tok: IToken): StrNode {
    const d = decodeString(tok.image, tok.tokenType !== T.UnterminatedString);
    if (d.problem !== undefined) this.reportProblem("syntax-error", tok, d.problem);
    return { value: d.value, span: this.tokSpan(tok) };
  }

  protected durOf(tok: IToken): DurNode {
    const d = decodeDuration(tok.image);
    if (d.problem !== undefined && tok.image !== "") this.reportProblem("invalid-duration", tok, d.problem);
    return { seconds: d.value, text: tok.image, span: this.tokSpan(tok) };
  }

  /** `sign` is the `+`/`-` token when one was written. */
  protected numOf(tok: IToken, sign: IToken | undefined): NumNode {
    if (this.RECORDING_PHASE) return { value: 0, span: this.sp(0, 0) };
    const v = tok.image === "" ? 0 : Number(tok.image);
    const span = this.tokSpan(tok);
    if (sign === undefined) return { value: v, span };
    return { value: sign.image === "-" ? -v : v, span: this.join(this.tokSpan(sign), span) };
  }

  protected isType(t: IToken, type: TokenType): boolean {
    return t.tokenType === type || (type.categoryMatchesMap?.[t.tokenTypeIdx] ?? false);
  }

  // ---- shared small rules ------------------------------------------------------------

  public name = this.RULE("name", (): Name => this.nameOf(this.CONSUME(T.Identifier)), {
    recoveryValueFunc: () => ({ text: "", span: this.tokSpan(this.LA(1)) }),
  });

  /** `page.visited`, `coupon.received`: a dotted name, kept as one name. */
  public dottedName = this.RULE("dottedName", (): Name => {
    const first = this.CONSUME(T.Identifier);
    let text = first.image;
    this.MANY(() => {
      this.CONSUME(T.Dot);
      text += "." + this.CONSUME2(T.Identifier).image;
    });
    return this.ACTION(() => {
      const start = this.rawStart(first);
      return { text, span: this.spanFrom(start) };
    });
  }, { recoveryValueFunc: () => this.blankName() });

  public str = this.RULE("str", (): StrNode => this.strOf(this.CONSUME(T.StringLit)), {
    recoveryValueFunc: () => ({ value: "", span: this.tokSpan(this.LA(1)) }),
  });

  public duration = this.RULE("duration", (): DurNode => this.durOf(this.CONSUME(T.Duration)), {
    recoveryValueFunc: () => ({ seconds: 0, text: "", span: this.tokSpan(this.LA(1)) }),
  });

  private readonly signAlts = [{ ALT: (): IToken => this.CONSUME(T.Plus) }, { ALT: (): IToken => this.CONSUME(T.Minus) }];
  private readonly signFn = (): IToken => this.OR(this.signAlts);
  public signedNumber = this.RULE("signedNumber", (): NumNode => {
    const sign = this.OPTION(this.signFn);
    const num = this.CONSUME(T.NumberLit);
    return this.numOf(num, sign);
  }, { recoveryValueFunc: () => ({ value: 0, span: this.spanHere() }) });

  private literalAlts?: OrMethodOpts<LiteralNode>;
  public literal = this.RULE("literal", (): LiteralNode =>
    this.OR((this.literalAlts ??= {
      DEF: [
        { ALT: () => ({ kind: "string", ...this.SUBRULE(this.str) }) },
        { ALT: () => ({ kind: "number", ...this.SUBRULE(this.signedNumber) }) },
        { ALT: () => ({ kind: "boolean", value: true, span: this.tokSpan(this.CONSUME(T.True)) }) },
        { ALT: () => ({ kind: "boolean", value: false, span: this.tokSpan(this.CONSUME(T.False)) }) },
        { ALT: () => this.SUBRULE(this.list) },
      ],
      ERR_MSG: 'a value (a quoted text, a number, `true`, `false` or a list like `["a", "b"]`)',
    })), { recoveryValueFunc: () => ({ kind: "string" as const, value: "", span: this.spanHere() }) },
  );

  public list = this.RULE("list", (): LiteralNode => {
    const start = this.here();
    const items: LiteralNode[] = [];
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.literal)) });
    this.CONSUME(T.RBracket);
    return { kind: "list", items, span: this.spanFrom(start) };
  }, { recoveryValueFunc: () => ({ kind: "list" as const, items: [], span: this.spanHere() }) });

  private keyAlts?: OrMethodOpts<{ any: boolean; tok: IToken }>;
  /** `[crm]`, `[any]`, `["crm"]`: the key of a per-dimension score or pipeline. */
  public key = this.RULE("key", (): KeyNode => {
    const start = this.here();
    this.CONSUME(T.LBracket);
    const k = this.OR((this.keyAlts ??= {
      DEF: [
        { ALT: () => ({ any: true, tok: this.CONSUME(T.Any) }) },
        { ALT: () => ({ any: false, tok: this.CONSUME(T.Identifier) }) },
        { ALT: () => ({ any: false, tok: this.CONSUME(T.NumberLit) }) },
        { ALT: () => ({ any: false, tok: this.CONSUME(T.StringLit) }) },
      ],
      IGNORE_AMBIGUITIES: true,
      ERR_MSG: "a key like `crm` or `any`",
    }));
    this.CONSUME(T.RBracket);
    return this.ACTION((): KeyNode => {
      const span = this.spanFrom(start);
      if (k.any) return { kind: "any", span };
      const value = this.isType(k.tok, T.StringLit) ? this.strOf(k.tok).value : k.tok.image;
      return { kind: "value", value, span };
    });
  }, { recoveryValueFunc: () => ({ kind: "value" as const, value: "", span: this.spanHere() }) });
}
