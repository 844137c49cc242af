import type { CmpOp, Cond, Dimension, Key, Ref } from "../../schemas/ir.js";
import type { CondNode, KeyNode, RefNode, Span } from "../ast.js";
import { canonicalJson } from "../canonical.js";
import { error } from "../diagnostics.js";
import { didYouMean } from "../did-you-mean.js";
import { ATTRIBUTES } from "./catalog.js";
import { mark, type CondEnv, type LowerContext } from "./context.js";
import { lowerInValues, lowerLiteral } from "./literal.js";
import { ptr } from "./pointer.js";

const sameDimension = (a: Dimension | undefined, b: Dimension | undefined): boolean =>
  a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b);

function describeDimension(d: Dimension): string {
  switch (d.by) {
    case "prop":
      return `per ${d.prop}`;
    case "stage":
      return `per stage of ${d.pipeline}`;
    case "tag":
      return `per tag`;
  }
}

function exampleKey(ctx: LowerContext, d: Dimension): string {
  if (d.by === "tag") return d.tags[0] ?? "vip";
  if (d.by === "stage") return ctx.scope.pipelines.get(d.pipeline)?.stages[0] ?? "mql";
  return "crm";
}

/**
 * The key of a reference to something kept per dimension (a score or a pipeline).
 * Without a written key, the context's own key is meant when the context has the same
 * dimension; anywhere else the author must say which key.
 */
function lowerKey(
  ctx: LowerContext,
  name: string,
  what: string,
  per: Dimension | undefined,
  key: KeyNode | undefined,
  span: Span,
  env: CondEnv,
): Key | undefined {
  if (per === undefined) {
    if (key !== undefined) {
      ctx.diagnostics.push(
        error("unexpected-dimension-key", `${what} \`${name}\` is not kept per dimension, so it takes no \`[...]\` key`, key.span, `write just \`${name}\``),
      );
    }
    return undefined;
  }
  if (key !== undefined) return key.kind === "any" ? { key: "any" } : { key: "value", value: key.value };
  if (sameDimension(per, env.dimension)) return { key: "context" };
  ctx.diagnostics.push(
    error(
      "missing-dimension-key",
      `${what} \`${name}\` is kept ${describeDimension(per)}: say which value you mean`,
      span,
      `write \`${name}[any]\` for any value, or one value such as \`${name}[${exampleKey(ctx, per)}]\``,
    ),
  );
  return { key: "any" };
}

/** Resolves a bare name: event prop (when an event is in context), score, field, attribute. */
export function resolveRef(ctx: LowerContext, ref: RefNode, p: string, env: CondEnv): Ref {
  mark(ctx, p, ref.span);
  const name = ref.name.text;
  const { scope } = ctx;
  const eventProps = env.event === undefined ? undefined : scope.events.get(env.event);
  const notKeyed = (): void => {
    if (ref.key !== undefined) {
      ctx.diagnostics.push(
        error("unexpected-dimension-key", `\`${name}\` is not a score kept per dimension, so it takes no \`[...]\` key`, ref.key.span),
      );
    }
  };
  if (eventProps?.has(name)) {
    notKeyed();
    return { ref: "prop", name };
  }
  const score = scope.scores.get(name);
  if (score !== undefined) {
    const key = lowerKey(ctx, name, "the score", score.per, ref.key, ref.span, env);
    return key === undefined ? { ref: "score", score: name } : { ref: "score", score: name, key };
  }
  if (scope.fields.has(name)) {
    notKeyed();
    return { ref: "field", name };
  }
  const attr = ATTRIBUTES[name];
  if (attr !== undefined) {
    notKeyed();
    return { ref: "attr", name: attr };
  }
  // An unknown event is reported where it is named; its props cannot be checked.
  if (env.event !== undefined && eventProps === undefined) return { ref: "prop", name };
  const candidates = [...(eventProps?.keys() ?? []), ...scope.scores.keys(), ...scope.fields.keys(), ...Object.keys(ATTRIBUTES)];
  const guess = didYouMean(name, candidates);
  const propList =
    env.event !== undefined && eventProps !== undefined
      ? ` (the props of ${env.event} are: ${[...eventProps.keys()].join(", ") || "none"})`
      : "";
  ctx.diagnostics.push(
    error(
      // With an event in context a prop was most likely meant.
      env.event !== undefined ? "unknown-prop" : "unknown-name",
      `\`${name}\` is not a ${env.event !== undefined ? "prop of the event, " : ""}score, field or contact attribute`,
      ref.name.span,
      guess !== undefined ? `did you mean \`${guess}\`?${propList}` : propList === "" ? `declare it first, e.g. \`field ${name}: string\`` : propList.trim(),
    ),
  );
  return { ref: "field", name };
}

