/**
 * `simulate`: replays a history with the pure engine. Events are sorted by (at, id); before
 * each event every timer due at or before its time fires, in time order (ties by contact id,
 * then by a fixed kind order); after the last event, timers fire up to `until`.
 * The output is sorted and deterministic byte for byte (SPEC section 3).
 */
import type { CompiledIr } from "../../schemas/ir.js";
import { accountOthers, accountScores, updateAccounts, type AccountState } from "./account.js";
import { accountStages, accountStageView, keepsAccounts, runAccountPipelines, type AccountStageEffect } from "./account-pipeline.js";
import { applyInputTo, type ApplyContext } from "./apply.js";
import { decayedValue } from "./decay.js";
import { MinHeap } from "./heap.js";
import { compileModel, type Model } from "./model.js";
import { iso } from "./run.js";
import type { ContactState, Effect, EventInput, LedgerEffect, OutboxEffect } from "./types.js";
import { parseTime, validateEvent } from "./validate.js";

/** Everything a simulation needs to continue later: plain JSON. */
export interface SimulationState {
  contacts: Record<string, ContactState>;
  /** Ids of events already applied (an event applied twice changes nothing). */
  seen: Record<string, true>;
  /** The latest time the simulation has reached; null before the first event. */
  now: number | null;
  /** Account rows (only when the config has account scores or account pipelines). */
  accounts: Record<string, AccountState>;
}

export interface ContactSummary {
  id: string;
  scores: Record<string, number>;
  stages: Record<string, string>;
  segments: string[];
  tags: string[];
  thresholds: { name: string; at: string }[];
  feedback: { loop: string; started: string; asks: number; outcome?: string; at?: string }[];
  deleted?: string;
}

export interface OutboxRow {
  key: string;
  contact: string;
  kind: OutboxEffect["kind"];
  channel: string;
  to: string | null;
  template?: string;
  data: Record<string, string | number>;
  at: string;
}

export interface LedgerRow extends Omit<LedgerEffect, "type" | "at"> {
  at: string;
}

export interface SimulationResult {
  hash: string;
  contacts: ContactSummary[];
  outbox: OutboxRow[];
  ledger?: LedgerRow[];
  /** Present only when the config has account scores or account pipelines; `stages` only with account pipelines. */
  accounts?: { id: string; scores: Record<string, number>; stages?: Record<string, string> }[];
  /** Events refused: by validation (not applied, input order), then by the engine (e.g. a disallowed manual move). */
  errors: { event: string; error: string }[];
}

export interface SimulateOptions {
  /** Fire timers up to this time (epoch ms or ISO) after the last event; default: the last event's time. */
  until?: number | string;
  /** Include every ledger row in the result. */
  ledger?: boolean;
}

export function emptySimulation(): SimulationState {
  return { contacts: {}, seen: {}, now: null, accounts: {} };
}

interface Due {
  at: number;
  id: string;
}

const earlier = (a: Due, b: Due): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);

const byTimeThenId = (a: EventInput, b: EventInput): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function isSorted(events: readonly EventInput[]): boolean {
  for (let i = 1; i < events.length; i++) if (byTimeThenId(events[i - 1] as EventInput, events[i] as EventInput) > 0) return false;
  return true;
}

/** Shared by every input of a config without account scores (never written to). */
const NO_CONTEXT: ApplyContext = Object.freeze({});

/** Which effects a caller keeps (e.g. only what its summary reads): the rest are dropped as they happen. */
export type KeepEffect = (e: Effect) => boolean;

/** What `summarize` reads: threshold fires, the outbox, refusals (and the ledger when asked). */
export function summaryEffects(withLedger: boolean): KeepEffect {
  return withLedger
    ? (e) => e.type === "threshold" || e.type === "outbox" || e.type === "rejected" || e.type === "ledger"
    : (e) => e.type === "threshold" || e.type === "outbox" || e.type === "rejected";
}

/**
 * Validates, sorts and applies `events` to `sim` (in place), then fires timers up to `until`.
 * Returns the effects in the order they happened (only those `keep` accepts, when given: a
 * long history makes millions of ledger rows and timers nobody may need) and the refused events.
 */
