import type { Pipeline, Stage, Trigger } from "../../schemas/ir.js";
import type { Decl } from "../ast.js";
import { error } from "../diagnostics.js";
import { lowerCond } from "./condition.js";
import { mark, type CondEnv, type LowerContext } from "./context.js";
import { ptr } from "./pointer.js";
import { lowerDimension } from "./scope.js";

type PipelineDecl = Extract<Decl, { kind: "pipeline" }>;

/**
 * Stages keep their written order (it defines "forward"). `allow` is sorted by from/to
 * because the moves form a set. Exactly one stage must be `initial`; with none or several
 * the first (initial) stage stands in so the rest of the pipeline can still be checked.
 */
export function lowerPipeline(ctx: LowerContext, d: PipelineDecl, p: string): Pipeline {
  mark(ctx, p, d.span);
  const per = d.per ? lowerDimension(d.per) : undefined;
  const env: CondEnv = per === undefined ? {} : { dimension: per };
  if (d.per !== undefined) mark(ctx, ptr(p, "per"), d.per.span);
  const seen = new Map<string, true>();
  const stages: Stage[] = d.stages.map((s, i) => {
    const sp = ptr(p, "stages", i);
    mark(ctx, sp, s.span);
    mark(ctx, ptr(sp, "name"), s.name.span);
    if (seen.has(s.name.text)) {
      ctx.diagnostics.push(error("duplicate-name", `the pipeline \`${d.name.text}\` has two stages named \`${s.name.text}\``, s.name.span));
    }
    seen.set(s.name.text, true);
    const triggers: Trigger[] = s.triggers.map((t, k) => {
      const tp = ptr(sp, "triggers", k);
      mark(ctx, tp, t.span);
      if (t.kind === "condition") return { on: "condition", when: lowerCond(ctx, t.when, ptr(tp, "when"), env) };
      mark(ctx, ptr(tp, "event"), t.event.span);
      const trig: Trigger = { on: "event", event: t.event.text };
      if (t.if !== undefined) trig.if = lowerCond(ctx, t.if, ptr(tp, "if"), { ...env, event: t.event.text });
      return trig;
    });
    const stage: Stage = { name: s.name.text, category: s.category?.value ?? "in_progress", triggers };
    if (s.label !== undefined) stage.label = s.label.value;
    if (s.manual !== undefined) stage.manual = true;
    if (s.category !== undefined) mark(ctx, ptr(sp, "category"), s.category.span);
    return stage;
  });
  const initials = d.stages.filter((s) => s.initial !== undefined);
  const firstInitial = initials[0];
  if (d.stages.length === 0) {
    ctx.diagnostics.push(
      error("no-initial-stage", `the pipeline \`${d.name.text}\` has no stages`, d.name.span, "add its stages, starting with `stage NAME initial` (where new contacts start)"),
    );
  } else if (firstInitial === undefined) {
    ctx.diagnostics.push(
      error(
        "no-initial-stage",
        `the pipeline \`${d.name.text}\` has no initial stage (where new contacts start)`,
        d.name.span,
        `mark one stage \`initial\`, e.g. \`stage ${d.stages[0]?.name.text ?? "unknown"} initial\``,
      ),
    );
  }
  for (const extra of initials.slice(1)) {
    ctx.diagnostics.push(
      error(
        "several-initial-stages",
        `the pipeline \`${d.name.text}\` has more than one initial stage`,
        extra.initial ?? extra.span,
        `only \`${firstInitial?.name.text ?? ""}\` may be initial`,
      ),
    );
  }
  const initial = firstInitial ?? d.stages[0];
  if (initial !== undefined) mark(ctx, ptr(p, "initial"), initial.initial ?? initial.name.span);
  const allows = [...d.allows].sort((a, b) =>
    a.from.text === b.from.text ? (a.to.text < b.to.text ? -1 : a.to.text > b.to.text ? 1 : 0) : a.from.text < b.from.text ? -1 : 1,
  );
  mark(ctx, ptr(p, "allow"), d.span);
  allows.forEach((a, i) => {
    mark(ctx, ptr(p, "allow", i), a.span);
    mark(ctx, ptr(p, "allow", i, "from"), a.from.span);
    mark(ctx, ptr(p, "allow", i, "to"), a.to.span);
  });
  const out: Pipeline = {
    scope: d.account !== undefined ? "account" : "contact",
    initial: initial?.name.text ?? "",
    backward: d.backward !== undefined ? "any" : "listed",
    allow: allows.map((a) => ({ from: a.from.text, to: a.to.text })),
    stages,
  };
  if (d.label !== undefined) out.label = d.label.value;
  if (per !== undefined) out.per = per;
  if (d.manualLock !== undefined) {
    mark(ctx, ptr(p, "manualLock"), d.manualLock.span);
    out.manualLock = d.manualLock.seconds;
  }
  return out;
}
