/** Declarations that move contacts: pipeline (stages), threshold, feedback; and channels. */
import type { IToken } from "chevrotain";
import type { ActionNode, AskNode, ChannelSettingValue, CondNode, Decl, Name, RecipientNode, StageNode, TriggerNode } from "../ast.js";
import { ScoringParser } from "./parser-scoring.js";
import * as T from "./tokens.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;
const CATEGORIES = ["in_progress", "succeeded", "not_succeeded"] as const;

export class WorkflowParser extends ScoringParser {
  /** `event TYPE [if COND]` or a condition. */
  public trigger = this.RULE("trigger", (): TriggerNode => {
    const start = this.here();
    return this.OR({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.EventKw);
            const event = this.SUBRULE(this.dottedName);
            let cond: CondNode | undefined;
            this.OPTION(() => {
              this.CONSUME(T.If);
              cond = this.SUBRULE(this.condition);
            });
            return this.ACTION((): TriggerNode => {
              const t: TriggerNode = { kind: "event", event, span: this.spanFrom(start) };
              if (cond !== undefined) t.if = cond;
              return t;
            });
          },
        },
        {
          ALT: () => {
            const when = this.SUBRULE2(this.condition);
            return this.ACTION((): TriggerNode => ({ kind: "condition", when, span: when.span }));
          },
        },
      ],
      IGNORE_AMBIGUITIES: true,
      ERR_MSG: "`event TYPE` or a condition",
    });
  }, { recoveryValueFunc: () => ({ kind: "condition" as const, when: this.blankCond(), span: this.spanHere() }) });

  /** `for account` */
  public forAccount = this.RULE("forAccount", () => {
    const f = this.CONSUME(T.For);
    const a = this.CONSUME(T.Account);
    return this.ACTION(() => this.join(this.tokSpan(f), this.tokSpan(a)));
  }, { recoveryValueFunc: () => this.spanHere() });

  /** `mql -> recycled` */
  public allowSpec = this.RULE("allowSpec", (): DeclOf<"pipeline">["allows"][number] => {
    const start = this.here();
    const from = this.SUBRULE(this.name);
    this.CONSUME(T.Arrow);
    const to = this.SUBRULE2(this.name);
    return this.ACTION(() => ({ from, to, span: this.spanFrom(start) }));
  }, { recoveryValueFunc: () => ({ from: this.blankName(), to: this.blankName(), span: this.spanHere() }) });

  public stage = this.RULE("stage", (): StageNode => {
    const start = this.here();
    this.CONSUME(T.Stage);
    const s: StageNode = { name: this.SUBRULE(this.name), triggers: [], comments: [], span: this.sp(start, start) };
    this.MANY({
      // `manual lock D` after a stage belongs to the pipeline, not to the stage.
      GATE: () => !(this.LA(1).tokenType === T.Manual && this.LA(2).tokenType === T.Lock),
      DEF: () =>
        this.OR<unknown>({
          DEF: [
            { ALT: () => (s.label = this.SUBRULE(this.str)) },
            { ALT: () => (s.initial = this.tokSpan(this.CONSUME(T.Initial))) },
            { ALT: () => (s.manual = this.tokSpan(this.CONSUME(T.Manual))) },
            { ALT: () => (this.CONSUME(T.Category), (s.category = this.word(this.CONSUME(T.Identifier), CATEGORIES, "a stage category"))) },
            {
              ALT: () => {
                const itemStart = this.here();
                this.CONSUME(T.When);
                s.triggers.push(this.SUBRULE(this.trigger));
                this.ACTION(() => this.slot(s, `when.${s.triggers.length - 1}`, itemStart));
              },
            },
          ],
          ERR_MSG: "a label, `initial`, `manual`, `category` or `when`",
        }),
    });
    return this.ACTION(() => {
      s.span = this.spanFrom(start);
      return this.attach(s);
    });
  }, { recoveryValueFunc: () => ({ name: this.blankName(), triggers: [], comments: [], span: this.spanHere() }) });

  public pipelineDecl = this.RULE("pipelineDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Pipeline);
    const d: DeclOf<"pipeline"> = { kind: "pipeline", name: this.SUBRULE(this.name), allows: [], stages: [], comments: [], span: this.sp(start, start) };
    this.OPTION(() => (d.label = this.SUBRULE(this.str)));
    // `per` and `for account` may also stand before the `{` (the header form).
    this.MANY(() =>
      this.OR1<unknown>({
        DEF: [
          { ALT: () => (this.CONSUME(T.Per), (d.per = this.SUBRULE(this.dimension))) },
          { ALT: () => (d.account = this.SUBRULE(this.forAccount)) },
        ],
        ERR_MSG: "`per`, `for account` or `{`",
      }),
    );
    this.CONSUME(T.LBrace);
    this.MANY2(() => {
      const itemStart = this.here();
      const key = this.OR2<string | undefined>({
        DEF: [
          { ALT: () => (this.CONSUME2(T.Per), (d.per = this.SUBRULE2(this.dimension)), "per") },
          { ALT: () => ((d.account = this.SUBRULE2(this.forAccount)), "account") },
          {
            ALT: () => {
              this.CONSUME(T.Allow);
              return this.OR3<string>({
                DEF: [
                  // A stage may be called `backward`: `allow backward -> x` is a move.
                  { GATE: () => this.LA(2).tokenType !== T.Arrow, ALT: () => ((d.backward = this.tokSpan(this.CONSUME(T.Backward))), "backward") },
                  { ALT: () => (d.allows.push(this.SUBRULE(this.allowSpec)), `allow.${d.allows.length - 1}`) },
                ],
                IGNORE_AMBIGUITIES: true,
                ERR_MSG: "`backward` or a move like `mql -> recycled`",
              });
            },
          },
          { ALT: () => (this.CONSUME(T.Manual), this.CONSUME(T.Lock), (d.manualLock = this.SUBRULE(this.duration)), "manualLock") },
          { ALT: () => (d.stages.push(this.SUBRULE(this.stage)), undefined) },
        ],
        ERR_MSG: "`stage`, `per`, `for account`, `allow` or `manual lock` (or `}` to end the pipeline)",
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

  public thresholdDecl = this.RULE("thresholdDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Threshold);
    const name = this.SUBRULE(this.name);
    const d: DeclOf<"threshold"> = { kind: "threshold", name, when: { kind: "bare", ref: { name, span: name.span }, span: name.span }, actions: [], comments: [], span: name.span };
    this.OPTION(() => (this.CONSUME(T.Per), (d.per = this.SUBRULE(this.dimension))));
    this.CONSUME(T.When);
    d.when = this.SUBRULE(this.condition);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const itemStart = this.here();
      const key = this.OR<string>({
        DEF: [
          { ALT: () => (this.CONSUME(T.Cooldown), (d.cooldown = this.SUBRULE(this.duration)), "cooldown") },
          { ALT: () => (this.CONSUME2(T.Per), (d.per = this.SUBRULE2(this.dimension)), "per") },
          { ALT: () => (d.actions.push(this.SUBRULE(this.action)), `action.${d.actions.length - 1}`) },
        ],
        ERR_MSG: "`cooldown`, `per` or an action (or `}` to end the threshold)",
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

  /** `owner via email after 3d, then every 3d, at most 10 times[, then escalate to X]` (commas optional). */
  public askSpec = this.RULE("askSpec", (): AskNode => {
    const start = this.here();
    const to = this.SUBRULE(this.recipient);
    this.CONSUME(T.Via);
    const channel = this.SUBRULE(this.name);
    this.CONSUME(T.After);
    const after = this.SUBRULE(this.duration);
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(T.Then);
    this.CONSUME(T.Every);
    const every = this.SUBRULE2(this.duration);
    this.OPTION2(() => this.CONSUME2(T.Comma));
    this.CONSUME(T.At);
    this.CONSUME(T.Most);
    const times = this.CONSUME(T.NumberLit);
    this.CONSUME(T.Times);
    let escalate: RecipientNode | undefined;
    this.OPTION3({
      GATE: () => this.LA(1).tokenType === T.Then || (this.LA(1).tokenType === T.Comma && this.LA(2).tokenType === T.Then),
      DEF: () => {
        this.OPTION4(() => this.CONSUME3(T.Comma));
        this.CONSUME2(T.Then);
        this.CONSUME(T.Escalate);
        this.CONSUME(T.To);
        escalate = this.SUBRULE2(this.recipient);
      },
    });
    return this.ACTION((): AskNode => {
      const a: AskNode = { to, channel, after, every, times: this.numOf(times, undefined), span: this.spanFrom(start) };
      if (escalate !== undefined) a.escalate = escalate;
      return a;
    });
  }, { recoveryValueFunc: () => ({ to: { kind: "owner" as const, span: this.spanHere() }, channel: this.blankName(), after: this.blankDur(), every: this.blankDur(), times: { value: 0, span: this.spanHere() }, span: this.spanHere() }) });

  public feedbackDecl = this.RULE("feedbackDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Feedback);
    const name = this.SUBRULE(this.name);
    let ask: AskNode | undefined;
    const outcomes: DeclOf<"feedback">["outcomes"] = [];
    const slots: { bodyComments?: Record<string, string[]> } = {};
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const itemStart = this.here();
      const key = this.OR<string>({
        DEF: [
          { ALT: () => (this.CONSUME(T.Ask), (ask = this.SUBRULE(this.askSpec)), "ask") },
          {
            ALT: () => {
              const oStart = this.here();
              const outcome = this.SUBRULE2(this.name);
              this.CONSUME(T.Arrow);
              const actions = this.OR2<ActionNode[]>([
                {
                  ALT: () => {
                    const list: ActionNode[] = [];
                    this.CONSUME2(T.LBrace);
                    this.MANY2(() => {
                      list.push(this.SUBRULE(this.action));
                      this.OPTION(() => this.SUBRULE(this.separator));
                    });
                    this.CONSUME2(T.RBrace);
                    return list;
                  },
                },
                { ALT: () => this.SUBRULE(this.actionList) },
              ]);
              this.ACTION(() => outcomes.push({ outcome, actions, span: this.spanFrom(oStart) }));
              return `outcome.${outcomes.length - 1}`;
            },
          },
        ],
        IGNORE_AMBIGUITIES: true,
        ERR_MSG: "`ask ...` or an outcome like `good_lead -> ACTION` (or `}` to end the feedback loop)",
      });
      this.ACTION(() => this.slot(slots, key, itemStart));
      this.OPTION2(() => this.SUBRULE2(this.separator));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const span = this.spanFrom(start);
      if (ask === undefined) {
        this.report("missing-token", `the feedback loop \`${name.text}\` has no \`ask\` line`, name.span, "add e.g. `ask owner via email after 3d, then every 3d, at most 10 times`");
      }
      const none: Name = { text: "", span: name.span };
      const missing = { seconds: 0, text: "", span: name.span };
      const a: AskNode = ask ?? { to: { kind: "owner", span: name.span }, channel: none, after: missing, every: missing, times: { value: 0, span: name.span }, span: name.span };
      const d: DeclOf<"feedback"> = { kind: "feedback", name, ask: a, outcomes, comments: [], span };
      if (slots.bodyComments !== undefined) d.bodyComments = slots.bodyComments;
      return this.attach(d);
    });
  });

  public channelDecl = this.RULE("channelDecl", (): Decl => {
    const start = this.here();
    this.CONSUME(T.Channel);
    const name = this.SUBRULE(this.name);
    let type: IToken | undefined;
    const settings: DeclOf<"channel">["settings"] = [];
    const slots: { bodyComments?: Record<string, string[]> } = {};
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const itemStart = this.here();
      const key = this.OR<string>({
        DEF: [
          { ALT: () => (this.CONSUME(T.TypeKw), (type = this.CONSUME(T.Identifier)), "type") },
          {
            ALT: () => {
              const sStart = this.here();
              const key = this.SUBRULE2(this.name);
              const value = this.OR2<ChannelSettingValue>([
                { ALT: (): ChannelSettingValue => ({ kind: "string", value: this.SUBRULE(this.str) }) },
                {
                  ALT: (): ChannelSettingValue => {
                    const eStart = this.here();
                    this.CONSUME(T.Env);
                    this.CONSUME(T.LParen);
                    const envName = this.SUBRULE2(this.str);
                    this.CONSUME(T.RParen);
                    return { kind: "env", name: envName, span: this.spanFrom(eStart) };
                  },
                },
              ]);
              this.ACTION(() => settings.push({ key, value, span: this.spanFrom(sStart) }));
              return `setting.${settings.length - 1}`;
            },
          },
        ],
        ERR_MSG: '`type` or a setting like `url env("NAME")` (or `}` to end the channel)',
      });
      this.ACTION(() => this.slot(slots, key, itemStart));
      this.OPTION(() => this.SUBRULE(this.separator));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const span = this.spanFrom(start);
      if (type === undefined) this.report("missing-token", `the channel \`${name.text}\` has no \`type\``, name.span, "add `type log`, `type webhook` or `type smtp`");
      const t = type === undefined ? { value: "log" as const, span: name.span } : this.word(type, ["log", "webhook", "smtp"] as const, "a channel type");
      const d: DeclOf<"channel"> = { kind: "channel", name, type: t, settings, comments: [], span };
      if (slots.bodyComments !== undefined) d.bodyComments = slots.bodyComments;
      return this.attach(d);
    });
  });
}
