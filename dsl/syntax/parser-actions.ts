/** Actions (threshold bodies, feedback outcomes, campaign steps), recipients and score dimensions. */
import type { IToken, OrMethodOpts, TokenType } from "chevrotain";
import type { ActionNode, DimNode, DurNode, Name, RecipientNode } from "../ast.js";
import { ConditionParser } from "./parser-conditions.js";
import * as T from "./tokens.js";

/** Tokens that start an action: used to tell an action list's `,` from a block separator. */
/** A node as its alternative builds it; the rule adds the span of everything consumed. */
type Unspanned<N> = N extends unknown ? Omit<N, "span"> : never;

const ACTION_START: ReadonlySet<TokenType> = new Set([
  T.Notify,
  T.Feedback,
  T.Stage,
  T.Tag,
  T.Untag,
  T.Add,
  T.Remove,
  T.Start,
  T.SetKw,
  T.Webhook,
  T.Send,
  T.Points,
  T.Delete,
]);

export class ActionParser extends ConditionParser {
  protected startsAction(t: IToken): boolean {
    return ACTION_START.has(t.tokenType) && !(t.tokenType === T.Send && this.LA(2).tokenType === T.WindowKw);
  }

  public action = this.RULE(
    "action",
    (): ActionNode => {
      const start = this.here();
      const made = this.OR((this.actionAlts ??= this.buildActionAlts()));
      return this.ACTION((): ActionNode => ({ ...made, span: this.spanFrom(start) }));
    },
    { recoveryValueFunc: (): ActionNode => ({ kind: "feedback", loop: { text: "", span: this.tokSpan(this.LA(1)) }, span: this.tokSpan(this.LA(1)) }) },
  );

  private actionAlts?: OrMethodOpts<Unspanned<ActionNode>>;
  /** Built once: the alternatives capture nothing but the parser. */
  private buildActionAlts(): OrMethodOpts<Unspanned<ActionNode>> {
    return {
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Notify);
            const to = this.SUBRULE(this.recipient);
            const template = this.SUBRULE(this.str);
            const channel = this.OPTION(this.viaFn);
            return channel === undefined ? { kind: "notify", to, template } : { kind: "notify", to, template, channel };
          },
        },
        { ALT: () => (this.CONSUME(T.Feedback), { kind: "feedback", loop: this.SUBRULE2(this.name) }) },
        {
          ALT: () => {
            this.CONSUME(T.Stage);
            const pipeline = this.SUBRULE3(this.name);
            this.CONSUME(T.Dot);
            return { kind: "stage", pipeline, stage: this.SUBRULE4(this.name) };
          },
        },
        { ALT: () => (this.CONSUME(T.Tag), { kind: "tag", tag: this.SUBRULE5(this.name) }) },
        { ALT: () => (this.CONSUME(T.Untag), { kind: "untag", tag: this.SUBRULE6(this.name) }) },
        { ALT: () => (this.CONSUME(T.Add), this.CONSUME(T.To), { kind: "add_to", segment: this.SUBRULE7(this.name) }) },
        { ALT: () => (this.CONSUME(T.Remove), this.CONSUME(T.From), { kind: "remove_from", segment: this.SUBRULE8(this.name) }) },
        { ALT: () => (this.CONSUME(T.Start), { kind: "start", campaign: this.SUBRULE9(this.name) }) },
        {
          ALT: () => {
            this.CONSUME(T.SetKw);
            const field = this.subrule(10, this.name);
            this.CONSUME(T.Assign);
            return { kind: "set", field, value: this.SUBRULE(this.literal) };
          },
        },
        { ALT: () => (this.CONSUME(T.Webhook), { kind: "webhook", channel: this.subrule(11, this.name) }) },
        {
          ALT: () => {
            this.CONSUME(T.Send);
            this.CONSUME(T.Email);
            const template = this.SUBRULE2(this.str);
            const channel = this.OPTION2(this.viaFn2);
            return channel === undefined ? { kind: "send_email", template } : { kind: "send_email", template, channel };
          },
        },
        { ALT: () => (this.CONSUME(T.Points), { kind: "points", score: this.subrule(13, this.name), points: this.SUBRULE(this.signedNumber) }) },
        {
          ALT: () => {
            this.CONSUME(T.Delete);
            this.CONSUME(T.Contact);
            const after = this.OPTION3(this.afterFn);
            return after === undefined ? { kind: "delete_contact" } : { kind: "delete_contact", after };
          },
        },
      ],
      ERR_MSG:
        "an action (`notify`, `feedback`, `stage`, `tag`, `untag`, `add to`, `remove from`, `start`, `set`, `webhook`, `send email`, `points` or `delete contact`)",
    };
  }

  private readonly viaFn = (): Name => (this.CONSUME(T.Via), this.subrule(12, this.name));
  private readonly viaFn2 = (): Name => (this.CONSUME2(T.Via), this.subrule(14, this.name));
  private readonly afterFn = (): DurNode => (this.CONSUME(T.After), this.SUBRULE(this.duration));

  /** Actions after `->`, separated by commas. */
  public actionList = this.RULE("actionList", (): ActionNode[] => {
    const actions: ActionNode[] = [this.SUBRULE(this.action)];
    this.MANY({
      GATE: () => this.startsAction(this.LA(2)),
      DEF: () => {
        this.CONSUME(T.Comma);
        actions.push(this.SUBRULE2(this.action));
      },
    });
    return actions;
  }, { recoveryValueFunc: () => [] });

  private recipientAlts?: OrMethodOpts<RecipientNode>;
  /** `owner`, a field holding an address, or a quoted address. */
  public recipient = this.RULE(
    "recipient",
    (): RecipientNode =>
      this.OR((this.recipientAlts ??= {
        DEF: [
          { ALT: () => ({ kind: "owner", span: this.tokSpan(this.CONSUME(T.Owner)) }) },
          {
            ALT: () => {
              const address = this.SUBRULE(this.str);
              return this.ACTION((): RecipientNode => ({ kind: "address", address, span: address.span }));
            },
          },
          {
            ALT: () => {
              const field = this.SUBRULE(this.name);
              return this.ACTION((): RecipientNode => ({ kind: "field", field, span: field.span }));
            },
          },
        ],
        IGNORE_AMBIGUITIES: true,
        ERR_MSG: '`owner`, a field name or an address like "sales@example.com"',
      })),
    { recoveryValueFunc: (): RecipientNode => ({ kind: "owner", span: this.tokSpan(this.LA(1)) }) },
  );

  /** `product`, `stage of lifecycle`, `tag in [vip, partner]`. */
  public dimension = this.RULE("dimension", (): DimNode => {
    const start = this.here();
    return this.OR({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Stage);
            this.CONSUME(T.Of);
            const pipeline = this.SUBRULE(this.name);
            return this.ACTION((): DimNode => ({ kind: "stage", pipeline, span: this.spanFrom(start) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Tag);
            this.CONSUME(T.In);
            const tags = this.SUBRULE(this.nameList);
            return this.ACTION((): DimNode => ({ kind: "tag", tags, span: this.spanFrom(start) }));
          },
        },
        {
          ALT: () => {
            const prop = this.SUBRULE2(this.name);
            return this.ACTION((): DimNode => ({ kind: "prop", prop, span: prop.span }));
          },
        },
      ],
      IGNORE_AMBIGUITIES: true,
      ERR_MSG: "an event property, `stage of PIPELINE` or `tag in [TAG, ...]`",
    });
  }, { recoveryValueFunc: () => ({ kind: "prop" as const, prop: this.blankName(), span: this.spanHere() }) });
}