export function runSimulation(
  model: Model,
  sim: SimulationState,
  rawEvents: readonly unknown[],
  until?: number,
  keep?: KeepEffect,
): { effects: Effect[]; errors: { event: string; error: string }[]; accountStages: AccountStageEffect[] } {
  const errors: { event: string; error: string }[] = [];
  const events: EventInput[] = [];
  for (const raw of rawEvents) {
    const v = validateEvent(model, raw);
    if (v.ok) events.push(v.event);
    else {
      const id = raw !== null && typeof raw === "object" && "id" in raw ? String(raw.id) : "?";
      errors.push({ event: id, error: v.error });
    }
  }
  // Histories are usually in time order already: checking is O(n), sorting is not.
  if (!isSorted(events)) events.sort(byTimeThenId);

  const heap = new MinHeap<Due>(earlier);
  for (const id of Object.keys(sim.contacts).sort()) {
    const at = sim.contacts[id]?.timers[0]?.at;
    if (at !== undefined) heap.push({ at, id });
  }
  const effects: Effect[] = [];
  // With a filter, each input's effects land in `sink` and only the kept ones move on.
  const sink: Effect[] = keep === undefined ? effects : [];
  const drain = (): void => {
    if (keep === undefined) return;
    for (const x of sink) if (keep(x)) effects.push(x);
    sink.length = 0;
  };
  const hasAccounts = keepsAccounts(model);
  const accountMoves: AccountStageEffect[] = [];
  const withAccountPipelines = model.accountPipelines.length > 0;
  const contextOf = (st: ContactState | undefined): ApplyContext => {
    if (!hasAccounts) return NO_CONTEXT;
    const id = st?.fields["account"];
    if (st === undefined || typeof id !== "string" || id === "") return withAccountPipelines ? { accountActions: [] } : NO_CONTEXT;
    const acc = sim.accounts[id];
    const stages = accountStageView(model, acc, true);
    return stages === undefined ? { account: accountOthers(model, acc, st.id) } : { account: accountOthers(model, acc, st.id), accountStages: stages, accountActions: [] };
  };
  // The heap holds an entry for every contact's earliest timer. An input that leaves the
  // earliest timer where it was needs no new entry (its entry is still queued).
  const schedule = (st: ContactState, before: number | undefined): void => {
    const at = st.timers[0]?.at;
    if (at !== undefined && at !== before) heap.push({ at, id: st.id });
  };
  const fireUntil = (t: number): void => {
    for (let top = heap.peek(); top !== undefined && top.at <= t; top = heap.peek()) {
      heap.pop();
      const st = sim.contacts[top.id];
      // Stale entries (the contact's timers moved since) are skipped.
      if (st === undefined || st.timers[0]?.at !== top.at) continue;
      const input = { kind: "timer", timer: { type: "timer", contact: top.id, at: top.at } } as const;
      const ctx = contextOf(st);
      applyInputTo(model, st, input, ctx, sink);
      if (hasAccounts) {
        updateAccounts(model, sim.accounts, st);
        runAccountPipelines(model, sim.accounts, st, input, ctx.accountActions ?? [], accountMoves, sink);
      }
      drain();
      // The popped entry is gone: whatever the earliest timer is now needs an entry.
      schedule(st, undefined);
    }
  };

  const seen = sim.seen;
  let latest = sim.now;
  for (const e of events) {
    if (seen[e.id] === true) continue;
    seen[e.id] = true;
    fireUntil(e.at);
    const st = sim.contacts[e.contact];
    const before = st?.timers[0]?.at;
    const input = { kind: "event", event: e } as const;
    const ctx = contextOf(st);
    const next = applyInputTo(model, st, input, ctx, sink);
    if (st === undefined) sim.contacts[e.contact] = next;
    if (hasAccounts) {
      updateAccounts(model, sim.accounts, next);
      runAccountPipelines(model, sim.accounts, next, input, ctx.accountActions ?? [], accountMoves, sink);
    }
    drain();
    schedule(next, before);
    if (latest === null || e.at > latest) latest = e.at;
  }
  sim.now = latest;
  if (until !== undefined) {
    fireUntil(until);
    sim.now = Math.max(sim.now ?? until, until);
  }
  return { effects, errors, accountStages: accountMoves };
}

/**
 * The SPEC's per-contact view at time `at`: scores decayed to `at`, sorted lists. `accountStages`:
 * the stages of the contact's account (account pipelines), listed after the contact's own.
 */
