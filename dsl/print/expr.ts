/**
 * One printer per `Fragments` kind of dsl/ast.ts: the pieces of DSL text that a `.funnel` file
 * writes inline and a `.funnel.yaml` file embeds as strings. Each printer's output is exactly
 * what `parseFragment(kind, ...)` reads back into the same node (spans aside).
 */
import type {
  ActionNode,
  AskNode,
  DimNode,
  DurNode,
  EnterNode,
  Fragments,
  RecipientNode,
  ReentryNode,
  StepNode,
  Tok,
  TriggerNode,
  Weekday,
} from "../ast.js";
import { printCondition } from "./condition.js";
import { printLiteral } from "./literal.js";
import { printNumber, printSigned, quote } from "./text.js";

export { printCondition, printRef } from "./condition.js";
export { printLiteral } from "./literal.js";

/** The author's text (`7d` stays `7d`, never `1w` or `604800s`). */
export function printDuration(d: DurNode): string {
  return d.text;
}

/** `owner`, a field name, or a quoted address. */
export function printRecipient(r: RecipientNode): string {
  if (r.kind === "owner") return "owner";
  return r.kind === "field" ? r.field.text : quote(r.address.value);
}

/** One action, e.g. `notify owner "mql-alert" via email`, `set marketing_suspended = true`. */
export function printAction(a: ActionNode): string {
  switch (a.kind) {
    case "notify":
      return `notify ${printRecipient(a.to)} ${quote(a.template.value)}${a.channel ? ` via ${a.channel.text}` : ""}`;
    case "feedback":
      return `feedback ${a.loop.text}`;
    case "stage":
      return `stage ${a.pipeline.text}.${a.stage.text}`;
    case "tag":
    case "untag":
      return `${a.kind} ${a.tag.text}`;
    case "add_to":
      return `add to ${a.segment.text}`;
    case "remove_from":
      return `remove from ${a.segment.text}`;
    case "start":
      return `start ${a.campaign.text}`;
    case "set":
      return `set ${a.field.text} = ${printLiteral(a.value)}`;
    case "webhook":
      return `webhook ${a.channel.text}`;
    case "send_email":
      return `send email ${quote(a.template.value)}${a.channel ? ` via ${a.channel.text}` : ""}`;
    case "points":
      return `points ${a.score.text} ${printSigned(a.points.value)}`;
    case "delete_contact":
      return a.after ? `delete contact after ${a.after.text}` : "delete contact";
  }
}

/**
 * One step on one line, with its label (`intro: send email "welcome"`). An `if` step prints
 * its branches inline, separated by `;` — the DSL printer lays them out as blocks instead.
 */
export function printStep(s: StepNode): string {
  const label = s.label ? `${s.label.text}: ` : "";
  return label + printStepBody(s);
}

/** A step without its label. */
export function printStepBody(s: StepNode): string {
  switch (s.kind) {
    case "action":
      return printAction(s.action);
    case "wait":
      return `wait ${s.dur.text}`;
    case "wait_until":
      return `wait until ${printCondition(s.until)} at most ${s.atMost.text}`;
    case "wait_time":
      return s.days && s.days.length > 0 ? `wait until ${printDays(s.days)} ${s.time.value}` : `wait until ${s.time.value}`;
    case "if": {
      const then = `if ${printCondition(s.cond)} { ${s.then.map(printStep).join("; ")} }`;
      return s.else ? `${then} else { ${s.else.map(printStep).join("; ")} }` : then;
    }
  }
}

const WEEK: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/**
 * Days as written compactly: runs of three or more consecutive days become a range
 * (`mon-fri`), others are listed with commas (`sat,sun`, `mon,wed`). The parser expands
 * ranges, so both forms read back as the same list of days.
 */
