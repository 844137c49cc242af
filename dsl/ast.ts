/**
 * The AST both front ends produce (DSL via chevrotain, YAML via the `yaml` CST).
 *
 * It mirrors what the author wrote — names are unresolved, defaults are not filled in,
 * order is as written — and every node carries its span, so the checks and the lowering
 * can point at exact text without searching for it. Printers (fmt, convert) work from
 * the AST, which is why leading comments are kept on declarations, stages and steps.
 */
import type { Weekday } from "../schemas/ir.js";
import type { Span } from "./span.js";

export type { Span } from "./span.js";

export interface Name {
  text: string;
  span: Span;
}
export interface NumNode {
  value: number;
  span: Span;
}
export interface StrNode {
  value: string;
  span: Span;
}
export interface DurNode {
  /** Whole seconds. */
  seconds: number;
  /** As written, e.g. `7d`: printers keep the author's unit. */
  text: string;
  span: Span;
}
export interface Tok<T extends string> {
  value: T;
  span: Span;
}

export type LiteralNode =
  | { kind: "string"; value: string; span: Span }
  | { kind: "number"; value: number; span: Span }
  | { kind: "boolean"; value: boolean; span: Span }
  | { kind: "list"; items: LiteralNode[]; span: Span };

/** `any` or a literal key inside `score[...]`. */
export type KeyNode = { kind: "any"; span: Span } | { kind: "value"; value: string; span: Span };

/**
 * A bare name in a condition: an event prop, a score, a field or a contact attribute
 * (`created_at`, `last_active`, `id`). The lowering resolves it, in that order.
 */
export interface RefNode {
  name: Name;
  key?: KeyNode;
  span: Span;
}

export type CompareOp =
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "contains"
  | "startswith"
  | "endswith"
  | "matches"
  | "in"
  | "not in";

export type CondNode =
  | { kind: "and" | "or"; args: CondNode[]; span: Span }
  | { kind: "not"; arg: CondNode; span: Span }
  | { kind: "paren"; inner: CondNode; span: Span }
  | { kind: "compare"; ref: RefNode; op: Tok<CompareOp>; value: LiteralNode; span: Span }
  /** `x is set` / `x is not set` */
  | { kind: "is_set"; ref: RefNode; negated: boolean; span: Span }
  /** A ref standing alone: a boolean field such as `marketing_suspended`. */
  | { kind: "bare"; ref: RefNode; span: Span }
  | { kind: "tagged"; tag: Name; span: Span }
  | { kind: "in_segment"; segment: Name; span: Span }
  /** `stage lifecycle is mql`, `stage lifecycle in [a, b]`, `stage lifecycle at least mql`. */
  | {
      kind: "in_stage";
      pipeline: Name;
      key?: KeyNode;
      mode: "is" | "in" | "at_least";
      stages: Name[];
      span: Span;
    }
  /**
   * `did E [if C] [within D]`, `did not E ...`, `count(E [if C] [within D]) OP N`,
   * `sum(PROP of E [if C] [within D]) OP N`.
   */
  | {
      kind: "history";
      agg: "did" | "did_not" | "count" | "sum";
      event: Name;
      prop?: Name;
      where?: CondNode;
      within?: DurNode;
      op?: Tok<"==" | "!=" | "<" | "<=" | ">" | ">=">;
      value?: NumNode;
      span: Span;
    }
  /** `last_active before 90d ago`, `created_at after 30d ago`, `last_active within 7d`. */
  | { kind: "ago"; ref: RefNode; dir: "before" | "after" | "within"; dur: DurNode; span: Span };

export type DimNode =
  | { kind: "prop"; prop: Name; span: Span }
  | { kind: "stage"; pipeline: Name; span: Span }
  | { kind: "tag"; tags: Name[]; span: Span };

export type RecipientNode =
  | { kind: "owner"; span: Span }
  | { kind: "field"; field: Name; span: Span }
  | { kind: "address"; address: StrNode; span: Span };

export type ActionNode =
  | { kind: "notify"; to: RecipientNode; template: StrNode; channel?: Name; span: Span }
  | { kind: "feedback"; loop: Name; span: Span }
  | { kind: "stage"; pipeline: Name; stage: Name; span: Span }
  | { kind: "tag" | "untag"; tag: Name; span: Span }
  | { kind: "add_to" | "remove_from"; segment: Name; span: Span }
  | { kind: "start"; campaign: Name; span: Span }
  | { kind: "set"; field: Name; value: LiteralNode; span: Span }
  | { kind: "webhook"; channel: Name; span: Span }
  | { kind: "send_email"; template: StrNode; channel?: Name; span: Span }
  | { kind: "points"; score: Name; points: NumNode; span: Span }
  | { kind: "delete_contact"; after?: DurNode; span: Span };