export function summarizeContact(model: Model, st: ContactState, effects: readonly Effect[], at: number, accountStages?: Readonly<Record<string, string>>): ContactSummary {
  const scores: Record<string, number> = {};
  for (const sm of model.contactScores) {
    const cells = st.scores[sm.name] ?? {};
    if (sm.def.per === undefined) {
      const cell = cells[""];
      scores[sm.name] = cell === undefined ? 0 : decayedValue(sm.decay, cell, Math.max(at, cell.asOf), sm.rest);
      continue;
    }
    for (const key of Object.keys(cells).sort()) {
      const cell = cells[key];
      if (cell !== undefined) scores[`${sm.name}[${key}]`] = decayedValue(sm.decay, cell, Math.max(at, cell.asOf), sm.rest);
    }
  }
  const stages: Record<string, string> = {};
  for (const p of model.pipelines) {
    const cells = st.stages[p.name] ?? {};
    for (const key of Object.keys(cells).sort()) {
      const cell = cells[key];
      if (cell !== undefined) stages[key === "" ? p.name : `${p.name}[${key}]`] = cell.stage;
    }
  }
  if (accountStages !== undefined && st.deletedAt === undefined) for (const p of model.accountPipelines) stages[p.name] = accountStages[p.name] ?? p.initial;
  const thresholds = effects
    .filter((e): e is Extract<Effect, { type: "threshold" }> => e.type === "threshold" && e.contact === st.id)
    .map((e) => ({ name: e.key === "" ? e.name : `${e.name}[${e.key}]`, at: iso(e.at) }));
  const feedback = Object.keys(st.feedback)
    .sort()
    .flatMap((loop) => {
      const c = st.feedback[loop];
      if (c === undefined) return [];
      const row: ContactSummary["feedback"][number] = { loop, started: iso(c.startedAt), asks: c.asks };
      if (c.outcome !== undefined) row.outcome = c.outcome;
      if (c.outcomeAt !== undefined) row.at = iso(c.outcomeAt);
      return [row];
    });
  const out: ContactSummary = { id: st.id, scores, stages, segments: [...st.segments], tags: [...st.tags], thresholds, feedback };
  if (st.deletedAt !== undefined) out.deleted = iso(st.deletedAt);
  return out;
}

export function outboxRow(e: OutboxEffect): OutboxRow {
  const row: OutboxRow = { key: e.key, contact: e.contact, kind: e.kind, channel: e.channel, to: e.to, data: e.data, at: iso(e.at) };
  if (e.template !== undefined) row.template = e.template;
  return row;
}

export function ledgerRow(e: LedgerEffect): LedgerRow {
  return { contact: e.contact, score: e.score, key: e.key, delta: e.delta, value: e.value, reason: e.reason, event: e.event, hash: e.hash, at: iso(e.at) };
}

/** The stages of the contact's account (account pipelines); undefined without an account or account pipelines. */
export function contactAccountStages(model: Model, sim: SimulationState, st: ContactState): Record<string, string> | undefined {
  const account = st.fields["account"];
  return typeof account === "string" && account !== "" ? accountStageView(model, sim.accounts[account], true) : undefined;
}

/** `accounts` of the result: present when the config has account scores or account pipelines. */
export function accountsView(model: Model, sim: SimulationState): SimulationResult["accounts"] {
  if (!keepsAccounts(model)) return undefined;
  const withStages = model.accountPipelines.length > 0;
  return Object.keys(sim.accounts)
    .sort()
    .flatMap((id) => {
      const acc = sim.accounts[id];
      if (acc === undefined) return [];
      return [withStages ? { id, scores: accountScores(model, acc), stages: accountStages(model, acc) } : { id, scores: accountScores(model, acc) }];
    });
}

/** Builds the result from a finished simulation and all the effects it produced. */
export function summarize(model: Model, sim: SimulationState, effects: readonly Effect[], errors: SimulationResult["errors"], withLedger = false): SimulationResult {
  const at = sim.now ?? 0;
  // Threshold fires grouped by contact once: filtering every effect for every contact is
  // quadratic, minutes on a history of a few thousand contacts.
  const fires = new Map<string, Effect[]>();
  for (const e of effects) {
    if (e.type !== "threshold") continue;
    const list = fires.get(e.contact);
    if (list === undefined) fires.set(e.contact, [e]);
    else list.push(e);
  }
  const contacts = Object.keys(sim.contacts)
    .sort()
    .flatMap((id) => {
      const st = sim.contacts[id];
      return st === undefined ? [] : [summarizeContact(model, st, fires.get(id) ?? [], at, contactAccountStages(model, sim, st))];
    });
  const outbox = effects.filter((e): e is OutboxEffect => e.type === "outbox").map(outboxRow);
  const refused = effects
    .filter((e): e is Extract<Effect, { type: "rejected" }> => e.type === "rejected")
    .map((e) => ({ event: e.event, error: e.message }));
  const result: SimulationResult = { hash: model.hash, contacts, outbox, errors: [...errors, ...refused] };
  const accounts = accountsView(model, sim);
  if (accounts !== undefined) result.accounts = accounts;
  if (withLedger) result.ledger = effects.filter((e): e is LedgerEffect => e.type === "ledger").map(ledgerRow);
  return result;
}

/** Replays `events` (raw records: validated here) under the config and returns the final view. */
export function simulate(ir: CompiledIr, events: readonly unknown[], opts: SimulateOptions = {}): SimulationResult {
  const model = compileModel(ir);
  const sim = emptySimulation();
  const until = opts.until === undefined ? undefined : parseTime(opts.until);
  const { effects, errors } = runSimulation(model, sim, events, until, summaryEffects(opts.ledger === true));
  return summarize(model, sim, effects, errors, opts.ledger === true);
}
