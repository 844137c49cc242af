/**
 * The compiled IR of a funnelform workspace: the single source of truth.
 *
 * The JSON Schema (`schemas/ir.schema.json`, written by `npm run schemas`) and the
 * TypeScript types below are both derived from these TypeBox definitions, so the two
 * cannot drift. The IR is plain JSON (no classes, Maps or Dates): it is hashed, stored
 * in PostgreSQL and crosses the Temporal workflow boundary.
 *
 * Canonical form (what makes the hash independent of formatting and file split):
 * named entities live in objects keyed by name (canonical JSON sorts keys); arrays are
 * used only where order means something (stages, campaign steps, actions, condition
 * arguments). Durations are whole seconds.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Seconds = Type.Integer({ minimum: 1, description: "a duration in whole seconds" });
const NamedMap = <T extends TSchema>(item: T) =>
  Type.Record(Type.String({ minLength: 1, maxLength: 200 }), item);

export const FieldType = Type.Union([
  Type.Literal("string"),
  Type.Literal("number"),
  Type.Literal("boolean"),
  Type.Literal("timestamp"),
  Type.Literal("string[]"),
]);
export type FieldType = Static<typeof FieldType>;

/** A literal value in a condition or an action. Timestamps are ISO-8601 strings. */
export const Literal = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]);
export type Literal = Static<typeof Literal>;

export const Field = Type.Object(
  {
    type: FieldType,
    default: Type.Optional(Literal),
    /** Built-in fields (email, owner, timezone, account) every workspace has. */
    builtin: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);
export type Field = Static<typeof Field>;

export const PropType = Type.Union([
  Type.Literal("string"),
  Type.Literal("number"),
  Type.Literal("boolean"),
  Type.Literal("timestamp"),
  Type.Literal("string[]"),
]);

export const EventType = Type.Object(
  {
    props: NamedMap(Type.Object({ type: PropType }, { additionalProperties: false })),
    /** From the standard catalog rather than declared by the workspace. */
    builtin: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);
export type EventType = Static<typeof EventType>;

/**
 * Which value of a per-dimension score (or pipeline stage) a reference means:
 * one literal key, the largest over all keys (`any`), or the key of the context
 * (the event's prop, the pipeline's or threshold's own key).
 */
export const Key = Type.Union([
  Type.Object({ key: Type.Literal("any") }, { additionalProperties: false }),
  Type.Object({ key: Type.Literal("value"), value: Type.String() }, { additionalProperties: false }),
  Type.Object({ key: Type.Literal("context") }, { additionalProperties: false }),
]);
export type Key = Static<typeof Key>;

export const Ref = Type.Union([
  Type.Object({ ref: Type.Literal("field"), name: Name }, { additionalProperties: false }),
  Type.Object({ ref: Type.Literal("prop"), name: Name }, { additionalProperties: false }),
  Type.Object({ ref: Type.Literal("score"), score: Name, key: Type.Optional(Key) }, { additionalProperties: false }),
  Type.Object(
    {
      ref: Type.Literal("attr"),
      name: Type.Union([Type.Literal("created_at"), Type.Literal("last_active_at"), Type.Literal("id")]),
    },
    { additionalProperties: false },
  ),
]);
export type Ref = Static<typeof Ref>;

export const CmpOp = Type.Union([
  Type.Literal("=="),
  Type.Literal("!="),
  Type.Literal("<"),
  Type.Literal("<="),
  Type.Literal(">"),
  Type.Literal(">="),
]);
export type CmpOp = Static<typeof CmpOp>;

export const TextFn = Type.Union([
  Type.Literal("contains"),
  Type.Literal("startswith"),
  Type.Literal("endswith"),
  Type.Literal("matches"),
]);
export type TextFn = Static<typeof TextFn>;

/**
 * A condition. Every form has a natural JS predicate and a natural SQL predicate:
 * no form needs code that the other target cannot express.
 * - `cmp`: a missing (unset) value never compares true, except with `!=`.
 * - `text`: case-insensitive; on a `string[]` ref `contains` tests membership; `matches`
 *   takes the safe regex subset (see dsl/regex/safe-regex.ts).
 * - `true`: a boolean ref standing alone (`marketing_suspended`).
 * - `history`: `agg` over events of `event` matching `where` in the last `within` seconds
 *   (all history when absent), compared with `value`; `did X` is count >= 1.
 * - `ago`: `ref` is before/after `now - seconds` (`last_active before 90d ago`).
 */
export const Cond = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object({ op: Type.Literal("and"), args: Type.Array(Self, { minItems: 2 }) }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("or"), args: Type.Array(Self, { minItems: 2 }) }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("not"), arg: Self }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("cmp"), ref: Ref, cmp: CmpOp, value: Literal }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("text"), ref: Ref, fn: TextFn, value: Type.String() }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("in"), ref: Ref, values: Type.Array(Literal) }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("set"), ref: Ref }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("true"), ref: Ref }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("tagged"), tag: Name }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal("segment"), segment: Name }, { additionalProperties: false }),
      Type.Object(
        { op: Type.Literal("stage"), pipeline: Name, stages: Type.Array(Name, { minItems: 1 }), key: Type.Optional(Key) },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          op: Type.Literal("history"),
          event: Name,
          where: Type.Optional(Self),
          within: Type.Optional(Seconds),
          agg: Type.Union([Type.Literal("count"), Type.Literal("sum")]),
          prop: Type.Optional(Name),
          cmp: CmpOp,
          value: Type.Number(),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          op: Type.Literal("ago"),
          ref: Ref,
          dir: Type.Union([Type.Literal("before"), Type.Literal("after")]),
          seconds: Seconds,
        },
        { additionalProperties: false },
      ),
    ]),
  { $id: "Cond" },
);
export type Cond = Static<typeof Cond>;