export function printDays(days: readonly Tok<Weekday>[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && WEEK.indexOf(days[j + 1]?.value ?? "mon") === WEEK.indexOf(days[j]?.value ?? "mon") + 1) j++;
    const first = days[i]?.value ?? "mon";
    const last = days[j]?.value ?? "mon";
    if (j - i >= 2) {
      parts.push(`${first}-${last}`);
    } else {
      for (let k = i; k <= j; k++) parts.push(days[k]?.value ?? "mon");
    }
    i = j + 1;
  }
  return parts.join(",");
}

/** `-20..70`, `..70`, `0..` */
export function printLimit(l: Fragments["limit"]): string {
  return `${l.min ? printNumber(l.min.value) : ""}..${l.max ? printNumber(l.max.value) : ""}`;
}

/** `10 every 7d after 14d inactive`, `half-life 14d` */
export function printDecay(d: Fragments["decay"]): string {
  const head = d.model === "step" ? `${printNumber(d.amount.value)} every ${d.every.text}` : `half-life ${d.halfLife.text}`;
  return d.after ? `${head} after ${d.after.text} inactive` : head;
}

/** `product`, `stage of lifecycle`, `tag in [vip, partner]` */
export function printDimension(d: DimNode): string {
  if (d.kind === "prop") return d.prop.text;
  if (d.kind === "stage") return `stage of ${d.pipeline.text}`;
  return `tag in [${d.tags.map((t) => t.text).join(", ")}]`;
}

/** `contacts sum of engagement` */
export function printAccountFrom(f: Fragments["accountFrom"]): string {
  return `contacts ${f.agg.value} of ${f.score.text}`;
}

/** `1 per 1d` */
export function printAtMost(a: Fragments["atMost"]): string {
  return `${printNumber(a.count.value)} per ${a.per.text}`;
}

/** `event page.visited if url contains "/x"`, or a condition. */
export function printTrigger(t: TriggerNode): string {
  if (t.kind === "condition") return printCondition(t.when);
  return t.if ? `event ${t.event.text} if ${printCondition(t.if)}` : `event ${t.event.text}`;
}

/** `mql -> recycled` */
export function printAllow(a: Fragments["allow"]): string {
  return `${a.from.text} -> ${a.to.text}`;
}

/** `owner via email after 3d, then every 3d, at most 10 times, then escalate to sales_manager` */
export function printAsk(a: AskNode): string {
  const head = `${printRecipient(a.to)} via ${a.channel.text} after ${a.after.text}, then every ${a.every.text}, at most ${printNumber(a.times.value)} times`;
  return a.escalate ? `${head}, then escalate to ${printRecipient(a.escalate)}` : head;
}

/** `when in segment lapsed_buyers`, `on purchase.completed if amount > 0` */
export function printEnter(e: EnterNode): string {
  if (e.kind === "segment") return `when in segment ${e.segment.text}`;
  return e.if ? `on ${e.event.text} if ${printCondition(e.if)}` : `on ${e.event.text}`;
}

/** `once`, `every time`, `after 90d`, `once per order_id` */
export function printReentry(r: ReentryNode): string {
  switch (r.kind) {
    case "once":
      return "once";
    case "every_time":
      return "every time";
    case "after":
      return `after ${r.dur.text}`;
    case "once_per":
      return `once per ${r.prop.text}`;
  }
}

/** `mon-fri 09:00-18:00` */
export function printWindow(w: Fragments["window"]): string {
  return `${printDays(w.days)} ${w.from.value}-${w.to.value}`;
}

/** Every fragment printer by kind, for callers that print a fragment chosen at run time. */
export const fragmentPrinters: { [K in keyof Fragments]: (node: Fragments[K]) => string } = {
  condition: printCondition,
  action: printAction,
  step: printStep,
  duration: printDuration,
  literal: printLiteral,
  limit: printLimit,
  decay: printDecay,
  dimension: printDimension,
  accountFrom: printAccountFrom,
  atMost: printAtMost,
  trigger: printTrigger,
  allow: printAllow,
  ask: printAsk,
  enter: printEnter,
  reentry: printReentry,
  window: printWindow,
  recipient: printRecipient,
};
