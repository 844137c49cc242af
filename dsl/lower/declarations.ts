import type { Channel, EnvRef, EventType, FeedbackLoop, Field, Rule, Score, Segment, Threshold } from "../../schemas/ir.js";
import type { ChannelSettingValue, Decl } from "../ast.js";
import { error } from "../diagnostics.js";
import { hintFor } from "../did-you-mean.js";
import { lowerActions, lowerRecipient } from "./action.js";
import { lowerCond } from "./condition.js";
import { mark, type LowerContext } from "./context.js";
import { lowerLiteral } from "./literal.js";
import { ptr } from "./pointer.js";
import { lowerDimension } from "./scope.js";

type D<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export function lowerField(ctx: LowerContext, d: D<"field">, p: string): Field {
  mark(ctx, p, d.span);
  mark(ctx, ptr(p, "type"), d.type.span);
  if (d.default === undefined) return { type: d.type.value };
  mark(ctx, ptr(p, "default"), d.default.span);
  return { type: d.type.value, default: lowerLiteral(ctx, d.default) };
}

export function lowerEvent(ctx: LowerContext, d: D<"event">, p: string): EventType {
  mark(ctx, p, d.span);
  mark(ctx, ptr(p, "props"), d.span);
  const props: EventType["props"] = {};
  for (const prop of d.props) {
    if (props[prop.name.text] !== undefined) {
      ctx.diagnostics.push(error("duplicate-name", `the event \`${d.name.text}\` lists the prop \`${prop.name.text}\` twice`, prop.name.span));
      continue;
    }
    mark(ctx, ptr(p, "props", prop.name.text), prop.name.span);
    mark(ctx, ptr(p, "props", prop.name.text, "type"), prop.type.span);
    props[prop.name.text] = { type: prop.type.value };
  }
  return { props };
}

export function lowerScore(ctx: LowerContext, d: D<"score">, p: string): Score {
  mark(ctx, p, d.span);
  const out: Score = { kind: d.scoreKind?.value ?? "engagement", scope: d.account !== undefined ? "account" : "contact" };
  if (d.scoreKind !== undefined) mark(ctx, ptr(p, "kind"), d.scoreKind.span);
  if (d.label !== undefined) out.label = d.label.value;
  if (d.limit !== undefined) {
    const l = d.limit;
    mark(ctx, ptr(p, "limit"), l.span);
    out.limit = {};
    if (l.min !== undefined) {
      mark(ctx, ptr(p, "limit", "min"), l.min.span);
      out.limit.min = l.min.value;
    }
    if (l.max !== undefined) {
      mark(ctx, ptr(p, "limit", "max"), l.max.span);
      out.limit.max = l.max.value;
    }
    if (l.min !== undefined && l.max !== undefined && l.min.value > l.max.value) {
      ctx.diagnostics.push(
        error("invalid-limit", `the lower limit ${l.min.value} is above the upper limit ${l.max.value}`, l.span, `write it as \`${l.max.value}..${l.min.value}\``),
      );
    }
  }
  if (d.decay !== undefined) {
    const dec = d.decay;
    mark(ctx, ptr(p, "decay"), dec.span);
    if (dec.model === "step") {
      mark(ctx, ptr(p, "decay", "amount"), dec.amount.span);
      mark(ctx, ptr(p, "decay", "every"), dec.every.span);
      out.decay = { model: "step", amount: dec.amount.value, every: dec.every.seconds };
    } else {
      mark(ctx, ptr(p, "decay", "halfLife"), dec.halfLife.span);
      out.decay = { model: "half-life", halfLife: dec.halfLife.seconds };
    }
    if (dec.after !== undefined) {
      mark(ctx, ptr(p, "decay", "after"), dec.after.span);
      out.decay.after = dec.after.seconds;
    }
  }
  if (d.per !== undefined) {
    mark(ctx, ptr(p, "per"), d.per.span);
    out.per = lowerDimension(d.per);
  }
  if (d.from !== undefined) {
    mark(ctx, ptr(p, "from"), d.from.span);
    mark(ctx, ptr(p, "from", "score"), d.from.score.span);
    out.from = { agg: d.from.agg.value, score: d.from.score.text };
  }
  return out;
}

