/**
 * fast-check arbitraries for ASTs the front ends can produce: every span is empty, and
 * parentheses are `paren` nodes exactly where the grammar needs them (the printer's own
 * rules decide where, so a tree the parser could never build is never generated).
 * Files are also valid YAML layouts: names are unique per kind, at most one `version` and
 * `timezone`, declarations grouped by kind, feedback outcomes from the closed list.
 */
import fc from "fast-check";
import type {
  ActionNode,
  AskNode,
  CompareOp,
  CondNode,
  Decl,
  DimNode,
  DurNode,
  EnterNode,
  FileAst,
  KeyNode,
  LiteralNode,
  Name,
  RecipientNode,
  RefNode,
  ReentryNode,
  StageNode,
  StepNode,
  StrNode,
  Tok,
  TriggerNode,
  Weekday,
} from "../../../dsl/ast.js";
import { needsParensInList, needsParensUnderNot, whereNeedsParens } from "../../../dsl/print/condition.js";
import { addComments, arbChoices } from "./arb-comments.js";
import { S } from "./build.js";

const WORDS = ["alpha", "beta", "gamma_2", "delta", "lead_x", "crm", "erp", "Vip", "_hidden", "x9"] as const;
const word = fc.constantFrom(...WORDS);
export const arbName: fc.Arbitrary<Name> = word.map((text) => ({ text, span: S }));
const arbEventName: fc.Arbitrary<Name> = fc
  .array(word, { minLength: 1, maxLength: 3 })
  .map((parts) => ({ text: parts.join("."), span: S }));
const tok = <T extends string>(values: readonly T[]): fc.Arbitrary<Tok<T>> => fc.constantFrom(...values).map((value) => ({ value, span: S }));

/** Text with the characters that need care: quotes, backslashes, control characters, YAML indicators. */
const arbText = fc.string({
  unit: fc.constantFrom("a", "b", "Z", " ", '"', "'", "\\", "\n", "\t", "#", ":", "-", "{", "[", ",", "é", "✓", "\u0001", "&", "*", "!", "%"),
  maxLength: 12,
});
const arbStr: fc.Arbitrary<StrNode> = arbText.map((value) => ({ value, span: S }));
const arbNumber = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).filter((n) => !Object.is(n, -0)),
  fc.integer({ min: -100000, max: 100000 }).map((n) => n / 100),
  fc.constantFrom(1e21, 1.5e-7, 0.1),
);
const arbNum = arbNumber.map((value) => ({ value, span: S }));
/** Decay amounts and counts are written without a sign. */
const arbCount = arbNumber.map((value) => ({ value: Math.abs(value), span: S }));
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
export const arbDur: fc.Arbitrary<DurNode> = fc
  .tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom("s", "m", "h", "d", "w"))
  .map(([n, u]) => ({ seconds: n * (UNITS[u] ?? 0), text: `${n}${u}`, span: S }));
const arbClock: fc.Arbitrary<StrNode> = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => ({ value: `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`, span: S }));
const WEEK: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const arbDays = fc.uniqueArray(fc.constantFrom(...WEEK), { minLength: 1, maxLength: 5 }).map((d) => d.map((value) => ({ value, span: S })));

export const arbLiteral: fc.Arbitrary<LiteralNode> = fc.letrec<{ lit: LiteralNode }>((tie) => ({
  lit: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    arbText.map((value): LiteralNode => ({ kind: "string", value, span: S })),
    arbNumber.map((value): LiteralNode => ({ kind: "number", value, span: S })),
    fc.boolean().map((value): LiteralNode => ({ kind: "boolean", value, span: S })),
    fc.array(tie("lit"), { maxLength: 3 }).map((items): LiteralNode => ({ kind: "list", items, span: S })),
  ),
})).lit;

const arbKey: fc.Arbitrary<KeyNode> = fc.oneof(
  fc.constant<KeyNode>({ kind: "any", span: S }),
  fc.constantFrom("crm", "any", "and", "42", "a b", 'q"').map((value): KeyNode => ({ kind: "value", value, span: S })),
);
const arbRef: fc.Arbitrary<RefNode> = fc.tuple(arbName, fc.option(arbKey, { nil: undefined })).map(([name, key]) => (key ? { name, key, span: S } : { name, span: S }));
const OPS: CompareOp[] = ["==", "!=", "<", "<=", ">", ">=", "contains", "startswith", "endswith", "matches", "in", "not in"];
const NUM_OPS = ["==", "!=", "<", "<=", ">", ">="] as const;

