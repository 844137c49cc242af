/**
 * What the workflows ask of the activities (implemented in runtime/temporal/activities/).
 * Types only: the workflow bundle never contains I/O. Times are epoch ms and always the
 * WORKFLOW's time, passed in: an activity never reads the wall clock for semantics, so a run
 * under time skipping is deterministic and equals `simulate`.
 */

/** What one sweep did. */
export interface SweepResult {
  /** Contacts woken (their due timers fired). */
  processed: number;
  /** When the next work of this kind is due (epoch ms); null when none is known. */
  nextDueAt: number | null;
  /** The config hash the sweep ran under; null before the first apply. */
  configHash: string | null;
  /** The score is not a decaying score of the active version: its loop can end. */
  retired?: boolean;
}

export interface DecaySweepInput {
  score: string;
  /** Fire what is due at or before this time. */
  at: number;
  /** Per-run idempotency key: an activity retried after it committed returns the stored result. */
  runKey: string;
  /** Contacts per transaction. */
  chunk?: number;
}

export interface DueSweepInput {
  at: number;
  runKey: string;
  chunk?: number;
  /** Also fire timers of every kind that are this late (the safety net); default 5 minutes. */
  lagMs?: number;
  /**
   * Also re-evaluate every time-relative segment set-based in SQL (\`refreshSegments\`): a
   * periodic cross-check of stored memberships; it fires the same engine timers, so it
   * changes nothing the timers would not, but it finds contacts whose timers were lost.
   */
  fullRefresh?: boolean;
}

/** Where a feedback run stands after its contact's due timers fired. */
export type FeedbackStatus =
  /** Waiting for an answer: next ask (or escalation) due at `nextAt`; null: no more asks, only the outcome. */
  | { state: "waiting"; nextAt: number | null; configHash: string | null }
  /** Answered; a delayed deletion is pending at `deleteAt` (grace period), else nothing left to do. */
  | { state: "answered"; outcome: string; deleteAt: number | null; configHash: string | null }
  /** The contact is gone, or a later run replaced this one: the workflow ends. */
  | { state: "over"; configHash: string | null };

/** Where a campaign enrollment stands after its contact's due timers fired. */
export type EnrollmentStatus =
  /** Enrolled; the current wait ends at `waitUntil` (null: no wait pending). */
  | { state: "enrolled"; enteredAt: number; waitUntil: number | null; configHash: string | null }
  /** Not enrolled any more (completed, converted, left, or the contact is gone). */
  | { state: "ended"; configHash: string | null };

export interface FeedbackTickInput {
  contact: string;
  loop: string;
  startedAt: number;
  at: number;
}

export interface EnrollmentTickInput {
  contact: string;
  campaign: string;
  at: number;
}

/** The activities, as the workflows call them. */
export interface FunnelformActivities {
  /** Due decay transitions of one score, in chunks with heartbeats. */
  decaySweep(input: DecaySweepInput): Promise<SweepResult>;
  /** Time-relative re-checks (segments), campaign waits, cooldown and lock ends, delayed deletions, and any late timer. */
  dueTimersSweep(input: DueSweepInput): Promise<SweepResult>;
  /** Fires one contact's due timers and reads its feedback run. */
  feedbackTick(input: FeedbackTickInput): Promise<FeedbackStatus>;
  /** Fires one contact's due timers and reads its campaign enrollment (`campaignEnrollment` runs started before the sweep). */
  enrollmentTick(input: EnrollmentTickInput): Promise<EnrollmentStatus>;
}