/** Which key a per-dimension score or pipeline is kept under. */
export const Dimension = Type.Union([
  Type.Object({ by: Type.Literal("prop"), prop: Name }, { additionalProperties: false }),
  Type.Object({ by: Type.Literal("stage"), pipeline: Name }, { additionalProperties: false }),
  Type.Object({ by: Type.Literal("tag"), tags: Type.Array(Name, { minItems: 1 }) }, { additionalProperties: false }),
]);
export type Dimension = Static<typeof Dimension>;

export const Decay = Type.Union([
  Type.Object(
    { model: Type.Literal("step"), amount: Type.Number({ exclusiveMinimum: 0 }), every: Seconds, after: Type.Optional(Seconds) },
    { additionalProperties: false },
  ),
  Type.Object(
    { model: Type.Literal("half-life"), halfLife: Seconds, after: Type.Optional(Seconds) },
    { additionalProperties: false },
  ),
]);
export type Decay = Static<typeof Decay>;

export const Score = Type.Object(
  {
    kind: Type.Union([Type.Literal("engagement"), Type.Literal("fit")]),
    scope: Type.Union([Type.Literal("contact"), Type.Literal("account")]),
    label: Type.Optional(Type.String()),
    limit: Type.Optional(
      Type.Object({ min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) }, { additionalProperties: false }),
    ),
    decay: Type.Optional(Decay),
    per: Type.Optional(Dimension),
    /** Account scores only: the account's value follows its contacts'. */
    from: Type.Optional(
      Type.Object(
        { agg: Type.Union([Type.Literal("sum"), Type.Literal("max")]), score: Name },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Score = Static<typeof Score>;

export const Rule = Type.Union([
  Type.Object(
    {
      kind: Type.Literal("event"),
      on: Name,
      if: Type.Optional(Cond),
      score: Name,
      points: Type.Number(),
      once: Type.Optional(Type.Literal(true)),
      atMost: Type.Optional(Type.Object({ count: Type.Integer({ minimum: 1 }), per: Seconds }, { additionalProperties: false })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal("fit"), when: Cond, score: Name, points: Type.Number() },
    { additionalProperties: false },
  ),
]);
export type Rule = Static<typeof Rule>;

export const Segment = Type.Union([
  Type.Object(
    { kind: Type.Literal("dynamic"), label: Type.Optional(Type.String()), when: Cond },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal("static"), label: Type.Optional(Type.String()) }, { additionalProperties: false }),
]);
export type Segment = Static<typeof Segment>;

export const Recipient = Type.Union([
  Type.Object({ to: Type.Literal("owner") }, { additionalProperties: false }),
  Type.Object({ to: Type.Literal("field"), field: Name }, { additionalProperties: false }),
  Type.Object({ to: Type.Literal("address"), address: Type.String({ minLength: 3 }) }, { additionalProperties: false }),
]);
export type Recipient = Static<typeof Recipient>;

export const Action = Type.Union([
  Type.Object(
    { do: Type.Literal("notify"), to: Recipient, template: Type.String(), channel: Type.Optional(Name) },
    { additionalProperties: false },
  ),
  Type.Object({ do: Type.Literal("feedback"), loop: Name }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("stage"), pipeline: Name, stage: Name }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("tag"), tag: Name }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("untag"), tag: Name }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("add_to_segment"), segment: Name }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("remove_from_segment"), segment: Name }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("start"), campaign: Name }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("set"), field: Name, value: Literal }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("webhook"), channel: Name }, { additionalProperties: false }),
  Type.Object(
    { do: Type.Literal("send_email"), template: Type.String(), channel: Type.Optional(Name) },
    { additionalProperties: false },
  ),
  Type.Object({ do: Type.Literal("points"), score: Name, points: Type.Number() }, { additionalProperties: false }),
  Type.Object({ do: Type.Literal("delete_contact"), after: Type.Optional(Seconds) }, { additionalProperties: false }),
]);
export type Action = Static<typeof Action>;

