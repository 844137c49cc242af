/**
 * The JSON Schema for authoring `*.funnel.yaml` files in an editor: YAML language servers
 * read it from the `# yaml-language-server: $schema=...` line and give completion, hover
 * help (the `description`s) and red squiggles as you type.
 *
 * It describes the YAML layout of docs/language.md. It is an authoring aid, not the
 * validator: the YAML front end (dsl/yaml) and the checks are the judges, and phrases
 * written as DSL text (conditions, actions, steps) are only checked for their first word.
 */
import { Type, type TSchema } from "@sinclair/typebox";

const DUR = "[0-9]+(s|m|h|d|w)";
const NUM = "[+-]?[0-9]+(\\.[0-9]+)?";
const IDENT = "^[A-Za-z_][A-Za-z0-9_]*$";
const DOTTED = "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$";
const DAY = "(mon|tue|wed|thu|fri|sat|sun)";

const text = (description: string, pattern?: string) =>
  pattern === undefined ? Type.String({ description }) : Type.String({ description, pattern });
const named = <T extends TSchema>(item: T, description: string, pattern = IDENT) =>
  Type.Record(Type.String({ pattern }), item, { description, additionalProperties: false });
const words = (values: readonly string[], description: string) =>
  Type.Unsafe<string>({ type: "string", enum: [...values], description });
const flag = (description: string) => Type.Boolean({ description });
const one = <T extends TSchema>(item: T, description: string) =>
  Type.Union([item, Type.Array(item)], { description });

const Duration = (description: string) => text(`${description} A duration like \`30s\`, \`15m\`, \`12h\`, \`7d\` or \`2w\`.`, `^${DUR}$`);
const Condition = (description: string) => text(`${description} A condition, e.g. \`engagement >= 60 and fit >= 20\`.`);
const Dimension = text(
  "Keep one value per key: an event prop (`product`), the stage of a pipeline (`stage of lifecycle`) or listed tags (`tag in [vip, partner]`).",
  "^\\s*(stage\\s+of\\s+[A-Za-z_]\\w*|tag\\s+in\\s+\\[.*\\]|[A-Za-z_]\\w*)\\s*$",
);
const Label = text("A human-readable name shown in the console and reports.");
const FieldType = words(["string", "number", "boolean", "timestamp", "string[]"], "The value type.");
const LiteralValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()]))]);

const ACTION = "^\\s*(notify|feedback|stage|tag|untag|add\\s+to|remove\\s+from|start|set|webhook|send\\s+email|points|delete\\s+contact)\\b";
const Action = text(
  "An action: `stage lifecycle.mql`, `notify owner \"mql-alert\"`, `feedback LOOP`, `tag hot`, `untag hot`, `add to SEGMENT`, `remove from SEGMENT`, `start CAMPAIGN`, `set FIELD = VALUE`, `webhook CHANNEL`.",
  ACTION,
);
const Actions = (description: string) => one(Action, description);

const Field = Type.Union([
  FieldType,
  Type.Object({ type: FieldType, default: Type.Optional(LiteralValue) }, { additionalProperties: false, description: "A field with a default value." }),
]);

const Score = Type.Object(
  {
    label: Type.Optional(Label),
    kind: Type.Optional(words(["engagement", "fit"], "`engagement` (changed by events, decays; the default) or `fit` (from fields, never decays).")),
    for: Type.Optional(Type.Literal("account", { description: "An account score, computed from the account's contacts." })),
    limit: Type.Optional(text("Clamp after every change: `-20..70`; either side may be left out (`..70`, `0..`).", `^\\s*(${NUM})?\\s*\\.\\.\\s*(${NUM})?\\s*$`)),
    decay: Type.Optional(
      text(
        "How the score fades: `10 every 7d` (fixed step toward 0) or `half-life 14d`, optionally followed by `after 14d inactive`.",
        `^\\s*(${NUM}\\s+every\\s+${DUR}|half-life\\s+${DUR})(\\s+after\\s+${DUR}\\s+inactive)?\\s*$`,
      ),
    ),
    per: Type.Optional(Dimension),
    from: Type.Optional(text("For account scores: `contacts sum of engagement` or `contacts max of fit`.", "^\\s*contacts\\s+(sum|max)\\s+of\\s+[A-Za-z_]\\w*\\s*$")),
  },
  { additionalProperties: false },
);