function flatArgs(op: "and" | "or", args: CondNode[]): CondNode[] {
  const out: CondNode[] = [];
  for (let arg of args) {
    while (arg.kind === "paren") arg = arg.inner;
    if (arg.kind === op) out.push(...flatArgs(op, arg.args));
    else out.push(arg);
  }
  return out;
}

const TEXT_FNS = new Set(["contains", "startswith", "endswith", "matches"]);

/** Lowers a condition at IR pointer `p`, recording the span of every node it writes. */
export function lowerCond(ctx: LowerContext, node: CondNode, p: string, env: CondEnv): Cond {
  mark(ctx, p, node.span);
  switch (node.kind) {
    case "paren":
      return lowerCond(ctx, node.inner, p, env);
    case "and":
    case "or": {
      const args = flatArgs(node.kind, node.args);
      const only = args[0];
      if (args.length === 1 && only !== undefined) return lowerCond(ctx, only, p, env);
      return { op: node.kind, args: args.map((a, i) => lowerCond(ctx, a, ptr(p, "args", i), env)) };
    }
    case "not":
      return { op: "not", arg: lowerCond(ctx, node.arg, ptr(p, "arg"), env) };
    case "compare":
      return lowerCompare(ctx, node, p, env);
    case "is_set": {
      if (!node.negated) return { op: "set", ref: resolveRef(ctx, node.ref, ptr(p, "ref"), env) };
      mark(ctx, ptr(p, "arg"), node.span);
      return { op: "not", arg: { op: "set", ref: resolveRef(ctx, node.ref, ptr(p, "arg", "ref"), env) } };
    }
    case "bare":
      return { op: "true", ref: resolveRef(ctx, node.ref, ptr(p, "ref"), env) };
    case "tagged":
      mark(ctx, ptr(p, "tag"), node.tag.span);
      return { op: "tagged", tag: node.tag.text };
    case "in_segment":
      mark(ctx, ptr(p, "segment"), node.segment.span);
      return { op: "segment", segment: node.segment.text };
    case "in_stage":
      return lowerInStage(ctx, node, p, env);
    case "history":
      return lowerHistory(ctx, node, p, env);
    case "ago": {
      mark(ctx, ptr(p, "seconds"), node.dur.span);
      const ref = resolveRef(ctx, node.ref, ptr(p, "ref"), env);
      return { op: "ago", ref, dir: node.dir === "before" ? "before" : "after", seconds: node.dur.seconds };
    }
  }
}

