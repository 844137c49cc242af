import type { Action, Cond, FieldType, Ir, Step } from "../../schemas/ir.js";
import type { Diagnostic, DiagnosticCode, Severity } from "../diagnostics.js";
import { RESERVED_EVENT_PROPS } from "../lower/catalog.js";
import type { SourceMap } from "../lower/context.js";
import { parentPointer, ptr } from "../lower/pointer.js";
import type { Span } from "../span.js";

/** What every check reads, and where it reports. */
export interface CheckContext {
  ir: Ir;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
  /** The file a diagnostic falls back to when no pointer has a span (should not happen). */
  fallbackFile: string;
  /** Source texts by path, when known: lets a check point inside a string literal exactly. */
  sources: Readonly<Record<string, string>>;
}

/** The span of the IR node at `pointer`, or of its nearest ancestor that has one. */
export function spanAt(sourceMap: SourceMap, pointer: string, fallbackFile = ""): Span {
  let p: string | undefined = pointer;
  while (p !== undefined) {
    const s = sourceMap.get(p);
    if (s !== undefined) return s;
    p = parentPointer(p);
  }
  return { file: fallbackFile, start: 0, end: 0 };
}

export function report(
  ctx: CheckContext,
  severity: Severity,
  code: DiagnosticCode,
  message: string,
  pointer: string,
  hint?: string,
): void {
  const d: Diagnostic = { severity, code, message, span: spanAt(ctx.sourceMap, pointer, ctx.fallbackFile), path: pointer };
  if (hint !== undefined) d.hint = hint;
  ctx.diagnostics.push(d);
}

/** The props of an event type, declared, built in or reserved; undefined when unknown. */
export function eventProps(ir: Ir, event: string): Record<string, FieldType> | undefined {
  if (propsCache?.ir !== ir) return readEventProps(ir, event);
  const known = propsCache.props.get(event);
  if (known !== undefined || propsCache.props.has(event)) return known;
  const props = readEventProps(ir, event);
  propsCache.props.set(event, props);
  return props;
}

function readEventProps(ir: Ir, event: string): Record<string, FieldType> | undefined {
  const declared = ir.events[event];
  if (declared !== undefined) return Object.fromEntries(Object.entries(declared.props).map(([k, v]) => [k, v.type]));
  return RESERVED_EVENT_PROPS[event];
}

// The checks ask for the props of an event once per condition (ten thousand times in a large
// workspace); during one `checkWorkspace` the IR does not change, so each event's are built once.
let propsCache: { ir: Ir; props: Map<string, Record<string, FieldType> | undefined> } | undefined;

/** Runs `checks` with `eventProps` remembering its answers for `ir` (the IR must not change meanwhile). */
export function withEventPropsCache<T>(ir: Ir, checks: () => T): T {
  const outer = propsCache;
  propsCache = { ir, props: new Map() };
  try {
    return checks();
  } finally {
    propsCache = outer;
  }
}

/** Every known event type name, for hints. */
export function eventNames(ir: Ir): string[] {
  return [...Object.keys(ir.events), ...Object.keys(RESERVED_EVENT_PROPS)];
}

export interface CondEnv {
  /** The event whose props bare names may mean. */
  event?: string;
}

type CondVisitor = (cond: Cond, pointer: string, env: CondEnv) => void;

/** Visits `cond` and every condition nested in it (history `where` sees its event). */
export function walkCond(cond: Cond, p: string, env: CondEnv, visit: CondVisitor): void {
  visit(cond, p, env);
  switch (cond.op) {
    case "and":
    case "or":
      cond.args.forEach((a, i) => walkCond(a, ptr(p, "args", i), env, visit));
      break;
    case "not":
      walkCond(cond.arg, ptr(p, "arg"), env, visit);
      break;
    case "history":
      if (cond.where !== undefined) walkCond(cond.where, ptr(p, "where"), { event: cond.event }, visit);
      break;
    default:
      break;
  }
}

/** Visits steps depth-first, in order. */
export function walkSteps(steps: readonly Step[], p: string, visit: (step: Step, pointer: string) => void): void {
  steps.forEach((s, i) => {
    const sp = ptr(p, i);
    visit(s, sp);
    if (s.step === "if") {
      walkSteps(s.then, ptr(sp, "then"), visit);
      walkSteps(s.else, ptr(sp, "else"), visit);
    }
  });
}

/** Every top-level condition of the workspace, with the event in its context. */
export function forEachCondition(ir: Ir, visit: CondVisitor): void {
  const top = (cond: Cond | undefined, p: string, env: CondEnv = {}): void => {
    if (cond !== undefined) walkCond(cond, p, env, visit);
  };
  for (const [name, r] of Object.entries(ir.rules)) {
    if (r.kind === "event") top(r.if, ptr("", "rules", name, "if"), { event: r.on });
    else top(r.when, ptr("", "rules", name, "when"));
  }
  for (const [name, s] of Object.entries(ir.segments)) if (s.kind === "dynamic") top(s.when, ptr("", "segments", name, "when"));
  for (const [name, pl] of Object.entries(ir.pipelines)) {
    pl.stages.forEach((st, i) =>
      st.triggers.forEach((t, k) => {
        const tp = ptr("", "pipelines", name, "stages", i, "triggers", k);
        if (t.on === "event") top(t.if, ptr(tp, "if"), { event: t.event });
        else top(t.when, ptr(tp, "when"));
      }),
    );
  }
  for (const [name, t] of Object.entries(ir.thresholds)) top(t.when, ptr("", "thresholds", name, "when"));
  for (const [name, c] of Object.entries(ir.campaigns)) {
    const cp = ptr("", "campaigns", name);
    if (c.enter.on === "event") top(c.enter.if, ptr(cp, "enter", "if"), { event: c.enter.event });
    top(c.leave, ptr(cp, "leave"));
    top(c.goal, ptr(cp, "goal"));
    walkSteps(c.steps, ptr(cp, "steps"), (s, sp) => {
      if (s.step === "wait_until") top(s.until, ptr(sp, "until"));
      if (s.step === "if") top(s.cond, ptr(sp, "cond"));
    });
  }
}

export type ActionOwner = { kind: "threshold" | "feedback" | "campaign"; name: string };

/** Every action of the workspace, with the entity that runs it. */
export function forEachAction(ir: Ir, visit: (action: Action, pointer: string, owner: ActionOwner) => void): void {
  for (const [name, t] of Object.entries(ir.thresholds)) {
    t.actions.forEach((a, i) => visit(a, ptr("", "thresholds", name, "actions", i), { kind: "threshold", name }));
  }
  for (const [name, f] of Object.entries(ir.feedback)) {
    for (const [outcome, actions] of Object.entries(f.outcomes)) {
      actions.forEach((a, i) => visit(a, ptr("", "feedback", name, "outcomes", outcome, i), { kind: "feedback", name }));
    }
  }
  for (const [name, c] of Object.entries(ir.campaigns)) {
    walkSteps(c.steps, ptr("", "campaigns", name, "steps"), (s, sp) => {
      if (s.step === "action") visit(s.action, ptr(sp, "action"), { kind: "campaign", name });
    });
  }
}