const Rule = Type.Object(
  {
    on: Type.Optional(text("The event type that earns the points, e.g. `email.clicked`.", DOTTED)),
    if: Type.Optional(Condition("Only events matching this condition count.")),
    when: Type.Optional(Condition("A fit rule: points while the contact's fields match.")),
    score: text("The score that gets the points.", IDENT),
    points: Type.Union([Type.Number(), Type.String({ pattern: `^${NUM}$` })], { description: "Points to add (or subtract), e.g. `3`, `+3` or `-10`." }),
    once: Type.Optional(flag("Apply at most once per contact.")),
    "at most": Type.Optional(text("Apply at most K times in any window, e.g. `1 per 1d`.", `^\\s*[0-9]+\\s+per\\s+${DUR}\\s*$`)),
  },
  { additionalProperties: false, anyOf: [{ required: ["on"] }, { required: ["when"] }] },
);

const Segment = Type.Object(
  {
    label: Type.Optional(Label),
    when: Type.Optional(Condition("Who is in the segment.")),
    static: Type.Optional(flag("Membership changes only by `add to` / `remove from` actions.")),
  },
  { additionalProperties: false },
);

const StageBody = Type.Object(
  {
    label: Type.Optional(Label),
    initial: Type.Optional(flag("Where new contacts start (exactly one stage).")),
    manual: Type.Optional(flag("Only a person (API/CLI) moves contacts here.")),
    category: Type.Optional(words(["in_progress", "succeeded", "not_succeeded"], "Reporting category (default `in_progress`).")),
    when: Type.Optional(one(text("A trigger: `event page.visited [if COND]` or a condition such as `engagement >= 60`."), "What moves a contact into this stage.")),
  },
  { additionalProperties: false },
);
const Stage = Type.Union([
  text("A stage with no settings.", IDENT),
  Type.Record(Type.String({ pattern: IDENT }), Type.Union([StageBody, Type.Null()]), { minProperties: 1, maxProperties: 1, additionalProperties: false }),
]);

const Pipeline = Type.Object(
  {
    label: Type.Optional(Label),
    per: Type.Optional(Dimension),
    for: Type.Optional(Type.Literal("account", { description: "An account pipeline (reads account scores)." })),
    "allow backward": Type.Optional(flag("Automatic moves may go back to earlier stages.")),
    allow: Type.Optional(one(text("A backward move that is allowed, e.g. `mql -> recycled`.", "^\\s*[A-Za-z_]\\w*\\s*->\\s*[A-Za-z_]\\w*\\s*$"), "Backward moves that are allowed.")),
    "manual lock": Type.Optional(Duration("How long a stage set by a person holds (default: until unlocked).")),
    stages: Type.Array(Stage, { description: "The stages, in funnel order: `- name` or `- name: { settings }`." }),
  },
  { additionalProperties: false },
);

const Threshold = Type.Object(
  {
    when: Condition("Fires when this becomes true."),
    cooldown: Type.Optional(Duration("Do not fire again within this time.")),
    per: Type.Optional(Dimension),
    do: Type.Optional(Actions("What happens when it fires.")),
  },
  { additionalProperties: false },
);

const outcome = (description: string) => Type.Optional(Actions(description));
const Feedback = Type.Object(
  {
    ask: text(
      "Who is asked, how and how often: `owner via email after 3d, then every 3d, at most 10 times[, then escalate to sales_manager]`.",
      "^\\s*\\S+\\s+via\\s+",
    ),
    good_lead: outcome("Actions when sales says it is a good lead."),
    bad_timing: outcome("Actions when the lead is good but not ready."),
    bad_fit: outcome("Actions when the lead does not fit."),
    junk: outcome("Actions when the lead is junk."),
  },
  { additionalProperties: false },
);

const StepRef = Type.Unsafe<unknown>({ $ref: "#/definitions/step" });
const StepLine = text(
  "A step: `wait 3d`, `wait until COND at most 7d`, `wait until mon 09:00`, `send email \"TEMPLATE\"`, `points SCORE +5`, `delete contact [after 30d]` or an action.",
  `${ACTION}|^\\s*wait\\b`,
);
const Steps = (description: string) => Type.Union([StepLine, Type.Array(StepRef)], { description });
const Step = Type.Union([
  StepLine,
  Type.Object(
    { if: Condition("Take `then` when this holds, else `else`."), then: Steps("Steps when the condition holds."), else: Type.Optional(Steps("Steps otherwise.")), label: Type.Optional(text("Names the step.", IDENT)) },
    { additionalProperties: false },
  ),
  Type.Object({ label: text("Names the step (`on change migrate` matches steps by label).", IDENT), do: StepLine }, { additionalProperties: false }),
  Type.Object(
    {},
    {
      minProperties: 1,
      maxProperties: 1,
      propertyNames: { pattern: IDENT, not: { enum: ["if", "then", "else", "do", "label"] } },
      additionalProperties: StepLine,
      description: "A labelled step: `intro: send email \"welcome\"`.",
    },
  ),
]);

