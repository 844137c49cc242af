/**
 * The engine's data: contact state, inputs and effects. All plain JSON (no classes, Maps or
 * Dates): state is stored in PostgreSQL row by row and crosses the workflow boundary.
 * Times are epoch milliseconds; dimension key "" means "not per dimension".
 */

/** A field value as stored on a contact (timestamps as ISO strings). */
export type FieldValue = string | number | boolean | string[];

/** One value of one score for one dimension key: a `scores` row. */
export interface ScoreCell {
  /** The value at `asOf` (decay after `asOf` is computed on read, see decay.ts). */
  value: number;
  /** When the value was last materialised. */
  asOf: number;
  /** The decay clock's start: the last increase of this cell, null before any. */
  increasedAt: number | null;
  /** Fit scores: names of the fit rules currently counted (sorted). */
  matched?: string[];
}

/** One pipeline's stage for one key: a `stages` row. */
export interface StageCell {
  stage: string;
  since: number;
  /** Set by `stage.set`: automatic triggers leave the cell alone while the lock holds. */
  lock?: { by: string; at: number; until?: number };
  /** Bit i: condition trigger i of the pipeline was true at the last evaluation (edges move). */
  edges?: number;
}

/** Edge-trigger state of one threshold for one key. */
export interface ThresholdCell {
  /** "off": condition false (armed); "fired": fired for this episode; "pending": held by cooldown. */
  state: "off" | "fired" | "pending";
  lastFiredAt?: number;
}

/** What `once` / `at most K per D` need: the last applications only (at most K kept). */
export interface RuleCounter {
  once?: true;
  times?: number[];
}

/**
 * The events one history condition group counts: times (and prop values for `sum`) within the
 * longest window the config asks for; all-time groups keep only a count and a sum.
 */
export interface HistoryWindow {
  times?: number[];
  values?: number[];
  count?: number;
  sum?: number;
}

/** One run of a feedback loop (the current one per loop name). */
export interface FeedbackCell {
  startedAt: number;
  asks: number;
  /** When the next ask is due; absent once the asks are used up or an outcome arrived. */
  nextAskAt?: number;
  escalated?: true;
  outcome?: string;
  outcomeAt?: number;
  by?: string;
}

/** One contact's enrollment in one campaign. */
export interface CampaignCell {
  /** Absent when not currently enrolled. */
  active?: {
    enteredAt: number;
    /** Path of step indexes into the (nested) step list: where the enrollment is. */
    pc: number[];
    /** `wait` / `wait_until` / `wait_time`: when the step ends (limit for wait_until). */
    waitUntil?: number;
    onceKey?: string;
    /**
     * `on change keep`: the config hash of the earlier version this enrollment finishes on
     * (`pc` indexes that version's steps). Absent: the active version.
     */
    hash?: string;
  };
  entries: number;
  lastExitAt?: number;
  converted?: number;
  /** `once per PROP`: keys already used (bounded by the config author's choice of prop). */
  keys?: string[];
}

export type TimerKind = "decay" | "recheck" | "cooldown" | "unlock" | "feedback" | "campaign" | "delete";

/** A wake-up the engine needs; the runtime schedules it (Temporal) and feeds it back. */
export interface Timer {
  at: number;
  kind: TimerKind;
  /** The threshold, pipeline, loop or campaign the timer is for (absent for contact-wide kinds). */
  name?: string;
}

export interface ContactState {
  id: string;
  createdAt: number;
  lastActiveAt: number;
  /** The time of the latest input applied (events and timers): state never goes back in time. */
  updatedAt: number;
  deletedAt?: number;
  fields: Record<string, FieldValue>;
  /** Sorted. */
  tags: string[];
  /** score → key → cell. */
  scores: Record<string, Record<string, ScoreCell>>;
  /** pipeline → key → cell. */
  stages: Record<string, Record<string, StageCell>>;
  /** Sorted segment names (static and dynamic). */
  segments: string[];
  /** threshold → key → cell. */
  thresholds: Record<string, Record<string, ThresholdCell>>;
  /** rule name → counter (only rules with `once` / `at most`). */
  rules: Record<string, RuleCounter>;
  /** history group id → window. */
  history: Record<string, HistoryWindow>;
  feedback: Record<string, FeedbackCell>;
  campaigns: Record<string, CampaignCell>;
  /** Pending wake-ups, sorted by time; one per (kind, name). */
  timers: Timer[];
}

/** An event as ingested. `at` is epoch ms. */
export interface EventInput {
  id: string;
  type: string;
  contact: string;
  at: number;
  props: Record<string, unknown>;
}

/** A due timer fed back by the runtime (or by `simulate`). */
export interface TimerInput {
  type: "timer";
  contact: string;
  at: number;
}

/**
 * What the engine reacts to: an event; a due timer (fires every timer of the contact due at or
 * before `at`); or a refresh — re-evaluate everything against the state at `at` without an
 * event (a new config version was applied: its thresholds are checked at once).
 */
export type Input =
  | { kind: "event"; event: EventInput }
  | { kind: "timer"; timer: TimerInput }
  | { kind: "refresh"; contact: string; at: number };

export type LedgerReason = string;

export interface LedgerEffect {
  type: "ledger";
  contact: string;
  score: string;
  key: string;
  delta: number;
  value: number;
  reason: LedgerReason;
  event: string | null;
  hash: string;
  at: number;
}

export interface StageEffect {
  type: "stage";
  contact: string;
  pipeline: string;
  key: string;
  from: string | null;
  to: string;
  reason: string;
  at: number;
  hash: string;
}

export interface SegmentEffect {
  type: "segment";
  contact: string;
  segment: string;
  entered: boolean;
  at: number;
}

export interface ThresholdEffect {
  type: "threshold";
  contact: string;
  name: string;
  key: string;
  at: number;
}

/** A message for the durable outbox; `key` is the idempotency key (sent at most once). */
export interface OutboxEffect {
  type: "outbox";
  key: string;
  contact: string;
  kind: "notify" | "email" | "webhook" | "feedback" | "escalate";
  channel: string;
  /** Resolved address/owner value; null when the contact has no such field set. */
  to: string | null;
  template?: string;
  data: Record<string, string | number>;
  at: number;
}

export interface TimerEffect {
  type: "timer";
  contact: string;
  timer: Timer;
}

export interface FieldEffect {
  type: "field";
  contact: string;
  field: string;
  value: FieldValue | null;
  reason: string;
  at: number;
}

export interface FeedbackEffect {
  type: "feedback";
  contact: string;
  loop: string;
  what: "started" | "asked" | "escalated" | "outcome";
  outcome?: string;
  at: number;
}

export interface CampaignEffect {
  type: "campaign";
  contact: string;
  campaign: string;
  /** `kept` / `migrated` / `restarted`: what a new version did with the enrollment (`on change`). */
  what: "entered" | "step" | "left" | "converted" | "completed" | "kept" | "migrated" | "restarted";
  step?: string;
  /** Why, when a new version ended or moved the enrollment (e.g. `version: step intro removed`). */
  reason?: string;
  at: number;
}

export interface DeletedEffect {
  type: "deleted";
  contact: string;
  at: number;
}

/** An input the engine refused (e.g. a manual backward move the pipeline does not allow). */
export interface RejectedEffect {
  type: "rejected";
  contact: string;
  event: string;
  message: string;
  at: number;
}

export type Effect =
  | LedgerEffect
  | StageEffect
  | SegmentEffect
  | ThresholdEffect
  | OutboxEffect
  | TimerEffect
  | FieldEffect
  | FeedbackEffect
  | CampaignEffect
  | DeletedEffect
  | RejectedEffect;