export type TriggerNode =
  | { kind: "event"; event: Name; if?: CondNode; span: Span }
  | { kind: "condition"; when: CondNode; span: Span };

export interface StageNode {
  name: Name;
  label?: StrNode;
  initial?: Span;
  manual?: Span;
  category?: Tok<"in_progress" | "succeeded" | "not_succeeded">;
  triggers: TriggerNode[];
  comments: string[];
  /** See `DeclBase.blankLineBefore` and `DeclBase.commentGaps`. */
  blankLineBefore?: true;
  commentGaps?: number[];
  /** Comments above one of its `when` lines, by slot `when.N` (see `DeclBase.bodyComments`). */
  bodyComments?: Record<string, string[]>;
  /** See `DeclBase.lineComment` and `DeclBase.bodyLineComments`. */
  lineComment?: true;
  bodyLineComments?: Record<string, true>;
  span: Span;
}

export type StepBody =
  | { kind: "action"; action: ActionNode }
  | { kind: "wait"; dur: DurNode }
  | { kind: "wait_until"; until: CondNode; atMost: DurNode }
  | { kind: "wait_time"; days?: Tok<Weekday>[]; time: StrNode }
  | { kind: "if"; cond: CondNode; then: StepNode[]; else?: StepNode[] };

export type StepNode = StepBody & {
  /** `intro: send email "welcome"` — the name `on change migrate` matches steps by. */
  label?: Name;
  comments: string[];
  /** See `DeclBase.blankLineBefore` and `DeclBase.commentGaps`. */
  blankLineBefore?: true;
  commentGaps?: number[];
  /** See `DeclBase.lineComment`. */
  lineComment?: true;
  span: Span;
};

export type { Weekday };

export interface AskNode {
  to: RecipientNode;
  channel: Name;
  after: DurNode;
  every: DurNode;
  times: NumNode;
  escalate?: RecipientNode;
  span: Span;
}

export type EnterNode =
  | { kind: "segment"; segment: Name; span: Span }
  | { kind: "event"; event: Name; if?: CondNode; span: Span };

export type ReentryNode =
  | { kind: "once" | "every_time"; span: Span }
  | { kind: "after"; dur: DurNode; span: Span }
  | { kind: "once_per"; prop: Name; span: Span };

export type ChannelSettingValue = { kind: "string"; value: StrNode } | { kind: "env"; name: StrNode; span: Span };

interface DeclBase {
  /** Comment lines written directly above the declaration, without the `#`. */
  comments: string[];
  /**
   * The author separated this node from the previous one (declaration, stage, step or
   * feedback outcome) with a blank line where the canonical layout would not put one anyway
   * (dsl/print/layout.ts): both front ends set it the same way, so `fmt` keeps paragraphs.
   */
  blankLineBefore?: true;
  /**
   * Where the author left a blank line inside the comments above the node: before
   * `comments[i]` for each `i` listed, and `comments.length` for one between the last comment
   * and the node. Absent when none.
   */
  commentGaps?: number[];
  /**
   * Comment lines written inside the body, above one of its items, by slot (`BodySlot`):
   * `limit`, `decay`, `allow.0`, `action.2`, `setting.1`, `outcome.0`, ..., and `end` for
   * the ones after the last item, before the body closes. Absent when none.
   */
  bodyComments?: Record<string, string[]>;
  /**
   * The last of `comments` was written at the end of the node's first line (`rule ... +3  # why`,
   * `pipeline p {  # why`), not above it; printers put it back there.
   */
  lineComment?: true;
  /** The body slots whose last comment sits at the end of their item's line (as `lineComment`). */
  bodyLineComments?: Record<string, true>;
  span: Span;
}

