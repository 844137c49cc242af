import type {
  Campaign,
  Channel,
  Decay,
  Dimension,
  EventType,
  FeedbackLoop,
  Field,
  Ir,
  Pipeline,
  Rule,
  Score,
  Segment,
  Step,
  Threshold,
} from "../../schemas/ir.js";
import { describeAction, describeCond, describeRecipient, duration, literal } from "./describe-cond.js";

/**
 * Each entity seen as a flat list of readable attributes. Plans diff these views, so a
 * change is reported in the language's own words ("limit: -20..70 → -20..80") and two
 * entities are "the same" exactly when every attribute reads the same.
 */
export type EntityView = Record<string, string>;

export type EntityKind =
  | "setting"
  | "field"
  | "event"
  | "score"
  | "rule"
  | "segment"
  | "suppression"
  | "pipeline"
  | "threshold"
  | "feedback"
  | "campaign"
  | "channel";

/** Entity kinds in the order plans list them. */
export const ENTITY_KINDS: EntityKind[] = [
  "setting",
  "field",
  "event",
  "channel",
  "score",
  "rule",
  "segment",
  "suppression",
  "pipeline",
  "threshold",
  "feedback",
  "campaign",
];

const put = (v: EntityView, k: string, value: string | undefined): void => {
  if (value !== undefined && value !== "") v[k] = value;
};

const dimension = (d: Dimension | undefined): string | undefined =>
  d === undefined
    ? undefined
    : d.by === "prop"
      ? d.prop
      : d.by === "stage"
        ? `stage of ${d.pipeline}`
        : `tag in [${d.tags.join(", ")}]`;

const decay = (d: Decay | undefined): string | undefined => {
  if (!d) return undefined;
  const after = d.after ? ` after ${duration(d.after)} inactive` : "";
  return d.model === "step" ? `${d.amount} every ${duration(d.every)}${after}` : `half-life ${duration(d.halfLife)}${after}`;
};

const signed = (n: number): string => (n >= 0 ? `+${n}` : String(n));

function fieldView(f: Field): EntityView {
  const v: EntityView = { type: f.type };
  if (f.default !== undefined) v["default"] = literal(f.default);
  return v;
}

function eventView(e: EventType): EntityView {
  const v: EntityView = {};
  for (const [name, p] of Object.entries(e.props)) v[`prop ${name}`] = p.type;
  return v;
}

function scoreView(s: Score): EntityView {
  const v: EntityView = { kind: s.kind };
  if (s.scope === "account") v["for"] = "account";
  put(v, "label", s.label);
  if (s.limit) v["limit"] = `${s.limit.min ?? ""}..${s.limit.max ?? ""}`;
  put(v, "decay", decay(s.decay));
  put(v, "per", dimension(s.per));
  if (s.from) v["from"] = `contacts ${s.from.agg} of ${s.from.score}`;
  return v;
}

function ruleView(r: Rule): EntityView {
  const v: EntityView = {};
  if (r.kind === "event") {
    v["on"] = r.on;
    if (r.if) v["if"] = describeCond(r.if);
  } else v["when"] = describeCond(r.when);
  v["score"] = r.score;
  v["points"] = signed(r.points);
  if (r.kind === "event" && r.once) v["once"] = "yes";
  if (r.kind === "event" && r.atMost) v["at most"] = `${r.atMost.count} per ${duration(r.atMost.per)}`;
  return v;
}

function segmentView(s: Segment): EntityView {
  const v: EntityView = { kind: s.kind };
  put(v, "label", s.label);
  if (s.kind === "dynamic") v["when"] = describeCond(s.when);
  return v;
}

function pipelineView(p: Pipeline): EntityView {
  const v: EntityView = {};
  if (p.scope === "account") v["for"] = "account";
  put(v, "label", p.label);
  put(v, "per", dimension(p.per));
  v["initial"] = p.initial;
  v["backward moves"] = p.backward === "any" ? "any" : p.allow.map((a) => `${a.from} -> ${a.to}`).join(", ") || "none";
  if (p.manualLock) v["manual lock"] = duration(p.manualLock);
  v["stages"] = `[${p.stages.map((s) => s.name).join(", ")}]`;
  for (const s of p.stages) {
    const parts: string[] = [s.category];
    if (s.label) parts.push(JSON.stringify(s.label));
    if (s.manual) parts.push("manual");
    for (const t of s.triggers)
      parts.push(t.on === "event" ? `when event ${t.event}${t.if ? ` if ${describeCond(t.if)}` : ""}` : `when ${describeCond(t.when)}`);
    v[`stage ${s.name}`] = parts.join(", ");
  }
  return v;
}