/** Adds the `paren` nodes the grammar needs, bottom-up. */
export function fixParens(c: CondNode): CondNode {
  const wrap = (x: CondNode, need: boolean): CondNode => (need && x.kind !== "paren" ? { kind: "paren", inner: x, span: S } : x);
  switch (c.kind) {
    case "and":
    case "or": {
      const args = c.args.map(fixParens);
      return { ...c, args: args.map((a, i) => wrap(a, needsParensInList(c.kind, a, i === args.length - 1))) };
    }
    case "not": {
      const arg = fixParens(c.arg);
      return { ...c, arg: wrap(arg, needsParensUnderNot(arg)) };
    }
    case "paren":
      return { ...c, inner: fixParens(c.inner) };
    case "history": {
      if (c.where === undefined) return c;
      const where = fixParens(c.where);
      return { ...c, where: wrap(where, whereNeedsParens(where, c.within !== undefined)) };
    }
    default:
      return c;
  }
}

const rawCondition: fc.Arbitrary<CondNode> = fc.letrec<{ cond: CondNode }>((tie) => {
  const leaf: fc.Arbitrary<CondNode> = fc.oneof(
    fc.tuple(arbRef, fc.constantFrom(...OPS), arbLiteral).map(([ref, op, value]): CondNode => ({ kind: "compare", ref, op: { value: op, span: S }, value, span: S })),
    fc.tuple(arbRef, fc.boolean()).map(([ref, negated]): CondNode => ({ kind: "is_set", ref, negated, span: S })),
    arbRef.map((ref): CondNode => ({ kind: "bare", ref, span: S })),
    arbName.map((tag): CondNode => ({ kind: "tagged", tag, span: S })),
    arbName.map((segment): CondNode => ({ kind: "in_segment", segment, span: S })),
    fc
      .tuple(arbName, fc.option(arbKey, { nil: undefined }), fc.constantFrom<"is" | "in" | "at_least">("is", "in", "at_least"), fc.array(arbName, { minLength: 1, maxLength: 3 }))
      .map(([pipeline, key, mode, stages]): CondNode => {
        const node: CondNode = { kind: "in_stage", pipeline, mode, stages: mode === "in" ? stages : stages.slice(0, 1), span: S };
        if (key) node.key = key;
        return node;
      }),
    fc.tuple(arbRef, fc.constantFrom<"before" | "after" | "within">("before", "after", "within"), arbDur).map(([ref, dir, dur]): CondNode => ({ kind: "ago", ref, dir, dur, span: S })),
  );
  const history: fc.Arbitrary<CondNode> = fc
    .record({
      agg: fc.constantFrom<"did" | "did_not" | "count" | "sum">("did", "did_not", "count", "sum"),
      event: arbEventName,
      prop: arbName,
      where: fc.option(tie("cond"), { nil: undefined, freq: 2 }),
      within: fc.option(arbDur, { nil: undefined }),
      op: tok(NUM_OPS),
      value: arbNum,
    })
    .map((h): CondNode => {
      const node: Extract<CondNode, { kind: "history" }> = { kind: "history", agg: h.agg, event: h.event, span: S };
      if (h.agg === "sum") node.prop = h.prop;
      if (h.where) node.where = h.where;
      if (h.within) node.within = h.within;
      if (h.agg === "count" || h.agg === "sum") {
        node.op = h.op;
        node.value = h.value;
      }
      return node;
    });
  return {
    cond: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      history,
      fc.tuple(fc.constantFrom<"and" | "or">("and", "or"), fc.array(tie("cond"), { minLength: 2, maxLength: 3 })).map(([kind, args]): CondNode => ({ kind, args, span: S })),
      tie("cond").map((arg): CondNode => ({ kind: "not", arg, span: S })),
      tie("cond").map((inner): CondNode => ({ kind: "paren", inner, span: S })),
    ),
  };
}).cond;

export const arbCondition: fc.Arbitrary<CondNode> = rawCondition.map(fixParens);

