import type { Action, Dimension, Ir, Key, Recipient } from "../../schemas/ir.js";
import { hintFor } from "../did-you-mean.js";
import { ptr } from "../lower/pointer.js";
import { eventNames, eventProps, forEachAction, forEachCondition, report, type CheckContext } from "./context.js";

const list = (names: readonly string[]): string => (names.length === 0 ? "none" : names.map((n) => `\`${n}\``).join(", "));

/** "did you mean" when a name is close, else the known names (when few enough to list). */
function hintOrList(name: string, known: readonly string[], what: string): string {
  return hintFor(name, known) ?? (known.length <= 12 ? `the ${what} are: ${list(known)}` : `declare it first`);
}

export function checkEvent(ctx: CheckContext, event: string, p: string): boolean {
  if (eventProps(ctx.ir, event) !== undefined) return true;
  report(ctx, "error", "unknown-event", `there is no event type \`${event}\``, p, hintFor(event, eventNames(ctx.ir)) ?? `declare it: \`event ${event} { ... }\``);
  return false;
}

function checkScore(ctx: CheckContext, score: string, p: string): void {
  if (ctx.ir.scores[score] !== undefined) return;
  report(ctx, "error", "unknown-score", `there is no score \`${score}\``, p, hintOrList(score, Object.keys(ctx.ir.scores), "scores"));
}

function checkSegment(ctx: CheckContext, segment: string, p: string): void {
  if (ctx.ir.segments[segment] !== undefined) return;
  report(ctx, "error", "unknown-segment", `there is no segment \`${segment}\``, p, hintOrList(segment, Object.keys(ctx.ir.segments), "segments"));
}

function checkField(ctx: CheckContext, field: string, p: string): void {
  if (ctx.ir.fields[field] !== undefined) return;
  report(ctx, "error", "unknown-field", `there is no field \`${field}\``, p, hintFor(field, Object.keys(ctx.ir.fields)) ?? `declare it first, e.g. \`field ${field}: string\``);
}

function checkChannel(ctx: CheckContext, channel: string, p: string, webhook = false): void {
  const c = ctx.ir.channels[channel];
  if (c === undefined) {
    report(ctx, "error", "unknown-channel", `there is no channel \`${channel}\``, p, hintOrList(channel, Object.keys(ctx.ir.channels), "channels"));
  } else if (webhook && c.type !== "webhook") {
    const hooks = Object.entries(ctx.ir.channels).filter(([, v]) => v.type === "webhook").map(([k]) => k);
    report(ctx, "error", "unknown-channel", `\`${channel}\` is a ${c.type} channel, but \`webhook\` needs a channel of type webhook`, p, `webhook channels: ${list(hooks)}`);
  }
}

/** A stage of a pipeline; returns false (after reporting) when either is unknown. */
export function checkStage(ctx: CheckContext, pipeline: string, stage: string, pipelinePtr: string, stagePtr: string): boolean {
  const pl = ctx.ir.pipelines[pipeline];
  if (pl === undefined) {
    report(ctx, "error", "unknown-pipeline", `there is no pipeline \`${pipeline}\``, pipelinePtr, hintOrList(pipeline, Object.keys(ctx.ir.pipelines), "pipelines"));
    return false;
  }
  const names = pl.stages.map((s) => s.name);
  if (names.includes(stage)) return true;
  report(ctx, "error", "unknown-stage", `the pipeline \`${pipeline}\` has no stage \`${stage}\``, stagePtr, hintOrList(stage, names, `stages of ${pipeline}`));
  return false;
}

function checkRecipient(ctx: CheckContext, r: Recipient, p: string): void {
  if (r.to === "field") checkField(ctx, r.field, ptr(p, "field"));
}

function checkDimension(ctx: CheckContext, d: Dimension, p: string): void {
  if (d.by === "stage" && ctx.ir.pipelines[d.pipeline] === undefined) {
    report(ctx, "error", "unknown-pipeline", `there is no pipeline \`${d.pipeline}\``, p, hintFor(d.pipeline, Object.keys(ctx.ir.pipelines)));
  }
  if (d.by === "prop") {
    const has = Object.keys(ctx.ir.events).some((e) => eventProps(ctx.ir, e)?.[d.prop] !== undefined);
    if (!has) report(ctx, "error", "unknown-prop", `no event type has a prop \`${d.prop}\` to keep this per`, p, "declare the prop on the events that carry it");
  }
}

function checkAction(ctx: CheckContext, a: Action, p: string): void {
  switch (a.do) {
    case "notify":
      checkRecipient(ctx, a.to, ptr(p, "to"));
      if (a.channel !== undefined) checkChannel(ctx, a.channel, ptr(p, "channel"));
      break;
    case "feedback":
      if (ctx.ir.feedback[a.loop] === undefined) {
        report(ctx, "error", "unknown-feedback", `there is no feedback loop \`${a.loop}\``, ptr(p, "loop"), hintOrList(a.loop, Object.keys(ctx.ir.feedback), "feedback loops"));
      }
      break;
    case "stage":
      checkStage(ctx, a.pipeline, a.stage, ptr(p, "pipeline"), ptr(p, "stage"));
      break;
    case "add_to_segment":
    case "remove_from_segment": {
      checkSegment(ctx, a.segment, ptr(p, "segment"));
      if (ctx.ir.segments[a.segment]?.kind === "dynamic") {
        report(ctx, "error", "action-not-allowed", `\`${a.segment}\` is a dynamic segment: its condition decides who is in it`, ptr(p, "segment"), "use a `static` segment for membership set by actions");
      }
      break;
    }
    case "start":
      if (ctx.ir.campaigns[a.campaign] === undefined) {
        report(ctx, "error", "unknown-campaign", `there is no campaign \`${a.campaign}\``, ptr(p, "campaign"), hintOrList(a.campaign, Object.keys(ctx.ir.campaigns), "campaigns"));
      }
      break;
    case "set":
      checkField(ctx, a.field, ptr(p, "field"));
      break;
    case "webhook":
      checkChannel(ctx, a.channel, ptr(p, "channel"), true);
      break;
    case "send_email":
      if (a.channel !== undefined) checkChannel(ctx, a.channel, ptr(p, "channel"));
      break;
    case "points":
      checkScore(ctx, a.score, ptr(p, "score"));
      break;
    default:
      break;
  }
}