function lowerCompare(ctx: LowerContext, node: Extract<CondNode, { kind: "compare" }>, p: string, env: CondEnv): Cond {
  const op = node.op.value;
  if (op === "not in") {
    mark(ctx, ptr(p, "arg"), node.span);
    return { op: "not", arg: lowerCompare(ctx, { ...node, op: { value: "in", span: node.op.span } }, ptr(p, "arg"), env) };
  }
  const ref = resolveRef(ctx, node.ref, ptr(p, "ref"), env);
  mark(ctx, ptr(p, "value"), node.value.span);
  mark(ctx, ptr(p, TEXT_FNS.has(op) ? "fn" : "cmp"), node.op.span);
  if (op === "in") {
    mark(ctx, ptr(p, "values"), node.value.span);
    if (node.value.kind === "list") node.value.items.forEach((it, i) => mark(ctx, ptr(p, "values", i), it.span));
    return { op: "in", ref, values: lowerInValues(ctx, node.value) };
  }
  if (TEXT_FNS.has(op)) {
    const fn = op as "contains" | "startswith" | "endswith" | "matches";
    if (node.value.kind !== "string") {
      ctx.diagnostics.push(
        error("type-mismatch", `\`${op}\` compares with text: put the value in quotes`, node.value.span, `e.g. \`${node.ref.name.text} ${op} "..."\``),
      );
      return { op: "text", ref, fn, value: "" };
    }
    return { op: "text", ref, fn, value: node.value.value };
  }
  return { op: "cmp", ref, cmp: op as CmpOp, value: lowerLiteral(ctx, node.value) };
}

function lowerInStage(ctx: LowerContext, node: Extract<CondNode, { kind: "in_stage" }>, p: string, env: CondEnv): Cond {
  mark(ctx, ptr(p, "pipeline"), node.pipeline.span);
  const pipeline = ctx.scope.pipelines.get(node.pipeline.text);
  let stages = node.stages.map((s) => s.text);
  node.stages.forEach((s, i) => mark(ctx, ptr(p, "stages", i), s.span));
  const first = node.stages[0];
  if (node.mode === "at_least" && pipeline !== undefined && first !== undefined) {
    const from = pipeline.stages.indexOf(first.text);
    if (from >= 0) {
      stages = pipeline.stages.slice(from);
      stages.forEach((_, i) => mark(ctx, ptr(p, "stages", i), first.span));
    }
  }
  const key =
    pipeline === undefined
      ? node.key === undefined
        ? undefined
        : node.key.kind === "any"
          ? ({ key: "any" } as const)
          : ({ key: "value", value: node.key.value } as const)
      : lowerKey(ctx, node.pipeline.text, "the pipeline", pipeline.per, node.key, node.pipeline.span, env);
  return key === undefined ? { op: "stage", pipeline: node.pipeline.text, stages } : { op: "stage", pipeline: node.pipeline.text, stages, key };
}

function lowerHistory(ctx: LowerContext, node: Extract<CondNode, { kind: "history" }>, p: string, env: CondEnv): Cond {
  if (node.agg === "did_not") {
    mark(ctx, ptr(p, "arg"), node.span);
    return { op: "not", arg: lowerHistory(ctx, { ...node, agg: "did" }, ptr(p, "arg"), env) };
  }
  mark(ctx, ptr(p, "event"), node.event.span);
  const inner: CondEnv = env.dimension === undefined ? { event: node.event.text } : { event: node.event.text, dimension: env.dimension };
  const out: Extract<Cond, { op: "history" }> = {
    op: "history",
    event: node.event.text,
    agg: node.agg === "sum" ? "sum" : "count",
    cmp: node.agg === "did" ? ">=" : (node.op?.value ?? ">="),
    value: node.agg === "did" ? 1 : (node.value?.value ?? 1),
  };
  if (node.op !== undefined) mark(ctx, ptr(p, "cmp"), node.op.span);
  if (node.value !== undefined) mark(ctx, ptr(p, "value"), node.value.span);
  if (node.prop !== undefined) {
    mark(ctx, ptr(p, "prop"), node.prop.span);
    out.prop = node.prop.text;
  }
  if (node.where !== undefined) out.where = lowerCond(ctx, node.where, ptr(p, "where"), inner);
  if (node.within !== undefined) {
    mark(ctx, ptr(p, "within"), node.within.span);
    out.within = node.within.seconds;
  }
  return out;
}