const arbRecipient: fc.Arbitrary<RecipientNode> = fc.oneof(
  fc.constant<RecipientNode>({ kind: "owner", span: S }),
  arbName.map((field): RecipientNode => ({ kind: "field", field, span: S })),
  arbStr.map((address): RecipientNode => ({ kind: "address", address, span: S })),
);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
function withOpt<T extends object>(base: T, extra: Record<string, unknown>): T {
  const out = Object.assign({}, base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

export const arbAction: fc.Arbitrary<ActionNode> = fc.oneof(
  fc.tuple(arbRecipient, arbStr, opt(arbName)).map(([to, template, channel]) => withOpt<ActionNode>({ kind: "notify", to, template, span: S }, { channel })),
  arbName.map((loop): ActionNode => ({ kind: "feedback", loop, span: S })),
  fc.tuple(arbName, arbName).map(([pipeline, stage]): ActionNode => ({ kind: "stage", pipeline, stage, span: S })),
  fc.tuple(fc.constantFrom<"tag" | "untag">("tag", "untag"), arbName).map(([kind, tag]): ActionNode => ({ kind, tag, span: S })),
  fc.tuple(fc.constantFrom<"add_to" | "remove_from">("add_to", "remove_from"), arbName).map(([kind, segment]): ActionNode => ({ kind, segment, span: S })),
  arbName.map((campaign): ActionNode => ({ kind: "start", campaign, span: S })),
  fc.tuple(arbName, arbLiteral).map(([field, value]): ActionNode => ({ kind: "set", field, value, span: S })),
  arbName.map((channel): ActionNode => ({ kind: "webhook", channel, span: S })),
  fc.tuple(arbStr, opt(arbName)).map(([template, channel]) => withOpt<ActionNode>({ kind: "send_email", template, span: S }, { channel })),
  fc.tuple(arbName, arbNum).map(([score, points]): ActionNode => ({ kind: "points", score, points, span: S })),
  opt(arbDur).map((after) => withOpt<ActionNode>({ kind: "delete_contact", span: S }, { after })),
);

const arbComments = fc.array(fc.constantFrom("note", "two words", "", "#", "a: b", " indented"), { maxLength: 2 });

export const arbStep: fc.Arbitrary<StepNode> = fc.letrec<{ step: StepNode }>((tie) => ({
  step: fc
    .tuple(
      fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        arbAction.map((action) => ({ kind: "action" as const, action })),
        arbDur.map((dur) => ({ kind: "wait" as const, dur })),
        fc.tuple(arbCondition, arbDur).map(([until, atMost]) => ({ kind: "wait_until" as const, until, atMost })),
        fc.tuple(opt(arbDays), arbClock).map(([days, time]) => withOpt({ kind: "wait_time" as const, time }, { days })),
        fc
          .tuple(arbCondition, fc.array(tie("step"), { maxLength: 2 }), opt(fc.array(tie("step"), { maxLength: 2 })))
          .map(([cond, then, otherwise]) => withOpt({ kind: "if" as const, cond, then }, { else: otherwise })),
      ),
      opt(arbName),
      arbComments,
    )
    .map(([body, label, comments]) => withOpt<StepNode>({ ...body, comments, span: S }, { label })),
})).step;

const arbDim: fc.Arbitrary<DimNode> = fc.oneof(
  arbName.map((prop): DimNode => ({ kind: "prop", prop, span: S })),
  arbName.map((pipeline): DimNode => ({ kind: "stage", pipeline, span: S })),
  fc.array(arbName, { minLength: 1, maxLength: 3 }).map((tags): DimNode => ({ kind: "tag", tags, span: S })),
);
const arbTrigger: fc.Arbitrary<TriggerNode> = fc.oneof(
  fc.tuple(arbEventName, opt(arbCondition)).map(([event, cond]) => withOpt<TriggerNode>({ kind: "event", event, span: S }, { if: cond })),
  arbCondition.map((when): TriggerNode => ({ kind: "condition", when, span: S })),
);
const arbAsk: fc.Arbitrary<AskNode> = fc
  .tuple(arbRecipient, arbName, arbDur, arbDur, fc.integer({ min: 1, max: 20 }), opt(arbRecipient))
  .map(([to, channel, after, every, times, escalate]) => withOpt<AskNode>({ to, channel, after, every, times: { value: times, span: S }, span: S }, { escalate }));
const arbEnter: fc.Arbitrary<EnterNode> = fc.oneof(
  arbName.map((segment): EnterNode => ({ kind: "segment", segment, span: S })),
  fc.tuple(arbEventName, opt(arbCondition)).map(([event, cond]) => withOpt<EnterNode>({ kind: "event", event, span: S }, { if: cond })),
);
const arbReentry: fc.Arbitrary<ReentryNode> = fc.oneof(
  fc.constantFrom<ReentryNode>({ kind: "once", span: S }, { kind: "every_time", span: S }),
  arbDur.map((dur): ReentryNode => ({ kind: "after", dur, span: S })),
  arbName.map((prop): ReentryNode => ({ kind: "once_per", prop, span: S })),
);
const arbStage: fc.Arbitrary<StageNode> = fc
  .record({
    name: arbName,
    label: opt(arbStr),
    initial: opt(fc.constant(S)),
    manual: opt(fc.constant(S)),
    category: opt(tok(["in_progress", "succeeded", "not_succeeded"] as const)),
    triggers: fc.array(arbTrigger, { maxLength: 2 }),
    comments: arbComments,
  })
  .map((r) => withOpt<StageNode>({ name: r.name, triggers: r.triggers, comments: r.comments, span: S }, { label: r.label, initial: r.initial, manual: r.manual, category: r.category }));

type Body<K extends Decl["kind"]> = fc.Arbitrary<Omit<Extract<Decl, { kind: K }>, "name" | "comments" | "span">>;
const TYPES = ["string", "number", "boolean", "timestamp", "string[]"] as const;

const bodies: { [K in Exclude<Decl["kind"], "version" | "timezone" | "suppress" | "rule">]: Body<K> } = {
  field: fc.tuple(tok(TYPES), opt(arbLiteral)).map(([type, def]) => withOpt({ kind: "field" as const, type }, { default: def })),
  event: fc.uniqueArray(fc.tuple(arbName, tok(TYPES)), { maxLength: 3, selector: ([n]) => n.text }).map((ps) => ({ kind: "event" as const, props: ps.map(([name, type]) => ({ name, type })) })),
  score: fc
    .record({
      label: opt(arbStr),
      scoreKind: opt(tok(["engagement", "fit"] as const)),
      account: opt(fc.constant(S)),
      limit: opt(fc.tuple(opt(arbNum), opt(arbNum)).map(([min, max]) => withOpt({ span: S }, { min, max }))),
      decay: opt(
        fc.oneof(
          fc.tuple(arbCount, arbDur, opt(arbDur)).map(([amount, every, after]) => withOpt({ model: "step" as const, amount, every, span: S }, { after })),
          fc.tuple(arbDur, opt(arbDur)).map(([halfLife, after]) => withOpt({ model: "half-life" as const, halfLife, span: S }, { after })),
        ),
      ),
      per: opt(arbDim),
      from: opt(fc.tuple(tok(["sum", "max"] as const), arbName).map(([agg, score]) => ({ agg, score, span: S }))),
    })
    .map((r) => withOpt({ kind: "score" as const }, r)),
  // The grammar has `static` or `{ CONDITION }`, never both or neither.
  segment: fc
    .tuple(opt(arbStr), fc.oneof(fc.constant(undefined), arbCondition))
    .map(([label, when]) => withOpt({ kind: "segment" as const }, when ? { label, when } : { label, static: S })),
  pipeline: fc
    .record({
      label: opt(arbStr),
      per: opt(arbDim),
      account: opt(fc.constant(S)),
      backward: opt(fc.constant(S)),
      allows: fc.array(fc.tuple(arbName, arbName).map(([from, to]) => ({ from, to, span: S })), { maxLength: 2 }),
      manualLock: opt(arbDur),
      stages: fc.array(arbStage, { maxLength: 4 }),
    })
    .map((r) => withOpt({ kind: "pipeline" as const, allows: r.allows, stages: r.stages }, { label: r.label, per: r.per, account: r.account, backward: r.backward, manualLock: r.manualLock })),
  threshold: fc
    .tuple(opt(arbDim), arbCondition, opt(arbDur), fc.array(arbAction, { maxLength: 3 }))
    .map(([per, when, cooldown, actions]) => withOpt({ kind: "threshold" as const, when, actions }, { per, cooldown })),
  feedback: fc
    .tuple(arbAsk, fc.subarray(["good_lead", "bad_timing", "bad_fit", "junk"]), fc.array(arbAction, { minLength: 1, maxLength: 2 }))
    .map(([ask, outcomes, actions]) => ({
      kind: "feedback" as const,
      ask,
      outcomes: outcomes.map((o, i) => ({ outcome: { text: o, span: S }, actions: actions.slice(0, 1 + (i % actions.length)), span: S })),
    })),
  campaign: fc
    .record({
      label: opt(arbStr),
      enter: opt(arbEnter),
      leave: opt(arbCondition),
      goal: opt(arbCondition),
      reentry: opt(arbReentry),
      onChange: opt(tok(["keep", "migrate", "restart"] as const)),
      sendWindow: opt(fc.tuple(arbDays, arbClock, arbClock).map(([days, from, to]) => ({ days, from, to, span: S }))),
      steps: fc.array(arbStep, { maxLength: 4 }),
    })
    .map((r) => withOpt({ kind: "campaign" as const, steps: r.steps }, { ...r, steps: undefined })),
  channel: fc
    .tuple(
      tok(["log", "webhook", "smtp"] as const),
      fc.uniqueArray(
        fc.tuple(arbName, fc.oneof(arbStr.map((value) => ({ kind: "string" as const, value })), arbStr.map((name) => ({ kind: "env" as const, name, span: S })))),
        { maxLength: 3, selector: ([k]) => k.text },
      ),
    )
    .map(([type, settings]) => ({ kind: "channel" as const, type, settings: settings.map(([key, value]) => ({ key, value, span: S })) })),
};

const arbRule: fc.Arbitrary<Omit<Extract<Decl, { kind: "rule" }>, "name" | "comments" | "span">> = fc
  .record({
    trigger: fc.oneof(
      fc.tuple(arbEventName, opt(arbCondition)).map(([event, cond]) => withOpt({ kind: "event" as const, event, span: S }, { if: cond })),
      arbCondition.map((when) => ({ kind: "fit" as const, when, span: S })),
    ),
    score: arbName,
    points: arbNum,
    limit: fc.oneof(fc.constant(undefined), fc.constant("once"), fc.tuple(arbCount, arbDur)),
  })
  .map((r) => {
    const base = { kind: "rule" as const, trigger: r.trigger, score: r.score, points: r.points };
    if (r.limit === "once") return { ...base, once: S };
    if (Array.isArray(r.limit)) return { ...base, atMost: { count: r.limit[0], per: r.limit[1], span: S } };
    return base;
  });

/** One declaration group of a kind: unique names, each with comments. */
function group(kind: Decl["kind"]): fc.Arbitrary<Decl[]> {
  const withComments = <T extends object>(a: fc.Arbitrary<T>) => fc.tuple(a, arbComments).map(([d, comments]) => ({ ...d, comments, span: S }) as unknown as Decl);
  switch (kind) {
    case "version":
    case "timezone":
      return withComments(arbStr.map((value) => ({ kind, value }))).map((d) => [d]);
    case "suppress":
      return fc
        .uniqueArray(fc.tuple(arbName, fc.array(arbName, { minLength: 1, maxLength: 3 }), arbComments), { minLength: 1, maxLength: 2, selector: ([s]) => s.text })
        .map((xs) => xs.map(([segment, scores, comments]): Decl => ({ kind: "suppress", segment, scores, comments, span: S })));
    case "rule":
      return fc
        .uniqueArray(fc.tuple(arbText.filter((t) => t.length > 0), arbRule, arbComments), { minLength: 1, maxLength: 3, selector: ([n]) => n })
        .map((xs) => xs.map(([name, body, comments]) => ({ ...body, name: { text: name, span: S }, comments, span: S })));
    default: {
      const names = kind === "event" ? arbEventName : arbName;
      const body = bodies[kind] as fc.Arbitrary<object>;
      return fc
        .uniqueArray(fc.tuple(names, body, arbComments), { minLength: 1, maxLength: 2, selector: ([n]) => n.text })
        .map((xs) => xs.map(([name, b, comments]) => ({ ...b, name, comments, span: S }) as unknown as Decl));
    }
  }
}

const KINDS: Decl["kind"][] = ["version", "timezone", "field", "event", "score", "rule", "segment", "suppress", "pipeline", "threshold", "feedback", "campaign", "channel"];

/**
 * A whole file whose declarations are grouped by kind (what a YAML file can hold), with
 * comments in every place the printers keep one (arb-comments.ts).
 */
export const arbFile: fc.Arbitrary<FileAst> = fc
  .tuple(fc.shuffledSubarray(KINDS, { minLength: 1, maxLength: 5 }), arbComments, arbChoices)
  .chain(([kinds, trailing, choices]) =>
    fc.tuple(...kinds.map(group)).map((groups): FileAst => addComments({ file: "t", syntax: "dsl", decls: groups.flat(), trailingComments: trailing }, choices)),
  );

/** The AST with spans, the file name and the syntax tag dropped; span-valued flags become `true`. */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if ("file" in o && "start" in o && "end" in o && typeof o["start"] === "number") return true;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === "span" || k === "syntax" || (k === "file" && typeof v === "string")) continue;
    if (v !== undefined) out[k] = stripSpans(v);
  }
  return out;
}