export const Trigger = Type.Union([
  Type.Object({ on: Type.Literal("event"), event: Name, if: Type.Optional(Cond) }, { additionalProperties: false }),
  Type.Object({ on: Type.Literal("condition"), when: Cond }, { additionalProperties: false }),
]);
export type Trigger = Static<typeof Trigger>;

export const Stage = Type.Object(
  {
    name: Name,
    label: Type.Optional(Type.String()),
    category: Type.Union([Type.Literal("in_progress"), Type.Literal("succeeded"), Type.Literal("not_succeeded")]),
    /** Only a person (API/CLI) or an action may move a contact here. */
    manual: Type.Optional(Type.Literal(true)),
    triggers: Type.Array(Trigger),
  },
  { additionalProperties: false },
);
export type Stage = Static<typeof Stage>;

export const Pipeline = Type.Object(
  {
    scope: Type.Union([Type.Literal("contact"), Type.Literal("account")]),
    label: Type.Optional(Type.String()),
    per: Type.Optional(Dimension),
    initial: Name,
    /** `any`: every backward move is allowed; `listed`: only the moves in `allow`. */
    backward: Type.Union([Type.Literal("any"), Type.Literal("listed")]),
    allow: Type.Array(Type.Object({ from: Name, to: Name }, { additionalProperties: false })),
    /** How long a manual stage holds before automatic triggers apply again; absent: until unlocked. */
    manualLock: Type.Optional(Seconds),
    stages: Type.Array(Stage, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type Pipeline = Static<typeof Pipeline>;

export const Threshold = Type.Object(
  {
    when: Cond,
    per: Type.Optional(Dimension),
    cooldown: Type.Optional(Seconds),
    actions: Type.Array(Action),
  },
  { additionalProperties: false },
);
export type Threshold = Static<typeof Threshold>;

export const FeedbackLoop = Type.Object(
  {
    ask: Type.Object(
      {
        to: Recipient,
        channel: Name,
        after: Seconds,
        every: Seconds,
        times: Type.Integer({ minimum: 1 }),
        escalate: Type.Optional(Recipient),
      },
      { additionalProperties: false },
    ),
    /** Outcome name → actions, in the order written. */
    outcomes: NamedMap(Type.Array(Action)),
  },
  { additionalProperties: false },
);
export type FeedbackLoop = Static<typeof FeedbackLoop>;

export const Weekday = Type.Union([
  Type.Literal("mon"),
  Type.Literal("tue"),
  Type.Literal("wed"),
  Type.Literal("thu"),
  Type.Literal("fri"),
  Type.Literal("sat"),
  Type.Literal("sun"),
]);
export type Weekday = Static<typeof Weekday>;
const ClockTime = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" });

export const Step = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object({ id: Name, step: Type.Literal("action"), action: Action }, { additionalProperties: false }),
      Type.Object({ id: Name, step: Type.Literal("wait"), seconds: Seconds }, { additionalProperties: false }),
      Type.Object(
        { id: Name, step: Type.Literal("wait_until"), until: Cond, atMost: Seconds },
        { additionalProperties: false },
      ),
      Type.Object(
        { id: Name, step: Type.Literal("wait_time"), days: Type.Optional(Type.Array(Weekday, { minItems: 1 })), time: ClockTime },
        { additionalProperties: false },
      ),
      Type.Object(
        { id: Name, step: Type.Literal("if"), cond: Cond, then: Type.Array(Self), else: Type.Array(Self) },
        { additionalProperties: false },
      ),
    ]),
  { $id: "Step" },
);
export type Step = Static<typeof Step>;

