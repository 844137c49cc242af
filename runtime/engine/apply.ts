/**
 * `applyInput`: state + input → state + effects. The one entry point of the semantics.
 *
 * Per input at time `now`: due timers up to `now` are caught up first; decay due since the
 * last write is materialised (ledger rows at their tick times); the event is applied
 * (history windows, field/tag/stage updates, point rules, stage event triggers, campaign
 * entries); then everything derived is settled to a fixpoint (fit scores, segments and
 * suppression, stage condition triggers, thresholds and their actions, campaign steps);
 * finally the contact's timers are recomputed.
 */
import { ALL_DEPS, Dep } from "./condition.js";
import { endAllCampaigns, enrollOnEvent, stepCampaigns } from "./campaign.js";
import { askDue, giveFeedback } from "./feedback.js";
import { recordHistory } from "./history.js";
import type { Model } from "./model.js";
import { applyConditionTriggers, applyEventTriggers, expireLocks, manualSet, unlock } from "./pipeline.js";
import { EMPTY_LIST, EMPTY_RECORD, newRun, Quiet, releaseRun, wants, type AccountAction, type Run } from "./run.js";
import { applyEventRules, materialiseDecay, recomputeFit } from "./scoring.js";
import { setTag } from "./actions.js";
import { evaluateSegments } from "./segments.js";
import { evaluateThresholds } from "./thresholds.js";
import { refreshTimers } from "./timers.js";
import type { ContactState, Effect, EventInput, FieldValue, Input } from "./types.js";

/** A contact as created by its first input: initial stages, no fields, no scores. */
export function newContact(model: Model, id: string, at: number): ContactState {
  const st: ContactState = {
    id,
    createdAt: at,
    lastActiveAt: at,
    updatedAt: at,
    fields: {},
    tags: EMPTY_LIST,
    scores: {},
    stages: {},
    segments: EMPTY_LIST,
    thresholds: EMPTY_RECORD,
    rules: {},
    history: EMPTY_RECORD,
    feedback: EMPTY_RECORD,
    campaigns: EMPTY_RECORD,
    timers: [],
  };
  for (const p of model.pipelines) if (p.def.per === undefined) st.stages[p.name] = { "": { stage: p.initial, since: at } };
  return st;
}

/** What the caller knows beyond the contact's own state. */
export interface ApplyContext {
  /**
   * For a contact with an account: account score name → the sum (or max) of its source score
   * over the account's other members. Conditions on account scores add the contact's own
   * current value, so its own input counts at once. Absent: account scores read 0.
   */
  account?: Readonly<Record<string, number>>;
  /**
   * For a contact with an account: account pipeline → the account's stage before this input
   * (a pipeline missing here: the account is at its initial stage). Absent: the contact has no
   * account, and `stage P is ...` on an account pipeline is false.
   */
  accountStages?: Readonly<Record<string, string>>;
  /**
   * Filled by the engine: the `stage P.S` actions on account pipelines this input ran, in
   * order, for the caller to apply to the account after the input (`runAccountPipelines`).
   * Absent: such actions do nothing.
   */
  accountActions?: AccountAction[];
  /**
   * Effects the caller drops (bits of `Quiet`, e.g. `quietExcept(["threshold", "outbox"])`):
   * the engine does not build them. State changes are the same either way.
   */
  quiet?: number;
}

/** The contact's new state (the same object, updated in place) and what happened, in order. */
export interface ApplyResult {
  state: ContactState;
  effects: Effect[];
}

const MAX_PASSES = 16;

/** Brings derived state (fit, segments, stages, thresholds, campaigns) to a fixpoint. */
export function settle(run: Run, force: boolean): void {
  for (let pass = 0; pass < MAX_PASSES && (run.dirty !== 0 || force); pass++) {
    run.gate = run.dirty;
    run.changed |= run.dirty;
    run.dirty = 0;
    recomputeFit(run);
    evaluateSegments(run);
    applyConditionTriggers(run);
    evaluateThresholds(run, force);
    stepCampaigns(run);
    force = false;
    if (run.st.deletedAt !== undefined || run.deleteRequested) break;
  }
  run.changed |= run.dirty;
  run.gate = 0;
  run.dirty = 0;
}

