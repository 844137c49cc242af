/**
 * The working context of one `applyInput` call: the contact being changed, `now`, the effects
 * emitted so far and what changed (`dirty`, so unaffected conditions are not re-evaluated).
 */
import type { EvalCtx } from "./condition.js";
import type { Model, ScoreModel } from "./model.js";
import type { ContactState, Effect, ScoreCell } from "./types.js";
import { round2 } from "./decay.js";

export interface Run {
  model: Model;
  st: ContactState;
  now: number;
  effects: Effect[];
  /** What changed since the last settle pass (bits of `Dep`); mutations OR into it. */
  dirty: number;
  /** What changed before the current settle pass began. */
  gate: number;
  /** Everything that changed during this input (for the timer refresh). */
  changed: number;
  /** The event being applied; null for timers. */
  eventId: string | null;
  /** Reused evaluation context (no allocation per condition). */
  ec: EvalCtx;
  /** Set by `delete contact` (no delay): the contact is deleted when the input is done. */
  deleteRequested: boolean;
  /** Where `stage P.S` actions on account pipelines go (ApplyContext.accountActions). */
  accountActions: AccountAction[] | undefined;
  /** Effects the caller drops (bits of `Quiet`): not built at all. */
  quiet: number;
}

/**
 * Kinds of effect a caller may not want (`ApplyContext.quiet`). A replay that keeps only
 * threshold fires and the outbox would otherwise build millions of ledger rows and timer
 * effects only to drop them. Outbox, threshold, rejected and deleted effects are always built.
 */
export const Quiet = {
  ledger: 1,
  timer: 2,
  stage: 4,
  segment: 8,
  campaign: 16,
  feedback: 32,
  field: 64,
} as const;

/** The `Quiet` bits of the effect types not in `kept`. */
export function quietExcept(kept: readonly Effect["type"][]): number {
  let q = 0;
  for (const [type, bit] of Object.entries(Quiet)) if (!kept.includes(type as Effect["type"])) q |= bit;
  return q;
}

/** Does the caller want effects of this kind? */
export function wants(run: Run, bit: number): boolean {
  return (run.quiet & bit) === 0;
}

/** A `stage P.S` action on an account pipeline, applied to the account after the input (account-pipeline.ts). */
export interface AccountAction {
  pipeline: string;
  stage: string;
  reason: string;
}

// Inputs never nest (timers caught up before an event finish before its run starts), so
// one Run is reused: two objects fewer per input on the replay's hot path.
let spare: Run | undefined;

const DETACHED: Effect[] = Object.freeze([]) as unknown as Effect[];

/** Ends an input's use of the shared Run: it must not keep the caller's effects (or account) alive. */
export function releaseRun(run: Run): void {
  run.effects = DETACHED;
  run.ec.account = undefined;
  run.ec.accountStages = undefined;
  run.ec.props = undefined;
  run.accountActions = undefined;
}

/** The working context for one input (the previous input's context, reset). */
export function newRun(
  model: Model,
  st: ContactState,
  now: number,
  eventId: string | null,
  account: Readonly<Record<string, number>> | undefined,
  effects: Effect[],
  accountStages?: Readonly<Record<string, string>>,
  accountActions?: AccountAction[],
  quiet = 0,
): Run {
  const run = spare;
  if (run === undefined) {
    spare = { model, st, now, effects, dirty: 0, gate: 0, changed: 0, eventId, ec: { st, now, props: undefined, key: undefined, account, accountStages }, deleteRequested: false, accountActions, quiet };
    return spare;
  }
  run.quiet = quiet;
  run.model = model;
  run.st = st;
  run.now = now;
  run.effects = effects;
  run.dirty = 0;
  run.gate = 0;
  run.changed = 0;
  run.eventId = eventId;
  run.deleteRequested = false;
  run.accountActions = accountActions;
  const ec = run.ec;
  ec.st = st;
  ec.now = now;
  ec.props = undefined;
  ec.key = undefined;
  ec.account = account;
  ec.accountStages = accountStages;
  return run;
}

/**
 * The empty record a new contact's `thresholds`, `history`, `feedback` and `campaigns` start
 * as, shared and frozen (most contacts never get any; an empty `{}` takes 56 bytes). The engine
 * writes to them through `ownRecord`, which gives the contact its own object first.
 */
export const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});

type SharedField = "thresholds" | "history" | "feedback" | "campaigns";

/** The contact's own `st[field]`, ready to be written (see EMPTY_RECORD). */
export function ownRecord<K extends SharedField>(st: ContactState, field: K): ContactState[K] {
  let r = st[field];
  if (r === EMPTY_RECORD) st[field] = r = {} as ContactState[K];
  return r;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The empty `tags` and `segments` a new contact starts with, shared and frozen (see `addSorted`). */
export const EMPTY_LIST = Object.freeze([]) as unknown as string[];

/**
 * Adds `item` to the contact's sorted `tags` or `segments`, as a new list of exact length (they
 * change rarely; a spliced-into array keeps spare room); false when it was already there.
 */
export function addSorted(st: ContactState, field: "tags" | "segments", item: string): boolean {
  const list = st[field];
  let i = 0;
  while (i < list.length && (list[i] ?? "") < item) i++;
  if (list[i] === item) return false;
  const out = new Array<string>(list.length + 1);
  for (let j = 0; j < i; j++) out[j] = list[j] ?? "";
  out[i] = item;
  for (let j = i; j < list.length; j++) out[j + 1] = list[j] ?? "";
  st[field] = out;
  return true;
}

export function sortedRemove(list: string[], item: string): boolean {
  const i = list.indexOf(item);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

export function getCell(run: Run, score: string, key: string): ScoreCell {
  const cells = run.st.scores[score];
  let cell = cells?.[key];
  if (cell !== undefined) return cell;
  cell = { value: 0, asOf: run.now, increasedAt: null };
  // A literal of one key where it can be (most scores are not per dimension): an empty `{}`
  // keeps room for four, and a contact keeps one of these per score.
  if (cells !== undefined) cells[key] = cell;
  else run.st.scores[score] = key === "" ? { "": cell } : { [key]: cell };
  return cell;
}

/** Is the score held at 0 by a suppression segment the contact is in? */
export function isSuppressed(run: Run, sm: ScoreModel): boolean {
  for (const seg of sm.suppressedBy) if (run.st.segments.includes(seg)) return true;
  return false;
}

/** Is the contact in any suppression segment (then no threshold fires)? */
export function inSuppression(run: Run): boolean {
  for (const seg of run.model.suppressionSegments) if (run.st.segments.includes(seg)) return true;
  return false;
}

export function ledger(run: Run, score: string, key: string, delta: number, value: number, reason: string, at = run.now): void {
  if ((run.quiet & Quiet.ledger) !== 0) return;
  run.effects.push({
    type: "ledger",
    contact: run.st.id,
    score,
    key,
    delta: round2(delta),
    value,
    reason,
    event: run.eventId,
    hash: run.model.hash,
    at,
  });
}

export function clamp(sm: ScoreModel, v: number): number {
  return v < sm.min ? sm.min : v > sm.max ? sm.max : v;
}

/** Did anything a condition with these deps reads change (before or during this pass)? */
export function touched(run: Run, deps: number): boolean {
  return (deps & (run.gate | run.dirty)) !== 0;
}