export type Decl =
  | (DeclBase & { kind: "version"; value: StrNode })
  | (DeclBase & { kind: "timezone"; value: StrNode })
  | (DeclBase & { kind: "field"; name: Name; type: Tok<"string" | "number" | "boolean" | "timestamp" | "string[]">; default?: LiteralNode })
  | (DeclBase & { kind: "event"; name: Name; props: { name: Name; type: Tok<"string" | "number" | "boolean" | "timestamp" | "string[]"> }[] })
  | (DeclBase & {
      kind: "score";
      name: Name;
      label?: StrNode;
      scoreKind?: Tok<"engagement" | "fit">;
      account?: Span;
      limit?: { min?: NumNode; max?: NumNode; span: Span };
      decay?:
        | { model: "step"; amount: NumNode; every: DurNode; after?: DurNode; span: Span }
        | { model: "half-life"; halfLife: DurNode; after?: DurNode; span: Span };
      per?: DimNode;
      from?: { agg: Tok<"sum" | "max">; score: Name; span: Span };
    })
  | (DeclBase & {
      kind: "rule";
      name: Name;
      trigger: { kind: "event"; event: Name; if?: CondNode; span: Span } | { kind: "fit"; when: CondNode; span: Span };
      score: Name;
      points: NumNode;
      once?: Span;
      atMost?: { count: NumNode; per: DurNode; span: Span };
    })
  | (DeclBase & { kind: "segment"; name: Name; label?: StrNode; static?: Span; when?: CondNode })
  | (DeclBase & { kind: "suppress"; scores: Name[]; segment: Name })
  | (DeclBase & {
      kind: "pipeline";
      name: Name;
      label?: StrNode;
      per?: DimNode;
      account?: Span;
      /** `allow backward` */
      backward?: Span;
      allows: { from: Name; to: Name; span: Span }[];
      manualLock?: DurNode;
      stages: StageNode[];
    })
  | (DeclBase & { kind: "threshold"; name: Name; per?: DimNode; when: CondNode; cooldown?: DurNode; actions: ActionNode[] })
  | (DeclBase & {
      kind: "feedback";
      name: Name;
      ask: AskNode;
      outcomes: { outcome: Name; actions: ActionNode[]; blankLineBefore?: true; span: Span }[];
    })
  | (DeclBase & {
      kind: "campaign";
      name: Name;
      label?: StrNode;
      enter?: EnterNode;
      leave?: CondNode;
      goal?: CondNode;
      reentry?: ReentryNode;
      onChange?: Tok<"keep" | "migrate" | "restart">;
      sendWindow?: { days: Tok<Weekday>[]; from: StrNode; to: StrNode; span: Span };
      steps: StepNode[];
    })
  | (DeclBase & {
      kind: "channel";
      name: Name;
      type: Tok<"log" | "webhook" | "smtp">;
      settings: { key: Name; value: ChannelSettingValue; span: Span }[];
    });

export type DeclKind = Decl["kind"];

/** One parsed file. */
export interface FileAst {
  file: string;
  syntax: "dsl" | "yaml";
  decls: Decl[];
  /** Comment lines after the last declaration. */
  trailingComments: string[];
}

type DeclOf<K extends DeclKind> = Extract<Decl, { kind: K }>;

/**
 * The pieces of DSL text that YAML files embed as strings (conditions, actions, steps,
 * durations, ...). The DSL parser parses each on its own with `parseFragment`, so both
 * syntaxes share one expression grammar and one set of errors.
 */
export interface Fragments {
  condition: CondNode;
  action: ActionNode;
  /** One step line: an action, `wait 3d`, `wait until COND at most 7d`, `wait until mon 09:00`. */
  step: StepNode;
  duration: DurNode;
  literal: LiteralNode;
  /** `-20..70`, `..70`, `0..` */
  limit: NonNullable<DeclOf<"score">["limit"]>;
  /** `10 every 7d [after 14d inactive]`, `half-life 14d [after 7d inactive]` */
  decay: NonNullable<DeclOf<"score">["decay"]>;
  /** `product`, `stage of lifecycle`, `tag in [vip, partner]` */
  dimension: DimNode;
  /** `contacts sum of engagement` */
  accountFrom: NonNullable<DeclOf<"score">["from"]>;
  /** `1 per 1d` */
  atMost: NonNullable<DeclOf<"rule">["atMost"]>;
  /** `event page.visited [if COND]` or a condition */
  trigger: TriggerNode;
  /** `mql -> recycled` */
  allow: DeclOf<"pipeline">["allows"][number];
  /** `owner via email after 3d, then every 3d, at most 10 times[, then escalate to X]` */
  ask: AskNode;
  /** `when in segment X` or `on EVENT [if COND]` */
  enter: EnterNode;
  /** `once`, `every time`, `after 90d`, `once per order_id` */
  reentry: ReentryNode;
  /** `mon-fri 09:00-18:00` */
  window: NonNullable<DeclOf<"campaign">["sendWindow"]>;
  /** `owner`, a field name, or `"address@example.com"` */
  recipient: RecipientNode;
}
export type FragmentKind = keyof Fragments;
