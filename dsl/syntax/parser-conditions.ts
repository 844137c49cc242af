/**
 * Conditions: `and` binds tighter than `or`; `not` and parentheses nest. Nesting is capped
 * (`MAX_NESTING`): a deeper condition is reported once and skipped without recursion, so
 * hostile input cannot overflow the stack.
 */
import type { IOrAlt, IToken, OrMethodOpts } from "chevrotain";
import type { CompareOp, CondNode, DurNode, KeyNode, LiteralNode, Name, RefNode, Tok } from "../ast.js";
import type { Span } from "../span.js";
import { MAX_NESTING } from "./parser-base.js";
import { HistoryParser } from "./parser-history.js";
import * as T from "./tokens.js";

/** What follows a name in a condition. */
type RefTail =
  | { kind: "compare"; op: Tok<CompareOp>; value: LiteralNode }
  | { kind: "is_set"; negated: boolean }
  | { kind: "ago"; dir: "before" | "after" | "within"; dur: DurNode };

export class ConditionParser extends HistoryParser {
  private placeholder(span: Span): CondNode {
    return { kind: "bare", ref: { name: { text: "", span }, span }, span };
  }

  /** Reports once, then skips the rest of a too-deep condition up to its closing bracket. */
  private skipTooDeep(): CondNode {
    const start = this.here();
    let balance = 0;
    for (;;) {
      const t = this.LA(1);
      if (t.tokenType.name === "EOF") break;
      if (t.tokenType === T.LParen) balance++;
      else if (t.tokenType === T.RParen) {
        if (balance === 0) break;
        balance--;
      } else if ((t.tokenType === T.LBrace || t.tokenType === T.RBrace) && balance === 0) break;
      this.SKIP_TOKEN();
    }
    const span = this.spanFrom(start);
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.report(
        "nesting-too-deep",
        `this condition is nested more than ${MAX_NESTING} levels deep`,
        span,
        "split it into segments and refer to them with `in segment NAME`",
      );
    }
    return this.placeholder(span);
  }

  public override condition = this.RULE(
    "condition",
    (): CondNode => {
      if (!this.RECORDING_PHASE && this.depth >= MAX_NESTING) return this.skipTooDeep();
      this.depth++;
      try {
        const args: CondNode[] = [this.SUBRULE(this.andCond)];
        this.MANY(() => {
          this.CONSUME(T.Or);
          args.push(this.SUBRULE2(this.andCond));
        });
        return this.ACTION(() => this.combine("or", args));
      } finally {
        this.depth--;
      }
    },
    { recoveryValueFunc: () => this.blankCond() },
  );

  private combine(kind: "and" | "or", args: CondNode[]): CondNode {
    const first = args[0];
    const last = args[args.length - 1];
    if (first === undefined || last === undefined) return this.blankCond();
    if (args.length === 1) return first;
    return { kind, args, span: this.join(first.span, last.span) };
  }

  public andCond = this.RULE("andCond", (): CondNode => {
    const args: CondNode[] = [this.SUBRULE(this.unary)];
    this.MANY(() => {
      this.CONSUME(T.And);
      args.push(this.SUBRULE2(this.unary));
    });
    return this.ACTION(() => this.combine("and", args));
  }, { recoveryValueFunc: () => this.blankCond() });

  /** `not` is iterative (a chain of `not`s does not recurse); it counts toward the nesting cap. */
  public unary = this.RULE("unary", (): CondNode => {
    const nots: IToken[] = [];
    this.MANY(() => {
      nots.push(this.CONSUME(T.Not));
    });
    const before = this.depth;
    this.ACTION(() => {
      this.depth += nots.length;
      if (this.depth > MAX_NESTING && !this.tooDeepReported) {
        this.tooDeepReported = true;
        const first = nots[0];
        const span = first === undefined ? this.tokSpan(this.LA(1)) : this.tokSpan(first);
        this.report("nesting-too-deep", `this condition is nested more than ${MAX_NESTING} levels deep`, span, "remove doubled `not`s");
      }
    });
    let inner: CondNode;
    try {
      inner = this.SUBRULE(this.primary);
    } finally {
      this.depth = before;
    }
    return this.ACTION(() => {
      let node = inner;
      // Past the cap the `not`s are still honoured by parity, so the AST stays shallow.
      const keep = nots.length > MAX_NESTING ? nots.length % 2 : nots.length;
      for (let i = keep - 1; i >= 0; i--) {
        const n = nots[i];
        if (n === undefined) continue;
        node = { kind: "not", arg: node, span: this.join(this.tokSpan(n), node.span) };
      }
      return node;
    });
  }, { recoveryValueFunc: () => this.blankCond() });

  // Alternatives are built once and reused (chevrotain's advice: no closures per call).
  private primaryAlts?: OrMethodOpts<CondNode>;
  public primary = this.RULE(
    "primary",
    (): CondNode =>
      this.OR((this.primaryAlts ??= {
        DEF: [
          { ALT: () => this.SUBRULE(this.parenCond) },
          {
            ALT: () => {
              const t = this.CONSUME(T.Tagged);
              const tag = this.SUBRULE(this.name);
              return this.ACTION((): CondNode => ({ kind: "tagged", tag, span: this.join(this.tokSpan(t), tag.span) }));
            },
          },
          {
            ALT: () => {
              const t = this.CONSUME(T.In);
              this.CONSUME(T.Segment);
              const segment = this.SUBRULE2(this.name);
              return this.ACTION((): CondNode => ({ kind: "in_segment", segment, span: this.join(this.tokSpan(t), segment.span) }));
            },
          },
          { ALT: () => this.SUBRULE(this.stageCond) },
          { ALT: () => this.SUBRULE(this.didCond) },
          { ALT: () => this.SUBRULE(this.countCond) },
          { ALT: () => this.SUBRULE(this.refCondition) },
        ],
        IGNORE_AMBIGUITIES: true,
        ERR_MSG: "a condition (such as `engagement >= 60`, `tagged vip`, `in segment X` or `did page.visited`)",
      })),
    { recoveryValueFunc: () => this.blankCond() },
  );

  public parenCond = this.RULE("parenCond", (): CondNode => {
    const start = this.here();
    this.CONSUME(T.LParen);
    const saved = this.historyWhere;
    this.ACTION(() => (this.historyWhere = 0));
    let inner: CondNode;
    try {
      inner = this.SUBRULE(this.condition);
    } finally {
      this.historyWhere = saved;
    }
    this.CONSUME(T.RParen);
    return this.ACTION((): CondNode => ({ kind: "paren", inner, span: this.spanFrom(start) }));
  }, { recoveryValueFunc: () => this.blankCond() });

  public stageCond = this.RULE("stageCond", (): CondNode => {
    const start = this.here();
    this.CONSUME(T.Stage);
    const pipeline = this.SUBRULE(this.name);
    let key: KeyNode | undefined;
    this.OPTION(() => (key = this.SUBRULE(this.key)));
    const r = this.OR<{ mode: "is" | "in" | "at_least"; stages: Name[] }>({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Is);
            return { mode: "is" as const, stages: [this.SUBRULE2(this.name)] };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.In);
            return { mode: "in" as const, stages: this.SUBRULE(this.nameList) };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.At);
            this.CONSUME(T.Least);
            return { mode: "at_least" as const, stages: [this.SUBRULE3(this.name)] };
          },
        },
      ],
      ERR_MSG: "`is STAGE`, `in [STAGE, ...]` or `at least STAGE`",
    });
    return this.ACTION((): CondNode => {
      const node: CondNode = { kind: "in_stage", pipeline, mode: r.mode, stages: r.stages, span: this.spanFrom(start) };
      if (key !== undefined) node.key = key;
      return node;
    });
  }, { recoveryValueFunc: () => this.blankCond() });

  /** `[a, b]` of names. */
  public nameList = this.RULE("nameList", (): Name[] => {
    const names: Name[] = [];
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => names.push(this.SUBRULE(this.name)) });
    this.CONSUME(T.RBracket);
    return names;
  }, { recoveryValueFunc: () => [] });

  /** A name (with an optional key) and what is said about it; alone it is a boolean field. */
  public refCondition = this.RULE("refCondition", (): CondNode => {
    const start = this.here();
    const name = this.SUBRULE(this.name);
    const key = this.OPTION(this.keyFn);
    const tail = this.OPTION2(this.refTailFn);
    return this.ACTION((): CondNode => {
      const ref: RefNode = key === undefined ? { name, span: name.span } : { name, key, span: this.join(name.span, key.span) };
      if (tail === undefined) return { kind: "bare", ref, span: ref.span };
      const span = this.spanFrom(start);
      switch (tail.kind) {
        case "compare":
          return { kind: "compare", ref, op: tail.op, value: tail.value, span };
        case "is_set":
          return { kind: "is_set", ref, negated: tail.negated, span };
        case "ago":
          return { kind: "ago", ref, dir: tail.dir, dur: tail.dur, span };
      }
    });
  }, { recoveryValueFunc: () => this.blankCond() });

  private readonly keyFn = (): KeyNode => this.SUBRULE(this.key);

  private readonly refTailFn = {
    GATE: (): boolean => this.historyWhere === 0 || this.LA(1).tokenType !== T.Within,
    DEF: (): RefTail => this.OR((this.refTailAlts ??= this.buildRefTailAlts())),
  };

  private refTailAlts?: OrMethodOpts<RefTail>;
  private buildRefTailAlts(): OrMethodOpts<RefTail> {
    return {
      DEF: [
        { ALT: () => ({ kind: "compare", op: this.SUBRULE(this.compareOp), value: this.SUBRULE(this.literal) }) },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            const not = this.OPTION3(() => this.CONSUME(T.Not));
            this.CONSUME(T.SetKw);
            return { kind: "is_set", negated: not !== undefined };
          },
        },
        {
          ALT: () => {
            const dir = this.OR2([
              { ALT: () => (this.CONSUME(T.Before), "before" as const) },
              { ALT: () => (this.CONSUME(T.After), "after" as const) },
            ]);
            const dur = this.SUBRULE(this.duration);
            this.CONSUME(T.Ago);
            return { kind: "ago", dir, dur };
          },
        },
        { ALT: () => (this.CONSUME(T.Within), { kind: "ago", dir: "within", dur: this.SUBRULE2(this.duration) }) },
      ],
      ERR_MSG: "a comparison, `is set`, `before D ago`, `after D ago` or `within D`",
    };
  }

  private compareAlts?: IOrAlt<CompareOp>[];
  /** `==`, `contains`, `in`, `not in`, ... */
  public compareOp = this.RULE(
    "compareOp",
    (): Tok<CompareOp> => {
      const start = this.here();
      const value = this.OR((this.compareAlts ??= [
        { ALT: () => this.CONSUME(T.EqEq).image as CompareOp },
        { ALT: () => this.CONSUME(T.NotEq).image as CompareOp },
        { ALT: () => this.CONSUME(T.LtEq).image as CompareOp },
        { ALT: () => this.CONSUME(T.GtEq).image as CompareOp },
        { ALT: () => this.CONSUME(T.Lt).image as CompareOp },
        { ALT: () => this.CONSUME(T.Gt).image as CompareOp },
        { ALT: () => (this.CONSUME(T.Contains), "contains" as const) },
        { ALT: () => (this.CONSUME(T.StartsWith), "startswith" as const) },
        { ALT: () => (this.CONSUME(T.EndsWith), "endswith" as const) },
        { ALT: () => (this.CONSUME(T.Matches), "matches" as const) },
        { ALT: () => (this.CONSUME(T.In), "in" as const) },
        {
          ALT: () => {
            this.CONSUME(T.Not);
            this.CONSUME2(T.In);
            return "not in" as const;
          },
        },
      ]));
      return { value, span: this.spanFrom(start) };
    },
    { recoveryValueFunc: (): Tok<CompareOp> => ({ value: "==", span: this.tokSpan(this.LA(1)) }) },
  );
}