export const Campaign = Type.Object(
  {
    label: Type.Optional(Type.String()),
    enter: Type.Union([
      Type.Object({ on: Type.Literal("segment"), segment: Name }, { additionalProperties: false }),
      Type.Object({ on: Type.Literal("event"), event: Name, if: Type.Optional(Cond) }, { additionalProperties: false }),
      Type.Object({ on: Type.Literal("start") }, { additionalProperties: false }),
    ]),
    /** Absent: leaving the entry segment ends the enrollment (segment entry only). */
    leave: Type.Optional(Cond),
    goal: Type.Optional(Cond),
    reentry: Type.Union([
      Type.Object({ kind: Type.Literal("once") }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal("every_time") }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal("after"), seconds: Seconds }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal("once_per"), prop: Name }, { additionalProperties: false }),
    ]),
    onChange: Type.Union([Type.Literal("keep"), Type.Literal("migrate"), Type.Literal("restart")]),
    sendWindow: Type.Optional(
      Type.Object(
        { days: Type.Array(Weekday, { minItems: 1 }), from: ClockTime, to: ClockTime },
        { additionalProperties: false },
      ),
    ),
    steps: Type.Array(Step),
  },
  { additionalProperties: false },
);
export type Campaign = Static<typeof Campaign>;

/** An environment variable's name: endpoints and secrets never live in the files. */
export const EnvRef = Type.Object({ env: Type.String({ pattern: "^[A-Z_][A-Z0-9_]*$" }) }, { additionalProperties: false });
export type EnvRef = Static<typeof EnvRef>;

export const Channel = Type.Union([
  Type.Object({ type: Type.Literal("log") }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal("webhook"), url: EnvRef, secret: Type.Optional(EnvRef) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal("smtp"), url: EnvRef, from: Type.Optional(Type.String()) },
    { additionalProperties: false },
  ),
]);
export type Channel = Static<typeof Channel>;

export const Ir = Type.Object(
  {
    format: Type.Literal("funnelform-ir/1"),
    version: Type.String(),
    timezone: Type.String(),
    fields: NamedMap(Field),
    events: NamedMap(EventType),
    scores: NamedMap(Score),
    rules: NamedMap(Rule),
    segments: NamedMap(Segment),
    /** Segment name → the scores suppressed while a contact is in it (sorted). */
    suppressions: NamedMap(Type.Array(Name, { minItems: 1 })),
    pipelines: NamedMap(Pipeline),
    thresholds: NamedMap(Threshold),
    feedback: NamedMap(FeedbackLoop),
    campaigns: NamedMap(Campaign),
    channels: NamedMap(Channel),
  },
  { additionalProperties: false, $id: "https://funnelform.dev/schemas/ir.schema.json", title: "funnelform IR" },
);

/** The compiled workspace. */
export type Ir = Static<typeof Ir>;

/** `compile` output: the IR plus its SHA-256 over canonical JSON (without `hash`). */
export interface CompiledIr extends Ir {
  hash: string;
}