const Campaign = Type.Object(
  {
    label: Type.Optional(Label),
    enter: Type.Optional(text("How contacts enter: `when in segment SEGMENT` or `on EVENT [if COND]` (none: only a `start` action).", "^\\s*(when|on)\\s+")),
    leave: Type.Optional(Condition("`when COND`: ends the enrollment at once (default: leaving the entry segment).")),
    goal: Type.Optional(Condition("Ends the enrollment as converted.")),
    reenter: Type.Optional(text("`once` (default), `every time`, `after 90d` or `once per PROP`.", `^\\s*(once|every\\s+time|after\\s+${DUR}|once\\s+per\\s+[A-Za-z_]\\w*)\\s*$`)),
    "on change": Type.Optional(words(["keep", "migrate", "restart"], "What a new version does to enrolled contacts (default `keep`).")),
    "send window": Type.Optional(text("Hold sends until the window opens, e.g. `mon-fri 09:00-18:00`.", `^\\s*(${DAY}(\\s*-\\s*${DAY})?(\\s*,\\s*${DAY}(\\s*-\\s*${DAY})?)*\\s+)?[0-9]{1,2}:[0-9]{2}\\s*-\\s*[0-9]{1,2}:[0-9]{2}\\s*$`)),
    steps: Type.Array(StepRef, { description: "The steps, run in order." }),
  },
  { additionalProperties: false },
);

const SettingValue = Type.Union([
  Type.String(),
  Type.Object({ env: text("The environment variable that holds the value (never write secrets in files).", "^[A-Za-z_][A-Za-z0-9_]*$") }, { additionalProperties: false }),
]);
const Channel = Type.Object(
  { type: words(["log", "webhook", "smtp"], "How messages are sent: `log` (dev), `webhook` (signed HTTP POST) or `smtp`.") },
  { additionalProperties: SettingValue, description: "Settings such as `url`, `secret`, `from`; values may be `{ env: NAME }`." },
);

const File = Type.Object(
  {
    version: Type.Optional(Type.Union([Type.String(), Type.Number()], { description: "The workspace version (in exactly one file of the workspace), e.g. `\"2026.11.1\"`." })),
    timezone: Type.Optional(text("For `wait until 09:00` and send windows (default `UTC`), e.g. `Europe/Berlin`.")),
    fields: Type.Optional(named(Field, "Contact fields: `name: type` or `name: { type, default }`.")),
    events: Type.Optional(
      named(Type.Union([Type.Record(Type.String({ pattern: IDENT }), FieldType, { additionalProperties: false }), Type.Null()]), "Custom event types and their props.", DOTTED),
    ),
    scores: Type.Optional(named(Type.Union([Score, Type.Null()]), "Scores: engagement (events, decays) or fit (fields).")),
    rules: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Rule, { description: "Point rules, by name." })),
    segments: Type.Optional(named(Segment, "Dynamic (`when`) or static segments.")),
    suppress: Type.Optional(named(one(text("A score name.", IDENT), "Scores kept at 0"), "Scores kept at 0 while a contact is in the segment: `SEGMENT: [score, ...]`.")),
    pipelines: Type.Optional(named(Pipeline, "Pipelines of ordered stages.")),
    thresholds: Type.Optional(named(Threshold, "Thresholds that fire actions (e.g. MQL).")),
    feedback: Type.Optional(named(Feedback, "MQL feedback loops: ask the owner, act on the answer.")),
    campaigns: Type.Optional(named(Campaign, "Campaigns: entry, exit and steps.")),
    channels: Type.Optional(named(Channel, "Where messages go.")),
  },
  { additionalProperties: false },
);

/** The authoring schema as one plain JSON document (draft-07), with steps defined once. */
export function funnelYamlJsonSchema(): Record<string, unknown> {
  const plain = (s: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://funnelform.dev/schemas/funnel-yaml.schema.json",
    title: "funnelform YAML workspace file (*.funnel.yaml)",
    ...plain(File),
    definitions: { step: plain(Step) },
  };
}
