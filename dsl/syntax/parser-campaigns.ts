/** Campaigns: the declaration, its header clauses (enter, reentry, send window) and its steps. */
import type { IToken, OrMethodOpts } from "chevrotain";
import type { CondNode, Decl, DurNode, EnterNode, Name, ReentryNode, StepBody, StepNode, StrNode, Tok, Weekday } from "../ast.js";
import { decodeClock, WEEKDAYS } from "./literals.js";
import { ActionParser } from "./parser-actions.js";
import * as T from "./tokens.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export class CampaignParser extends ActionParser {
  protected clockOf(tok: IToken): StrNode {
    const d = decodeClock(tok.image);
    if (d.problem !== undefined && tok.image !== "") this.reportProblem("invalid-time", tok, d.problem);
    return { value: d.value, span: this.tokSpan(tok) };
  }

  private dayOf(tok: IToken): Tok<Weekday> {
    return this.word(tok, WEEKDAYS, "a weekday");
  }

  /** `mon`, `mon-fri`, `sat, sun`: a range is expanded, each day keeping the range's span. */
  public days = this.RULE("days", (): Tok<Weekday>[] => {
    const days: Tok<Weekday>[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const from = this.CONSUME(T.Identifier);
        let to: IToken | undefined;
        this.OPTION(() => {
          this.CONSUME(T.Minus);
          to = this.CONSUME2(T.Identifier);
        });
        this.ACTION(() => {
          const a = this.dayOf(from);
          if (to === undefined) {
            days.push(a);
            return;
          }
          const b = this.dayOf(to);
          const span = this.join(a.span, b.span);
          const i = WEEKDAYS.indexOf(a.value);
          const j = WEEKDAYS.indexOf(b.value);
          for (let k = i; ; k = (k + 1) % 7) {
            const d = WEEKDAYS[k];
            if (d !== undefined) days.push({ value: d, span });
            if (k === j || days.length > 7) break;
          }
        });
      },
    });
    return days;
  }, { recoveryValueFunc: () => [] });

  /** `mon-fri 09:00-18:00` */
  public window = this.RULE("window", () => {
    const start = this.here();
    const days = this.SUBRULE(this.days);
    const from = this.CONSUME(T.ClockTime);
    this.CONSUME(T.Minus);
    const to = this.CONSUME2(T.ClockTime);
    return this.ACTION(() => ({ days, from: this.clockOf(from), to: this.clockOf(to), span: this.spanFrom(start) }));
  }, { recoveryValueFunc: () => ({ days: [], from: { value: "", span: this.spanHere() }, to: { value: "", span: this.spanHere() }, span: this.spanHere() }) });

  /** `when in segment X` or `on EVENT [if COND]`. */
  public enterSpec = this.RULE("enterSpec", (): EnterNode => {
    const start = this.here();
    return this.OR({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.When);
            this.CONSUME(T.In);
            this.CONSUME(T.Segment);
            const segment = this.SUBRULE(this.name);
            return this.ACTION((): EnterNode => ({ kind: "segment", segment, span: this.spanFrom(start) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.On);
            const event = this.SUBRULE(this.dottedName);
            let cond: CondNode | undefined;
            this.OPTION(() => {
              this.CONSUME(T.If);
              cond = this.SUBRULE(this.condition);
            });
            return this.ACTION((): EnterNode => {
              const n: EnterNode = { kind: "event", event, span: this.spanFrom(start) };
              if (cond !== undefined) n.if = cond;
              return n;
            });
          },
        },
      ],
      ERR_MSG: "`when in segment NAME` or `on EVENT`",
    });
  }, { recoveryValueFunc: () => ({ kind: "segment" as const, segment: this.blankName(), span: this.spanHere() }) });

  /** `once`, `once per PROP`, `every time`, `after D`. */
  public reentrySpec = this.RULE("reentrySpec", (): ReentryNode => {
    const start = this.here();
    return this.OR({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Once);
            let prop: Name | undefined;
            this.OPTION(() => {
              this.CONSUME(T.Per);
              prop = this.SUBRULE(this.name);
            });
            return this.ACTION(
              (): ReentryNode => (prop === undefined ? { kind: "once", span: this.spanFrom(start) } : { kind: "once_per", prop, span: this.spanFrom(start) }),
            );
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Every);
            this.CONSUME(T.TimeKw);
            return this.ACTION((): ReentryNode => ({ kind: "every_time", span: this.spanFrom(start) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.After);
            const dur = this.SUBRULE(this.duration);
            return this.ACTION((): ReentryNode => ({ kind: "after", dur, span: this.spanFrom(start) }));
          },
        },
      ],
      ERR_MSG: "`once`, `once per PROP`, `every time` or `after D`",
    });
  }, { recoveryValueFunc: () => ({ kind: "once" as const, span: this.spanHere() }) });

  /** `[label:] body` */
  public step = this.RULE(
    "step",
    (): StepNode => {
        const start = this.here();
      let label: Name | undefined;
      this.OPTION(() => {
        label = this.SUBRULE(this.name);
        this.CONSUME(T.Colon);
      });
      const body = this.SUBRULE(this.stepBody);
      return this.ACTION((): StepNode => {
        const node: StepNode = { ...body, comments: [], span: this.spanFrom(start) };
        if (label !== undefined) node.label = label;
        return this.attach(node);
      });
    },
    { recoveryValueFunc: (): StepNode => ({ kind: "wait", dur: { seconds: 0, text: "", span: this.tokSpan(this.LA(1)) }, comments: [], span: this.tokSpan(this.LA(1)) }) },
  );

  private stepAlts?: OrMethodOpts<StepBody>;
  public stepBody = this.RULE("stepBody", (): StepBody =>
    this.OR((this.stepAlts ??= {
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Wait);
            return this.OR2({
              DEF: [
                {
                  ALT: () => {
                    this.CONSUME(T.Until);
                    return this.SUBRULE(this.waitUntil);
                  },
                },
                { ALT: (): StepBody => ({ kind: "wait", dur: this.SUBRULE(this.duration) }) },
              ],
              ERR_MSG: "a duration like `3d` or `until ...`",
            });
          },
        },
        { ALT: () => this.SUBRULE(this.ifStep) },
        { ALT: (): StepBody => ({ kind: "action", action: this.SUBRULE(this.action) }) },
      ],
      ERR_MSG: "a step (an action, `wait`, or `if`)",
    })), { recoveryValueFunc: () => ({ kind: "wait" as const, dur: this.blankDur() }) },
  );

  /** After `wait until`: a time of day (`mon 09:00`, `09:00`) or `COND at most D`. */
  public waitUntil = this.RULE("waitUntil", (): StepBody =>
    this.OR({
      DEF: [
        {
          ALT: () => {
            let days: Tok<Weekday>[] | undefined;
            this.OPTION(() => (days = this.SUBRULE(this.days)));
            const time = this.CONSUME(T.ClockTime);
            return this.ACTION((): StepBody => {
              const b: StepBody = { kind: "wait_time", time: this.clockOf(time) };
              if (days !== undefined) b.days = days;
              return b;
            });
          },
        },
        {
          ALT: () => {
            const until = this.SUBRULE(this.condition);
            this.CONSUME(T.At);
            this.CONSUME(T.Most);
            const atMost: DurNode = this.SUBRULE(this.duration);
            return { kind: "wait_until" as const, until, atMost };
          },
        },
      ],
      IGNORE_AMBIGUITIES: true,
      ERR_MSG: "a time like `mon 09:00` or a condition followed by `at most D`",
    }), { recoveryValueFunc: () => ({ kind: "wait" as const, dur: this.blankDur() }) },
  );

  public ifStep = this.RULE("ifStep", (): StepBody => {
    this.CONSUME(T.If);
    const cond = this.SUBRULE(this.condition);
    const then = this.SUBRULE(this.stepBlock);
    let otherwise: StepNode[] | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Else);
      otherwise = this.OR<StepNode[]>([
        { ALT: () => this.SUBRULE2(this.stepBlock) },
        {
          ALT: () => {
            // `else if`: one nested step.
                    const start = this.here();
            const body = this.SUBRULE(this.ifStep);
            return this.ACTION(() => [this.attach({ ...body, comments: [], span: this.spanFrom(start) })]);
          },
        },
      ]);
    });
    return this.ACTION((): StepBody => {
      const b: StepBody = { kind: "if", cond, then };
      if (otherwise !== undefined) b.else = otherwise;
      return b;
    });
  }, { recoveryValueFunc: () => ({ kind: "if" as const, cond: this.blankCond(), then: [] }) });

  /** `{ step; step ... }` */
  public stepBlock = this.RULE("stepBlock", (): StepNode[] => {
    const steps: StepNode[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      steps.push(this.SUBRULE(this.step));
      this.OPTION(() => this.SUBRULE(this.separator));
    });
    this.CONSUME(T.RBrace);
    return steps;
  }, { recoveryValueFunc: () => [] });

  /** `;` or `,` between block items (both optional). */
  public separator = this.RULE("separator", (): void => {
    this.OR([{ ALT: () => this.CONSUME(T.Semi) }, { ALT: () => this.CONSUME(T.Comma) }]);
  });

  public campaignDecl = this.RULE("campaignDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Campaign);
    const d: DeclOf<"campaign"> = { kind: "campaign", name: this.SUBRULE(this.name), steps: [], comments: [], span: this.sp(start, start) };
    this.OPTION(() => (d.label = this.SUBRULE(this.str)));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const itemStart = this.here();
      const key = this.OR<string | undefined>({
        DEF: [
          { ALT: () => (this.CONSUME(T.Enter), (d.enter = this.SUBRULE(this.enterSpec)), "enter") },
          { ALT: () => (this.CONSUME(T.Leave), this.CONSUME(T.When), (d.leave = this.SUBRULE(this.condition)), "leave") },
          { ALT: () => (this.CONSUME(T.Goal), (d.goal = this.SUBRULE2(this.condition)), "goal") },
          { ALT: () => (this.CONSUME(T.Reenter), (d.reentry = this.SUBRULE(this.reentrySpec)), "reenter") },
          {
            ALT: () => {
              this.CONSUME(T.On);
              this.CONSUME(T.Change);
              const w = this.CONSUME(T.Identifier);
              this.ACTION(() => (d.onChange = this.word(w, ["keep", "migrate", "restart"] as const, "a change policy")));
              return "onChange";
            },
          },
          { ALT: () => (this.CONSUME(T.Send), this.CONSUME(T.WindowKw), (d.sendWindow = this.SUBRULE(this.window)), "sendWindow") },
          { ALT: () => (d.steps.push(this.SUBRULE(this.step)), undefined) },
        ],
        IGNORE_AMBIGUITIES: true,
        ERR_MSG: "`enter`, `leave when`, `goal`, `reenter`, `on change`, `send window` or a step (or `}` to end the campaign)",
      });
      this.ACTION(() => this.slot(d, key, itemStart));
      this.OPTION2(() => this.SUBRULE(this.separator));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      d.span = this.spanFrom(start);
      return this.attach(d);
    });
  });
}