export function lowerRule(ctx: LowerContext, d: D<"rule">, p: string): Rule {
  mark(ctx, p, d.span);
  mark(ctx, ptr(p, "score"), d.score.span);
  mark(ctx, ptr(p, "points"), d.points.span);
  const per = ctx.scope.scores.get(d.score.text)?.per;
  const dim = per === undefined ? {} : { dimension: per };
  const t = d.trigger;
  if (t.kind === "fit") {
    return { kind: "fit", when: lowerCond(ctx, t.when, ptr(p, "when"), dim), score: d.score.text, points: d.points.value };
  }
  mark(ctx, ptr(p, "on"), t.event.span);
  const rule: Rule = { kind: "event", on: t.event.text, score: d.score.text, points: d.points.value };
  if (t.if !== undefined) rule.if = lowerCond(ctx, t.if, ptr(p, "if"), { ...dim, event: t.event.text });
  if (d.once !== undefined) {
    mark(ctx, ptr(p, "once"), d.once);
    rule.once = true;
  }
  if (d.atMost !== undefined) {
    mark(ctx, ptr(p, "atMost"), d.atMost.span);
    mark(ctx, ptr(p, "atMost", "count"), d.atMost.count.span);
    mark(ctx, ptr(p, "atMost", "per"), d.atMost.per.span);
    rule.atMost = { count: d.atMost.count.value, per: d.atMost.per.seconds };
  }
  return rule;
}

export function lowerSegment(ctx: LowerContext, d: D<"segment">, p: string): Segment {
  mark(ctx, p, d.span);
  const label = d.label === undefined ? {} : { label: d.label.value };
  if (d.static !== undefined) {
    if (d.when !== undefined) {
      ctx.diagnostics.push(
        error(
          "static-segment-condition",
          `the segment \`${d.name.text}\` is static (membership only by actions), so it cannot have a condition`,
          d.when.span,
          "remove `static` to make it a dynamic segment, or remove the condition",
        ),
      );
    }
    return { kind: "static", ...label };
  }
  if (d.when === undefined) {
    ctx.diagnostics.push(
      error("static-segment-condition", `the segment \`${d.name.text}\` has no condition`, d.name.span, "add a condition in `{ }`, or mark it `static`"),
    );
    return { kind: "static", ...label };
  }
  return { kind: "dynamic", ...label, when: lowerCond(ctx, d.when, ptr(p, "when"), {}) };
}

export function lowerThreshold(ctx: LowerContext, d: D<"threshold">, p: string): Threshold {
  mark(ctx, p, d.span);
  const per = d.per === undefined ? undefined : lowerDimension(d.per);
  const out: Threshold = {
    when: lowerCond(ctx, d.when, ptr(p, "when"), per === undefined ? {} : { dimension: per }),
    actions: lowerActions(ctx, d.actions, ptr(p, "actions")),
  };
  mark(ctx, ptr(p, "actions"), d.name.span);
  if (per !== undefined && d.per !== undefined) {
    mark(ctx, ptr(p, "per"), d.per.span);
    out.per = per;
  }
  if (d.cooldown !== undefined) {
    mark(ctx, ptr(p, "cooldown"), d.cooldown.span);
    out.cooldown = d.cooldown.seconds;
  }
  return out;
}

const OUTCOMES = ["good_lead", "bad_timing", "bad_fit", "junk"];

