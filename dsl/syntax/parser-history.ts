/**
 * Event-history conditions: `did`, `did not`, `count(...)`, `sum(...)`. The `if` inside them
 * is a full condition, defined by the next layer (`ConditionParser`).
 */
import type { IToken, OrMethodOpts, ParserMethod } from "chevrotain";
import type { CondNode, DurNode, Name, Tok } from "../ast.js";
import { ParserBase } from "./parser-base.js";
import * as T from "./tokens.js";

type NumericOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

interface HistoryTail {
  where?: CondNode;
  within?: DurNode;
}

export abstract class HistoryParser extends ParserBase {
  /** Defined by `ConditionParser`; rules are only run after the whole parser is built. */
  declare public condition: ParserMethod<[], CondNode>;

  /** `[if COND] [within D]` after the event of a `did`, `count(...)` or `sum(...)`. */
  public historyTail = this.RULE("historyTail", (): HistoryTail => {
    const tail: HistoryTail = {};
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.ACTION(() => this.historyWhere++);
      try {
        tail.where = this.SUBRULE(this.condition);
      } finally {
        this.ACTION(() => this.historyWhere--);
      }
    });
    this.OPTION2(() => {
      this.CONSUME(T.Within);
      tail.within = this.SUBRULE(this.duration);
    });
    return tail;
  }, { recoveryValueFunc: () => ({}) });

  public didCond = this.RULE("didCond", (): CondNode => {
    const start = this.here();
    this.CONSUME(T.Did);
    let negated = false;
    this.OPTION(() => {
      this.CONSUME(T.Not);
      negated = true;
    });
    const event = this.SUBRULE(this.dottedName);
    const tail = this.SUBRULE(this.historyTail);
    return this.ACTION((): CondNode => ({ kind: "history", agg: negated ? "did_not" : "did", event, ...tail, span: this.spanFrom(start) }));
  }, { recoveryValueFunc: () => this.blankCond() });

  /** `count(E ...) OP N` and `sum(PROP of E ...) OP N`. */
  public countCond = this.RULE("countCond", (): CondNode => {
    const start = this.here();
    const r = this.OR<{ agg: "count" | "sum"; prop: Name | undefined; event: Name }>([
      {
        ALT: () => {
          this.CONSUME(T.Count);
          this.CONSUME(T.LParen);
          return { agg: "count" as const, prop: undefined, event: this.SUBRULE(this.dottedName) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Sum);
          this.CONSUME2(T.LParen);
          const prop = this.SUBRULE(this.name);
          this.CONSUME(T.Of);
          return { agg: "sum" as const, prop, event: this.SUBRULE2(this.dottedName) };
        },
      },
    ]);
    const tail = this.SUBRULE(this.historyTail);
    this.CONSUME(T.RParen);
    const op = this.SUBRULE(this.numericOp);
    const value = this.SUBRULE(this.signedNumber);
    return this.ACTION((): CondNode => {
      const node: CondNode = { kind: "history", agg: r.agg, event: r.event, ...tail, op, value, span: this.spanFrom(start) };
      if (r.prop !== undefined) node.prop = r.prop;
      return node;
    });
  }, { recoveryValueFunc: () => this.blankCond() });

  private numericAlts?: OrMethodOpts<IToken>;
  public numericOp = this.RULE(
    "numericOp",
    (): Tok<NumericOp> => {
      const t = this.OR((this.numericAlts ??= {
        DEF: [
          { ALT: () => this.CONSUME(T.EqEq) },
          { ALT: () => this.CONSUME(T.NotEq) },
          { ALT: () => this.CONSUME(T.LtEq) },
          { ALT: () => this.CONSUME(T.GtEq) },
          { ALT: () => this.CONSUME(T.Lt) },
          { ALT: () => this.CONSUME(T.Gt) },
        ],
        ERR_MSG: "a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)",
      }));
      return { value: t.image as NumericOp, span: this.tokSpan(t) };
    },
    { recoveryValueFunc: (): Tok<NumericOp> => ({ value: "==", span: this.tokSpan(this.LA(1)) }) },
  );

}