function thresholdView(t: Threshold): EntityView {
  const v: EntityView = { when: describeCond(t.when) };
  put(v, "per", dimension(t.per));
  if (t.cooldown) v["cooldown"] = duration(t.cooldown);
  v["actions"] = t.actions.map(describeAction).join("; ");
  return v;
}

function feedbackView(f: FeedbackLoop): EntityView {
  const a = f.ask;
  const v: EntityView = {
    ask:
      `${describeRecipient(a.to)} via ${a.channel} after ${duration(a.after)}, then every ${duration(a.every)}, ` +
      `at most ${a.times} times${a.escalate ? `, then escalate to ${describeRecipient(a.escalate)}` : ""}`,
  };
  for (const [outcome, actions] of Object.entries(f.outcomes)) v[`outcome ${outcome}`] = actions.map(describeAction).join("; ");
  return v;
}

function stepsView(steps: Step[], v: EntityView): void {
  for (const s of steps) {
    switch (s.step) {
      case "action":
        v[`step ${s.id}`] = describeAction(s.action);
        break;
      case "wait":
        v[`step ${s.id}`] = `wait ${duration(s.seconds)}`;
        break;
      case "wait_until":
        v[`step ${s.id}`] = `wait until ${describeCond(s.until)} at most ${duration(s.atMost)}`;
        break;
      case "wait_time":
        v[`step ${s.id}`] = `wait until ${s.days ? `${s.days.join(",")} ` : ""}${s.time}`;
        break;
      case "if":
        v[`step ${s.id}`] = `if ${describeCond(s.cond)}`;
        stepsView(s.then, v);
        stepsView(s.else, v);
        break;
    }
  }
}

/** Step ids in reading order, branches inline after their `if`. */
export function stepOrder(steps: readonly Step[]): string[] {
  return steps.flatMap((s) => (s.step === "if" ? [s.id, ...stepOrder(s.then), ...stepOrder(s.else)] : [s.id]));
}

function campaignView(c: Campaign): EntityView {
  const v: EntityView = {};
  put(v, "label", c.label);
  v["enter"] =
    c.enter.on === "segment"
      ? `when in segment ${c.enter.segment}`
      : c.enter.on === "event"
        ? `on ${c.enter.event}${c.enter.if ? ` if ${describeCond(c.enter.if)}` : ""}`
        : "by a start action";
  if (c.leave) v["leave"] = describeCond(c.leave);
  if (c.goal) v["goal"] = describeCond(c.goal);
  const r = c.reentry;
  v["reenter"] =
    r.kind === "once" ? "once" : r.kind === "every_time" ? "every time" : r.kind === "after" ? `after ${duration(r.seconds)}` : `once per ${r.prop}`;
  v["on change"] = c.onChange;
  if (c.sendWindow) v["send window"] = `${c.sendWindow.days.join(",")} ${c.sendWindow.from}-${c.sendWindow.to}`;
  v["steps"] = `[${stepOrder(c.steps).join(", ")}]`;
  stepsView(c.steps, v);
  return v;
}

function channelView(c: Channel): EntityView {
  const v: EntityView = { type: c.type };
  if (c.type !== "log") v["url"] = `env("${c.url.env}")`;
  if (c.type === "webhook" && c.secret) v["secret"] = `env("${c.secret.env}")`;
  if (c.type === "smtp" && c.from) v["from"] = c.from;
  return v;
}

/** The entities of one kind: name → IR value, and how to view one. */
export interface EntityTable {
  entries: Readonly<Record<string, unknown>>;
  view(x: unknown): EntityView;
}

const table = <T>(entries: Readonly<Record<string, T>>, view: (x: T) => EntityView): EntityTable => ({
  entries,
  view: (x: unknown) => view(x as T),
});

/**
 * Every entity of an IR, by kind. Views are built on demand: a plan of a large workspace
 * compares IR values first and builds views only for what differs.
 */
export function entitiesOf(ir: Ir): Map<EntityKind, EntityTable> {
  return new Map<EntityKind, EntityTable>([
    ["setting", table({ version: ir.version, timezone: ir.timezone }, (value: string) => ({ value }))],
    ["field", table(ir.fields, fieldView)],
    ["event", table(ir.events, eventView)],
    ["channel", table(ir.channels, channelView)],
    ["score", table(ir.scores, scoreView)],
    ["rule", table(ir.rules, ruleView)],
    ["segment", table(ir.segments, segmentView)],
    ["suppression", table(ir.suppressions, (scores: string[]) => ({ scores: scores.join(", ") }))],
    ["pipeline", table(ir.pipelines, pipelineView)],
    ["threshold", table(ir.thresholds, thresholdView)],
    ["feedback", table(ir.feedback, feedbackView)],
    ["campaign", table(ir.campaigns, campaignView)],
  ]);
}