export function lowerFeedback(ctx: LowerContext, d: D<"feedback">, p: string): FeedbackLoop {
  mark(ctx, p, d.span);
  const a = d.ask;
  const ap = ptr(p, "ask");
  mark(ctx, ap, a.span);
  mark(ctx, ptr(ap, "channel"), a.channel.span);
  mark(ctx, ptr(ap, "after"), a.after.span);
  mark(ctx, ptr(ap, "every"), a.every.span);
  mark(ctx, ptr(ap, "times"), a.times.span);
  const ask: FeedbackLoop["ask"] = {
    to: lowerRecipient(ctx, a.to, ptr(ap, "to")),
    channel: a.channel.text,
    after: a.after.seconds,
    every: a.every.seconds,
    times: a.times.value,
  };
  if (a.escalate !== undefined) ask.escalate = lowerRecipient(ctx, a.escalate, ptr(ap, "escalate"));
  const outcomes: FeedbackLoop["outcomes"] = {};
  mark(ctx, ptr(p, "outcomes"), d.name.span);
  for (const o of d.outcomes) {
    const name = o.outcome.text;
    if (!OUTCOMES.includes(name)) {
      ctx.diagnostics.push(
        error(
          "unknown-name",
          `\`${name}\` is not a feedback outcome; the outcomes are ${OUTCOMES.join(", ")}`,
          o.outcome.span,
          hintFor(name, OUTCOMES),
        ),
      );
      continue;
    }
    if (outcomes[name] !== undefined) {
      ctx.diagnostics.push(error("duplicate-name", `the outcome \`${name}\` is handled twice`, o.outcome.span, "list all its actions after one `->`"));
      continue;
    }
    mark(ctx, ptr(p, "outcomes", name), o.span);
    outcomes[name] = lowerActions(ctx, o.actions, ptr(p, "outcomes", name));
  }
  return { ask, outcomes };
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Channel settings become env references; endpoints and secrets are never written in the
 * files (SPEC section 1, Channels), so a quoted URL is an error that says so.
 */
export function lowerChannel(ctx: LowerContext, d: D<"channel">, p: string): Channel {
  mark(ctx, p, d.span);
  mark(ctx, ptr(p, "type"), d.type.span);
  const type = d.type.value;
  const allowed: Record<typeof type, string[]> = { log: [], webhook: ["url", "secret"], smtp: ["url", "from"] };
  const settings = new Map<string, ChannelSettingValue>();
  for (const s of d.settings) {
    const key = s.key.text;
    if (!allowed[type].includes(key)) {
      const known = allowed[type];
      ctx.diagnostics.push(
        error(
          "unknown-setting",
          `a ${type} channel has no setting \`${key}\``,
          s.key.span,
          known.length === 0 ? "a log channel takes no settings" : (hintFor(key, known) ?? `its settings are: ${known.join(", ")}`),
        ),
      );
      continue;
    }
    mark(ctx, ptr(p, key), s.span);
    settings.set(key, s.value);
  }
  const env = (key: string, required: boolean): EnvRef | undefined => {
    const v = settings.get(key);
    if (v === undefined) {
      if (required) {
        ctx.diagnostics.push(
          error("missing-setting", `the ${type} channel \`${d.name.text}\` needs a \`${key}\``, d.name.span, `add \`${key} env("${d.name.text.toUpperCase()}_${key.toUpperCase()}")\``),
        );
      }
      return undefined;
    }
    if (v.kind === "string") {
      ctx.diagnostics.push(
        error(
          "type-mismatch",
          `the channel's \`${key}\` must name an environment variable, not be written in the file`,
          v.value.span,
          `write \`${key} env("${d.name.text.toUpperCase()}_${key.toUpperCase()}")\` and set that variable where the runtime runs`,
        ),
      );
      return undefined;
    }
    if (!ENV_NAME.test(v.name.value)) {
      ctx.diagnostics.push(
        error("invalid-env-name", `\`${v.name.value}\` is not a valid environment variable name`, v.name.span, "use capital letters, digits and `_`, e.g. `CRM_WEBHOOK_URL`"),
      );
    }
    mark(ctx, ptr(p, key, "env"), v.name.span);
    return { env: v.name.value };
  };
  if (type === "log") return { type: "log" };
  const url = env("url", true) ?? { env: "UNSET" };
  if (type === "webhook") {
    const secret = env("secret", false);
    return secret === undefined ? { type, url } : { type, url, secret };
  }
  const from = settings.get("from");
  if (from === undefined) return { type, url };
  if (from.kind !== "string") {
    ctx.diagnostics.push(error("type-mismatch", "the sender address `from` is written in quotes, not read from the environment", from.span));
    return { type, url };
  }
  return { type, url, from: from.value.value };
}