function deleteContact(run: Run): void {
  if (run.st.deletedAt !== undefined) return;
  endAllCampaigns(run);
  for (const loop in run.st.feedback) {
    const cell = run.st.feedback[loop];
    if (cell !== undefined) delete cell.nextAskAt;
  }
  run.st.deletedAt = run.now;
  run.effects.push({ type: "deleted", contact: run.st.id, at: run.now });
}

/** Ends an input: a requested deletion, then the timers. */
export function finish(run: Run): void {
  run.changed |= run.dirty;
  if (run.deleteRequested) deleteContact(run);
  refreshTimers(run);
  releaseRun(run);
}

/** Handles every timer due at `now` (one instant). */
function runTimersAt(model: Model, st: ContactState, now: number, effects: Effect[], ctx: ApplyContext): void {
  st.updatedAt = Math.max(st.updatedAt, now);
  const run = newRun(model, st, now, null, ctx.account, effects, ctx.accountStages, ctx.accountActions, ctx.quiet);
  // Timers are sorted by time: the due ones are a prefix.
  let n = 0;
  let unlockDue = false;
  let feedbackDue = false;
  let deleteDue = false;
  for (const t of st.timers) {
    if (t.at > now) break;
    n++;
    if (t.kind === "unlock") unlockDue = true;
    else if (t.kind === "feedback") feedbackDue = true;
    else if (t.kind === "delete") deleteDue = true;
  }
  // Dropped in place (the list is the contact's own; see refreshTimers).
  const timers = st.timers;
  for (let i = n; i < timers.length; i++) timers[i - n] = timers[i] as (typeof timers)[number];
  timers.length -= n;
  materialiseDecay(run);
  run.dirty = ALL_DEPS;
  if (unlockDue) expireLocks(run);
  if (feedbackDue) askDue(run);
  if (deleteDue) run.deleteRequested = true;
  else settle(run, true);
  finish(run);
}

/** Catches up every timer due at or before `until`, in time order. */
export function catchUpTimers(model: Model, st: ContactState, until: number, effects: Effect[], ctx: ApplyContext): void {
  for (let guard = 0; guard < 100_000; guard++) {
    const next = st.timers[0];
    if (next === undefined || next.at > until || st.deletedAt !== undefined) return;
    runTimersAt(model, st, next.at, effects, ctx);
  }
}

function applyReserved(run: Run, e: EventInput): void {
  const p = e.props;
  switch (e.type) {
    case "contact.updated":
      for (const [field, v] of Object.entries(p)) {
        if (v === null || v === undefined) delete run.st.fields[field];
        else run.st.fields[field] = v as FieldValue;
        if (wants(run, Quiet.field)) run.effects.push({ type: "field", contact: run.st.id, field, value: (v ?? null) as FieldValue | null, reason: "event", at: run.now });
      }
      run.dirty |= Dep.fields;
      return;
    case "contact.tagged":
    case "contact.untagged":
      if (typeof p["tag"] === "string") setTag(run, p["tag"], e.type === "contact.tagged");
      return;
    case "stage.set":
    case "stage.unlocked": {
      const pm = run.model.pipelineByName.get(String(p["pipeline"]));
      if (pm === undefined) return;
      const key = typeof p["key"] === "string" ? p["key"] : "";
      if (e.type === "stage.unlocked") {
        unlock(run, pm, key);
        return;
      }
      const err = manualSet(run, pm, key, String(p["stage"]), typeof p["by"] === "string" ? p["by"] : "someone");
      if (err !== undefined) run.effects.push({ type: "rejected", contact: run.st.id, event: e.id, message: err, at: run.now });
      return;
    }
    case "feedback.given": {
      const err = giveFeedback(run, String(p["loop"]), String(p["outcome"]), typeof p["by"] === "string" ? p["by"] : undefined);
      if (err !== undefined) run.effects.push({ type: "rejected", contact: run.st.id, event: e.id, message: err, at: run.now });
      return;
    }
    case "contact.deleted":
      run.deleteRequested = true;
      return;
  }
}

