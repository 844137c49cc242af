/** Declarations about data and scoring: version, timezone, field, event, score, rule, segment, suppress. */
import type { IToken } from "chevrotain";
import type { CondNode, Decl, DurNode, LiteralNode, Name, NumNode, StrNode, Tok } from "../ast.js";
import type { Span } from "../span.js";
import { CampaignParser } from "./parser-campaigns.js";
import * as T from "./tokens.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;
type ScoreDecl = DeclOf<"score">;
type FieldType = "string" | "number" | "boolean" | "timestamp" | "string[]";
const FIELD_TYPES: readonly FieldType[] = ["string", "number", "boolean", "timestamp", "string[]"];

export class ScoringParser extends CampaignParser {
  public versionDecl = this.RULE("versionDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Version);
    const value = this.SUBRULE(this.str);
    return this.ACTION(() => this.attach({ kind: "version", value, comments: [], span: this.spanFrom(start) }));
  });

  public timezoneDecl = this.RULE("timezoneDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Timezone);
    const value = this.SUBRULE(this.str);
    return this.ACTION(() => this.attach({ kind: "timezone", value, comments: [], span: this.spanFrom(start) }));
  });

  /** `string`, `number`, `boolean`, `timestamp`, `string[]` */
  public fieldType = this.RULE("fieldType", (): Tok<FieldType> => {
    const start = this.here();
    const t = this.CONSUME(T.Identifier);
    let list = false;
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.CONSUME(T.RBracket);
      list = true;
    });
    return this.ACTION((): Tok<FieldType> => {
      if (!list) return this.word(t, FIELD_TYPES, "a field type");
      const ok = t.image === "string";
      if (!ok) this.report("unexpected-token", `\`${t.image}[]\` is not a field type`, this.spanFrom(start), "the only list type is `string[]`");
      return { value: "string[]", span: this.spanFrom(start) };
    });
  }, { recoveryValueFunc: () => ({ value: "string" as const, span: this.spanHere() }) });

  public fieldDecl = this.RULE("fieldDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Field);
    const name = this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.fieldType);
    let def: LiteralNode | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Assign);
      def = this.SUBRULE(this.literal);
    });
    return this.ACTION(() => {
      const d: Decl = { kind: "field", name, type, comments: [], span: this.spanFrom(start) };
      if (def !== undefined) d.default = def;
      return this.attach(d);
    });
  });

  public eventDecl = this.RULE("eventDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.EventKw);
    const name = this.SUBRULE(this.dottedName);
    const props: { name: Name; type: Tok<FieldType> }[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const prop = this.SUBRULE2(this.name);
      this.CONSUME(T.Colon);
      const type = this.SUBRULE(this.fieldType);
      props.push({ name: prop, type });
      this.OPTION(() => this.SUBRULE(this.separator));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => this.attach({ kind: "event", name, props, comments: [], span: this.spanFrom(start) }));
  });

  /** `-20..70`, `..70`, `0..` */
  public limitSpec = this.RULE("limitSpec", (): NonNullable<ScoreDecl["limit"]> => {
    const start = this.here();
    let min: NumNode | undefined;
    let max: NumNode | undefined;
    this.OPTION(() => (min = this.SUBRULE(this.signedNumber)));
    this.CONSUME(T.DotDot);
    this.OPTION2(() => (max = this.SUBRULE2(this.signedNumber)));
    return this.ACTION(() => {
      const l: NonNullable<ScoreDecl["limit"]> = { span: this.spanFrom(start) };
      if (min !== undefined) l.min = min;
      if (max !== undefined) l.max = max;
      return l;
    });
  }, { recoveryValueFunc: () => ({ span: this.spanHere() }) });

  /** `10 every 7d [after 14d inactive]`, `half-life 14d [after 7d inactive]` */
  public decaySpec = this.RULE("decaySpec", (): NonNullable<ScoreDecl["decay"]> => {
    const start = this.here();
    const r = this.OR<{ halfLife: DurNode | undefined; amount: IToken | undefined; every: DurNode | undefined }>({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.HalfLife);
            return { halfLife: this.SUBRULE(this.duration), amount: undefined, every: undefined };
          },
        },
        {
          ALT: () => {
            const amount = this.CONSUME(T.NumberLit);
            this.CONSUME(T.Every);
            return { halfLife: undefined, amount, every: this.SUBRULE2(this.duration) };
          },
        },
      ],
      ERR_MSG: "`N every D` (like `10 every 7d`) or `half-life D`",
    });
    let after: DurNode | undefined;
    this.OPTION(() => {
      this.CONSUME(T.After);
      after = this.SUBRULE3(this.duration);
      this.CONSUME(T.Inactive);
    });
    return this.ACTION((): NonNullable<ScoreDecl["decay"]> => {
      const span = this.spanFrom(start);
      const d: NonNullable<ScoreDecl["decay"]> =
        r.halfLife !== undefined || r.amount === undefined || r.every === undefined
          ? { model: "half-life", halfLife: r.halfLife ?? { seconds: 0, text: "", span }, span }
          : { model: "step", amount: this.numOf(r.amount, undefined), every: r.every, span };
      if (after !== undefined) d.after = after;
      return d;
    });
  }, { recoveryValueFunc: () => ({ model: "step" as const, amount: { value: 0, span: this.spanHere() }, every: this.blankDur(), span: this.spanHere() }) });

  /** `contacts sum of engagement` */
  public accountFrom = this.RULE("accountFrom", (): NonNullable<ScoreDecl["from"]> => {
    const start = this.here();
    this.CONSUME(T.Contacts);
    const agg = this.OR([{ ALT: () => this.CONSUME(T.Sum) }, { ALT: () => this.CONSUME(T.Max) }]);
    this.CONSUME(T.Of);
    const score = this.SUBRULE(this.name);
    return this.ACTION(() => ({ agg: { value: agg.image === "max" ? ("max" as const) : ("sum" as const), span: this.tokSpan(agg) }, score, span: this.spanFrom(start) }));
  }, { recoveryValueFunc: () => ({ agg: { value: "sum" as const, span: this.spanHere() }, score: this.blankName(), span: this.spanHere() }) });

  public scoreDecl = this.RULE("scoreDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Score);
    const name = this.SUBRULE(this.name);
    const d: ScoreDecl = { kind: "score", name, comments: [], span: name.span };
    this.OPTION(() => (d.label = this.SUBRULE(this.str)));
    this.OPTION2(() => {
      const f = this.CONSUME(T.For);
      const a = this.CONSUME(T.Account);
      this.ACTION(() => (d.account = this.join(this.tokSpan(f), this.tokSpan(a))));
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const itemStart = this.here();
      const key = this.OR<string>({
        DEF: [
          { ALT: () => (this.CONSUME(T.Kind), (d.scoreKind = this.word(this.CONSUME(T.Identifier), ["engagement", "fit"] as const, "a score kind")), "kind") },
          { ALT: () => (this.CONSUME(T.Limit), (d.limit = this.SUBRULE(this.limitSpec)), "limit") },
          { ALT: () => (this.CONSUME(T.Decay), (d.decay = this.SUBRULE(this.decaySpec)), "decay") },
          { ALT: () => (this.CONSUME(T.Per), (d.per = this.SUBRULE(this.dimension)), "per") },
          { ALT: () => (this.CONSUME(T.From), (d.from = this.SUBRULE(this.accountFrom)), "from") },
        ],
        ERR_MSG: "`kind`, `limit`, `decay`, `per` or `from` (or `}` to end the score)",
      });
      this.ACTION(() => this.slot(d, key, itemStart));
      this.OPTION3(() => this.SUBRULE(this.separator));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      d.span = this.spanFrom(start);
      return this.attach(d);
    });
  });

  /** `1 per 1d` */
  public atMostSpec = this.RULE("atMostSpec", (): NonNullable<DeclOf<"rule">["atMost"]> => {
    const start = this.here();
    const count = this.CONSUME(T.NumberLit);
    this.CONSUME(T.Per);
    const per = this.SUBRULE(this.duration);
    return this.ACTION(() => ({ count: this.numOf(count, undefined), per, span: this.spanFrom(start) }));
  }, { recoveryValueFunc: () => ({ count: { value: 0, span: this.spanHere() }, per: this.blankDur(), span: this.spanHere() }) });

  public ruleDecl = this.RULE("ruleDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Rule);
    const title = this.SUBRULE(this.str);
    const trigger = this.OR({
      DEF: [
        {
          ALT: () => {
            const tStart = this.here();
            this.CONSUME(T.On);
            const event = this.SUBRULE(this.dottedName);
            let cond: CondNode | undefined;
            this.OPTION(() => {
              this.CONSUME(T.If);
              cond = this.SUBRULE(this.condition);
            });
            return this.ACTION((): DeclOf<"rule">["trigger"] => {
              const t: DeclOf<"rule">["trigger"] = { kind: "event", event, span: this.spanFrom(tStart) };
              if (cond !== undefined) t.if = cond;
              return t;
            });
          },
        },
        {
          ALT: () => {
            const w = this.CONSUME(T.When);
            const when = this.SUBRULE2(this.condition);
            return this.ACTION((): DeclOf<"rule">["trigger"] => ({ kind: "fit", when, span: this.join(this.tokSpan(w), when.span) }));
          },
        },
      ],
      ERR_MSG: "`on EVENT` or `when CONDITION` after the rule's name",
    });
    const score = this.SUBRULE(this.name);
    const points = this.SUBRULE(this.signedNumber);
    let once: IToken | undefined;
    let atMost: NonNullable<DeclOf<"rule">["atMost"]> | undefined;
    this.OPTION2(() =>
      this.OR2<unknown>([
        { ALT: () => (once = this.CONSUME(T.Once)) },
        {
          ALT: () => {
            this.CONSUME(T.At);
            this.CONSUME(T.Most);
            atMost = this.SUBRULE(this.atMostSpec);
          },
        },
      ]),
    );
    return this.ACTION(() => {
      const d: DeclOf<"rule"> = { kind: "rule", name: { text: title.value, span: title.span }, trigger, score, points, comments: [], span: this.spanFrom(start) };
      if (once !== undefined) d.once = this.tokSpan(once);
      if (atMost !== undefined) d.atMost = atMost;
      return this.attach(d);
    });
  });

  public segmentDecl = this.RULE("segmentDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Segment);
    const name = this.SUBRULE(this.name);
    let label: StrNode | undefined;
    this.OPTION(() => (label = this.SUBRULE(this.str)));
    const body = this.OR<{ static: Span | undefined; when: CondNode | undefined }>({
      DEF: [
        { ALT: () => ({ static: this.tokSpan(this.CONSUME(T.Static)), when: undefined }) },
        {
          ALT: () => {
            this.CONSUME(T.LBrace);
            const when = this.SUBRULE(this.condition);
            this.CONSUME(T.RBrace);
            return { static: undefined, when };
          },
        },
      ],
      ERR_MSG: "`{ CONDITION }` or `static`",
    });
    return this.ACTION(() => {
      const d: DeclOf<"segment"> = { kind: "segment", name, comments: [], span: this.spanFrom(start) };
      if (label !== undefined) d.label = label;
      if (body.static !== undefined) d.static = body.static;
      if (body.when !== undefined) {
        d.when = body.when;
        this.operandSlots(d, body.when);
      }
      return this.attach(d);
    });
  });

  public suppressDecl = this.RULE("suppressDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Suppress);
    const scores: Name[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => scores.push(this.SUBRULE(this.name)) });
    this.CONSUME(T.While);
    this.CONSUME(T.In);
    const segment = this.SUBRULE2(this.name);
    return this.ACTION(() => this.attach({ kind: "suppress", scores, segment, comments: [], span: this.spanFrom(start) }));
  });
}