/** Every name used anywhere must be declared (or built in). Stage triggers' events are checked with the pipelines. */
export function checkNames(ctx: CheckContext): void {
  const ir: Ir = ctx.ir;
  for (const [name, r] of Object.entries(ir.rules)) {
    const rp = ptr("", "rules", name);
    checkScore(ctx, r.score, ptr(rp, "score"));
    if (r.kind === "event") checkEvent(ctx, r.on, ptr(rp, "on"));
  }
  for (const [name, s] of Object.entries(ir.scores)) {
    const sp = ptr("", "scores", name);
    if (s.from !== undefined) checkScore(ctx, s.from.score, ptr(sp, "from", "score"));
    if (s.per !== undefined) checkDimension(ctx, s.per, ptr(sp, "per"));
    if (ir.fields[name] !== undefined) {
      report(ctx, "warning", "ambiguous-name", `\`${name}\` is both a score and a field; in conditions it means the score`, sp, "rename one of them");
    }
  }
  for (const [segment, scores] of Object.entries(ir.suppressions)) {
    const sp = ptr("", "suppressions", segment);
    checkSegment(ctx, segment, sp);
    scores.forEach((s, i) => checkScore(ctx, s, ptr(sp, i)));
  }
  for (const [name, pl] of Object.entries(ir.pipelines)) {
    const pp = ptr("", "pipelines", name);
    if (pl.per !== undefined) checkDimension(ctx, pl.per, ptr(pp, "per"));
    const stages = pl.stages.map((s) => s.name);
    pl.allow.forEach((a, i) => {
      for (const end of ["from", "to"] as const) {
        if (!stages.includes(a[end])) {
          report(ctx, "error", "unknown-stage", `the pipeline \`${name}\` has no stage \`${a[end]}\``, ptr(pp, "allow", i, end), hintOrList(a[end], stages, `stages of ${name}`));
        }
      }
    });
  }
  for (const [name, t] of Object.entries(ir.thresholds)) if (t.per !== undefined) checkDimension(ctx, t.per, ptr("", "thresholds", name, "per"));
  for (const [name, f] of Object.entries(ir.feedback)) {
    const ap = ptr("", "feedback", name, "ask");
    checkChannel(ctx, f.ask.channel, ptr(ap, "channel"));
    checkRecipient(ctx, f.ask.to, ptr(ap, "to"));
    if (f.ask.escalate !== undefined) checkRecipient(ctx, f.ask.escalate, ptr(ap, "escalate"));
  }
  for (const [name, c] of Object.entries(ir.campaigns)) {
    const cp = ptr("", "campaigns", name);
    if (c.enter.on === "segment") checkSegment(ctx, c.enter.segment, ptr(cp, "enter", "segment"));
    if (c.enter.on === "event") checkEvent(ctx, c.enter.event, ptr(cp, "enter", "event"));
  }
  forEachAction(ir, (a, p) => checkAction(ctx, a, p));
  forEachCondition(ir, (cond, p) => {
    switch (cond.op) {
      case "segment":
        checkSegment(ctx, cond.segment, ptr(p, "segment"));
        break;
      case "stage":
        for (const [i, s] of cond.stages.entries()) {
          const ok = checkStage(ctx, cond.pipeline, s, ptr(p, "pipeline"), ptr(p, "stages", i));
          if (!ok && ir.pipelines[cond.pipeline] === undefined) break;
        }
        break;
      case "history": {
        if (!checkEvent(ctx, cond.event, ptr(p, "event"))) break;
        const props = eventProps(ir, cond.event) ?? {};
        if (cond.prop !== undefined && props[cond.prop] === undefined) {
          report(ctx, "error", "unknown-prop", `the event \`${cond.event}\` has no prop \`${cond.prop}\``, ptr(p, "prop"), hintOrList(cond.prop, Object.keys(props), `props of ${cond.event}`));
        }
        break;
      }
      case "cmp":
      case "text":
      case "in":
      case "set":
      case "true":
      case "ago":
        if (cond.ref.ref === "score") checkScoreKey(ctx, cond.ref.score, cond.ref.key, ptr(p, "ref"));
        break;
      default:
        break;
    }
  });
}

/** A literal key of a per-tag or per-stage score must be one of its tags or stages. */
function checkScoreKey(ctx: CheckContext, score: string, key: Key | undefined, p: string): void {
  const per = ctx.ir.scores[score]?.per;
  if (per === undefined || key?.key !== "value") return;
  if (per.by === "tag" && !per.tags.includes(key.value)) {
    report(ctx, "error", "unknown-tag-dimension", `\`${score}\` is kept per tag for ${list(per.tags)} only, not \`${key.value}\``, p, hintOrList(key.value, per.tags, "tags"));
  }
  const stages = per.by === "stage" ? ctx.ir.pipelines[per.pipeline]?.stages.map((s) => s.name) : undefined;
  if (stages !== undefined && !stages.includes(key.value)) {
    report(ctx, "error", "unknown-stage", `\`${score}\` is kept per stage, and \`${key.value}\` is not a stage`, p, hintOrList(key.value, stages, "stages"));
  }
}
