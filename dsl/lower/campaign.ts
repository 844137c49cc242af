import type { Campaign, Step } from "../../schemas/ir.js";
import type { Decl, StepNode } from "../ast.js";
import { error } from "../diagnostics.js";
import { lowerAction } from "./action.js";
import { lowerCond } from "./condition.js";
import { mark, type LowerContext } from "./context.js";
import { ptr } from "./pointer.js";

type CampaignDecl = Extract<Decl, { kind: "campaign" }>;

/**
 * Step ids: the label when written, else the positional path ("1", "2", "3.then.1",
 * "3.else.2", where "3" is the id of the enclosing `if`). `on change migrate` matches
 * steps of two versions by id, so labels are the stable way to name a step.
 */
function lowerSteps(ctx: LowerContext, nodes: readonly StepNode[], p: string, prefix: string, seen: Map<string, StepNode>): Step[] {
  return nodes.map((node, i) => {
    const sp = ptr(p, i);
    mark(ctx, sp, node.span);
    const id = node.label?.text ?? `${prefix}${i + 1}`;
    if (node.label !== undefined) mark(ctx, ptr(sp, "id"), node.label.span);
    const first = seen.get(id);
    if (first !== undefined) {
      ctx.diagnostics.push(
        error("duplicate-name", `two steps of this campaign are named \`${id}\``, node.label?.span ?? node.span, "give each step its own label"),
      );
    } else seen.set(id, node);
    switch (node.kind) {
      case "action":
        return { id, step: "action", action: lowerAction(ctx, node.action, ptr(sp, "action")) };
      case "wait":
        mark(ctx, ptr(sp, "seconds"), node.dur.span);
        return { id, step: "wait", seconds: node.dur.seconds };
      case "wait_until":
        mark(ctx, ptr(sp, "atMost"), node.atMost.span);
        return { id, step: "wait_until", until: lowerCond(ctx, node.until, ptr(sp, "until"), {}), atMost: node.atMost.seconds };
      case "wait_time": {
        mark(ctx, ptr(sp, "time"), node.time.span);
        const step: Step = { id, step: "wait_time", time: node.time.value };
        if (node.days !== undefined && node.days.length > 0) {
          node.days.forEach((d, k) => mark(ctx, ptr(sp, "days", k), d.span));
          step.days = node.days.map((d) => d.value);
        }
        return step;
      }
      case "if":
        return {
          id,
          step: "if",
          cond: lowerCond(ctx, node.cond, ptr(sp, "cond"), {}),
          then: lowerSteps(ctx, node.then, ptr(sp, "then"), `${id}.then.`, seen),
          else: lowerSteps(ctx, node.else ?? [], ptr(sp, "else"), `${id}.else.`, seen),
        };
    }
  });
}

export function lowerCampaign(ctx: LowerContext, d: CampaignDecl, p: string): Campaign {
  mark(ctx, p, d.span);
  let enter: Campaign["enter"] = { on: "start" };
  let enterEvent: string | undefined;
  if (d.enter?.kind === "segment") {
    mark(ctx, ptr(p, "enter"), d.enter.span);
    mark(ctx, ptr(p, "enter", "segment"), d.enter.segment.span);
    enter = { on: "segment", segment: d.enter.segment.text };
  } else if (d.enter?.kind === "event") {
    mark(ctx, ptr(p, "enter"), d.enter.span);
    mark(ctx, ptr(p, "enter", "event"), d.enter.event.span);
    enterEvent = d.enter.event.text;
    enter = { on: "event", event: enterEvent };
    if (d.enter.if !== undefined) enter.if = lowerCond(ctx, d.enter.if, ptr(p, "enter", "if"), { event: enterEvent });
  }
  let reentry: Campaign["reentry"] = { kind: "once" };
  if (d.reentry !== undefined) {
    mark(ctx, ptr(p, "reentry"), d.reentry.span);
    const r = d.reentry;
    if (r.kind === "after") {
      mark(ctx, ptr(p, "reentry", "seconds"), r.dur.span);
      reentry = { kind: "after", seconds: r.dur.seconds };
    } else if (r.kind === "once_per") {
      mark(ctx, ptr(p, "reentry", "prop"), r.prop.span);
      reentry = { kind: "once_per", prop: r.prop.text };
    } else reentry = { kind: r.kind };
  }
  const out: Campaign = { enter, reentry, onChange: d.onChange?.value ?? "keep", steps: [] };
  if (d.onChange !== undefined) mark(ctx, ptr(p, "onChange"), d.onChange.span);
  if (d.label !== undefined) {
    mark(ctx, ptr(p, "label"), d.label.span);
    out.label = d.label.value;
  }
  if (d.leave !== undefined) out.leave = lowerCond(ctx, d.leave, ptr(p, "leave"), {});
  if (d.goal !== undefined) out.goal = lowerCond(ctx, d.goal, ptr(p, "goal"), {});
  if (d.sendWindow !== undefined) {
    const w = d.sendWindow;
    mark(ctx, ptr(p, "sendWindow"), w.span);
    w.days.forEach((day, k) => mark(ctx, ptr(p, "sendWindow", "days", k), day.span));
    mark(ctx, ptr(p, "sendWindow", "from"), w.from.span);
    mark(ctx, ptr(p, "sendWindow", "to"), w.to.span);
    out.sendWindow = { days: w.days.map((x) => x.value), from: w.from.value, to: w.to.value };
  }
  mark(ctx, ptr(p, "steps"), d.span);
  out.steps = lowerSteps(ctx, d.steps, ptr(p, "steps"), "", new Map());
  return out;
}
