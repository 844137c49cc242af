import type { Action, Cond, Ir, Pipeline, Step } from "../../schemas/ir.js";
import { hintFor } from "../did-you-mean.js";
import { ptr } from "../lower/pointer.js";
import { eventNames, eventProps, report, type CheckContext } from "./context.js";
import { neverTrue } from "./satisfiable.js";

/** Pipeline name → index of the earliest stage the contact is known to be at (or later). */
type Known = Map<string, number>;

const indexOf = (pl: Pipeline, stage: string): number => pl.stages.findIndex((s) => s.name === stage);

function moveAllowed(pl: Pipeline, from: string, to: string): boolean {
  return pl.backward === "any" || pl.allow.some((a) => a.from === from && a.to === to);
}

/**
 * A `stage P.S` action where the contact is known to be at a later stage M is a backward
 * move; unless the pipeline allows M → S it would be refused at run time, so it is an error
 * where it is written. Returns the knowledge after the action.
 */
function checkMove(ctx: CheckContext, a: Action, p: string, known: Known): Known {
  if (a.do !== "stage") return known;
  const pl = ctx.ir.pipelines[a.pipeline];
  if (pl === undefined) return known;
  const to = indexOf(pl, a.stage);
  if (to < 0) return known;
  const from = known.get(a.pipeline);
  const fromStage = from === undefined ? undefined : pl.stages[from]?.name;
  if (from !== undefined && fromStage !== undefined && to < from && !moveAllowed(pl, fromStage, a.stage)) {
    report(
      ctx,
      "error",
      "backward-move-not-allowed",
      `here the contact is already at \`${fromStage}\` or later in \`${a.pipeline}\`, and moving back to \`${a.stage}\` is not allowed`,
      p,
      `add \`allow ${fromStage} -> ${a.stage}\` to the pipeline \`${a.pipeline}\` if sales may send leads back`,
    );
  }
  return new Map(known).set(a.pipeline, to);
}

/** What a condition that holds says about stages: `stage P is/in/at least ...` in a top-level `and`. */
function knownFrom(ir: Ir, cond: Cond | undefined, into: Known): Known {
  if (cond === undefined) return into;
  const out = new Map(into);
  const parts = cond.op === "and" ? cond.args : [cond];
  for (const c of parts) {
    if (c.op !== "stage") continue;
    const pl = ir.pipelines[c.pipeline];
    if (pl === undefined) continue;
    const idx = c.stages.map((s) => indexOf(pl, s));
    if (idx.some((i) => i < 0)) continue;
    out.set(c.pipeline, Math.min(...idx));
  }
  return out;
}

function actionsInOrder(ctx: CheckContext, actions: readonly Action[], p: string, known: Known): Known {
  return actions.reduce((k, a, i) => checkMove(ctx, a, ptr(p, i), k), known);
}

/** The knowledge both branches agree on (the smaller stage when both know one). */
function meet(a: Known, b: Known): Known {
  const out: Known = new Map();
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) out.set(k, Math.min(v, w));
  }
  return out;
}

function stepsInOrder(ctx: CheckContext, steps: readonly Step[], p: string, known: Known): Known {
  let k = known;
  steps.forEach((s, i) => {
    const sp = ptr(p, i);
    if (s.step === "action") k = checkMove(ctx, s.action, ptr(sp, "action"), k);
    if (s.step === "if") {
      const t = stepsInOrder(ctx, s.then, ptr(sp, "then"), knownFrom(ctx.ir, s.cond, k));
      const e = stepsInOrder(ctx, s.else, ptr(sp, "else"), k);
      k = meet(t, e);
    }
  });
  return k;
}

/** Backward moves written in thresholds, in the outcomes of the loops they start, and in campaigns. */
export function checkBackwardMoves(ctx: CheckContext): void {
  const { ir } = ctx;
  const afterLoopStart = new Map<string, Known[]>();
  for (const [name, t] of Object.entries(ir.thresholds)) {
    let k = knownFrom(ir, t.when, new Map());
    t.actions.forEach((a, i) => {
      k = checkMove(ctx, a, ptr("", "thresholds", name, "actions", i), k);
      if (a.do === "feedback") afterLoopStart.set(a.loop, [...(afterLoopStart.get(a.loop) ?? []), k]);
    });
  }
  for (const [name, f] of Object.entries(ir.feedback)) {
    const starts = afterLoopStart.get(name) ?? [];
    const first = starts[0];
    const known: Known = first === undefined ? new Map<string, number>() : starts.slice(1).reduce(meet, first);
    for (const [outcome, actions] of Object.entries(f.outcomes)) {
      actionsInOrder(ctx, actions, ptr("", "feedback", name, "outcomes", outcome), known);
    }
  }
  for (const [name, c] of Object.entries(ir.campaigns)) {
    // Entered from a segment: its condition held at entry (and stages only move forward by themselves).
    const entry = c.enter.on === "segment" ? ir.segments[c.enter.segment] : undefined;
    const known = knownFrom(ir, entry?.kind === "dynamic" ? entry.when : undefined, new Map());
    stepsInOrder(ctx, c.steps, ptr("", "campaigns", name, "steps"), known);
  }
}

/** Initial stages, `allow` lists and triggers that can never fire. */
export function checkPipelines(ctx: CheckContext): void {
  const { ir } = ctx;
  for (const [name, pl] of Object.entries(ir.pipelines)) {
    const pp = ptr("", "pipelines", name);
    pl.allow.forEach((a, i) => {
      const from = indexOf(pl, a.from);
      const to = indexOf(pl, a.to);
      if (from < 0 || to < 0) return;
      if (to >= from) {
        report(ctx, "warning", "allow-not-backward", `\`${a.from} -> ${a.to}\` is not a backward move: forward moves are always allowed`, ptr(pp, "allow", i), `remove it, or write \`allow ${a.to} -> ${a.from}\` if you meant the move back`);
      }
    });
    pl.stages.forEach((st, i) => {
      st.triggers.forEach((t, k) => {
        const tp = ptr(pp, "stages", i, "triggers", k);
        if (st.name === pl.initial) {
          report(ctx, "warning", "stage-trigger-never-fires", `\`${st.name}\` is where contacts start, so a trigger to it never moves anyone`, tp, "remove the trigger, or put it on a later stage");
          return;
        }
        if (st.manual === true) {
          report(ctx, "warning", "stage-trigger-never-fires", `\`${st.name}\` is a manual stage: only a person or an action moves contacts there, so this trigger never fires`, tp, "remove `manual` or remove the trigger");
          return;
        }
        if (t.on === "event") {
          if (eventProps(ir, t.event) === undefined) {
            report(ctx, "error", "stage-trigger-never-fires", `there is no event type \`${t.event}\`, so this trigger never fires`, ptr(tp, "event"), hintFor(t.event, eventNames(ir)) ?? `declare it: \`event ${t.event} { ... }\``);
          }
          return;
        }
        const why = neverTrue(ir, t.when, ptr(tp, "when"));
        if (why !== undefined) report(ctx, "warning", "stage-trigger-never-fires", `this trigger never fires: ${why.reason}`, why.pointer, "lower the number or raise the score's limit");
      });
    });
  }
}