function applyEvent(model: Model, state: ContactState | undefined, e: EventInput, ctx: ApplyContext, effects: Effect[]): ContactState {
  if (state?.deletedAt !== undefined) return state;
  let st = state;
  let created = false;
  if (st === undefined) {
    st = newContact(model, e.contact, e.at);
    created = true;
  } else catchUpTimers(model, st, e.at, effects, ctx);
  if (st.deletedAt !== undefined) return st;

  // An event older than the contact's latest input is applied at that time: state never
  // goes back in time (decay already written stays written).
  const now = Math.max(e.at, st.updatedAt);
  st.updatedAt = now;
  const run = newRun(model, st, now, e.id, ctx.account, effects, ctx.accountStages, ctx.accountActions, ctx.quiet);
  if (created) {
    for (const p of model.pipelines) {
      if (p.def.per !== undefined || !wants(run, Quiet.stage)) continue;
      effects.push({ type: "stage", contact: st.id, pipeline: p.name, key: "", from: null, to: p.initial, reason: "initial", at: now, hash: model.hash });
    }
    run.dirty = ALL_DEPS;
  }
  // Another member may have moved the account's stage since this contact's last input.
  if (ctx.accountStages !== undefined) run.dirty |= Dep.stages;
  materialiseDecay(run);
  st.lastActiveAt = Math.max(st.lastActiveAt, now);
  run.dirty |= Dep.activity | Dep.time;

  const groups = model.historyByEvent.get(e.type);
  if (groups !== undefined) {
    for (const g of groups) {
      run.ec.props = e.props;
      const counted = g.where === undefined || g.where(run.ec);
      run.ec.props = undefined;
      if (counted) {
        recordHistory(st, g, now, e.props);
        run.dirty |= Dep.history;
      }
    }
  }
  if (e.type.startsWith("contact.") || e.type.startsWith("stage.") || e.type === "feedback.given") applyReserved(run, e);
  applyEventRules(run, e.type, e.props);
  applyEventTriggers(run, e.type, e.props);
  enrollOnEvent(run, e.type, e.props);
  if (!run.deleteRequested) settle(run, created);
  finish(run);
  return st;
}

/**
 * Applies one input to a contact. `state` is undefined for a contact never seen (the event
 * creates it). The state object is updated in place and returned; effects are in the order
 * they happened. A deleted contact ignores every later input.
 */
export function applyInput(model: Model, state: ContactState | undefined, input: Input, ctx: ApplyContext = {}): ApplyResult {
  const effects: Effect[] = [];
  return { state: applyInputTo(model, state, input, ctx, effects), effects };
}

/**
 * `applyInput` appending the effects to `effects` (no result object, no array per input: the
 * replay loop of `simulate` collects millions of effects in one list). Returns the state.
 */
export function applyInputTo(model: Model, state: ContactState | undefined, input: Input, ctx: ApplyContext, effects: Effect[]): ContactState {
  if (input.kind === "event") return applyEvent(model, state, input.event, ctx, effects);
  const at = input.kind === "timer" ? input.timer.at : input.at;
  // Timers and refreshes only ever name a contact that exists: its absence is a caller bug.
  if (state === undefined) throw new Error(`a ${input.kind} input for contact "${input.kind === "timer" ? input.timer.contact : input.contact}" needs its state`);
  if (state.deletedAt !== undefined) return state;
  catchUpTimers(model, state, at, effects, ctx);
  if (input.kind === "refresh" && state.deletedAt === undefined) {
    state.updatedAt = Math.max(at, state.updatedAt);
    const run = newRun(model, state, state.updatedAt, null, ctx.account, effects, ctx.accountStages, ctx.accountActions, ctx.quiet);
    materialiseDecay(run);
    run.dirty = ALL_DEPS;
    settle(run, true);
    finish(run);
  }
  return state;
}
