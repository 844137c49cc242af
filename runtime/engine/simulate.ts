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
import { iso, quietExcept } from "./run.js";
import type { ContactState, Effect, EventInput, LedgerEffect, OutboxEffect } from "./types.js";
import { checkEvent, parseTime } from "./validate.js";

/** Everything a simulation needs to continue later: plain JSON. */
export interface SimulationState {
  contacts: Record<string, ContactState>;
  /**
   * Ids of events already applied (an event applied twice changes nothing). From
   * `emptySimulation`, a view built when read: replace it by assignment, do not write into it.
   */
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

/** The ids behind a simulation's `seen`, and that record once built (see `emptySimulation`). */
interface SeenIds {
  ids: Set<string>;
  view: Record<string, true> | undefined;
}

const seenIds = new WeakMap<SimulationState, SeenIds>();

/**
 * A new simulation. Its `seen` is built from a Set when read (JSON, a copy, a test): adding a
 * fresh id to a record with millions of keys costs more than applying the event does. Read
 * it as a value; assigning a record replaces the ids.
 */
export function emptySimulation(): SimulationState {
  const seen: SeenIds = { ids: new Set(), view: undefined };
  const sim: SimulationState = {
    contacts: {},
    get seen(): Record<string, true> {
      if (seen.view === undefined) {
        const view: Record<string, true> = {};
        for (const id of seen.ids) view[id] = true;
        seen.view = view;
      }
      return seen.view;
    },
    set seen(v: Record<string, true>) {
      seen.ids = new Set(Object.keys(v));
      seen.view = undefined;
    },
    now: null,
    accounts: {},
  };
  seenIds.set(sim, seen);
  return sim;
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

/** Which effects a caller keeps (e.g. only what its summary reads): the rest are dropped as they happen. */
export interface KeepEffect {
  (e: Effect): boolean;
  /** When given, every effect the filter accepts is of one of these types: the engine builds no others. */
  readonly types?: readonly Effect["type"][];
}

/** What `summarize` reads: threshold fires, the outbox, refusals (and the ledger when asked). */
export function summaryEffects(withLedger: boolean): KeepEffect {
  const types: Effect["type"][] = withLedger ? ["threshold", "outbox", "rejected", "ledger"] : ["threshold", "outbox", "rejected"];
  const keep = withLedger
    ? (e: Effect): boolean => e.type === "threshold" || e.type === "outbox" || e.type === "rejected" || e.type === "ledger"
    : (e: Effect): boolean => e.type === "threshold" || e.type === "outbox" || e.type === "rejected";
  return Object.assign(keep, { types });
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
  for (let i = 0; i < rawEvents.length; i++) {
    const raw = rawEvents[i];
    const v = checkEvent(model, raw);
    if (typeof v !== "string") events.push(v);
    else {
      const id = raw !== null && typeof raw === "object" && "id" in raw ? String(raw.id) : "?";
      errors.push({ event: id, error: v });
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
    // Emptying an array frees its storage: an empty sink is left alone.
    if (keep === undefined || sink.length === 0) return;
    for (const x of sink) if (keep(x)) effects.push(x);
    sink.length = 0;
  };
  const hasAccounts = keepsAccounts(model);
  const accountMoves: AccountStageEffect[] = [];
  const withAccountPipelines = model.accountPipelines.length > 0;
  // Effects the filter would drop are not built at all.
  const quiet = keep?.types === undefined ? 0 : quietExcept(keep.types);
  // Shared by every input of a config without account scores (never written to).
  const plain: ApplyContext = Object.freeze(quiet === 0 ? {} : { quiet });
  const contextOf = (st: ContactState | undefined): ApplyContext => {
    if (!hasAccounts) return plain;
    const id = st?.fields["account"];
    if (st === undefined || typeof id !== "string" || id === "") return withAccountPipelines ? { accountActions: [], quiet } : plain;
    const acc = sim.accounts[id];
    const stages = accountStageView(model, acc, true);
    return stages === undefined
      ? { account: accountOthers(model, acc, st.id), quiet }
      : { account: accountOthers(model, acc, st.id), accountStages: stages, accountActions: [], quiet };
  };
  // One input object per kind, refilled for each input (the engine keeps no reference to it).
  const timerInput = { kind: "timer" as const, timer: { type: "timer" as const, contact: "", at: 0 } };
  const eventInput: { kind: "event"; event: EventInput } = { kind: "event", event: { id: "", type: "", contact: "", at: 0, props: {} } };
  // The heap holds, for every contact with timers, an entry at or before its earliest timer.
  // An input that moves the earliest timer later needs no new entry (most inputs do: a score
  // increase restarts the decay clock); when that entry comes up, it is queued again at the
  // timer's time. Entries come out in (time, contact) order either way.
  const schedule = (st: ContactState, before: number | undefined): void => {
    const at = st.timers[0]?.at;
    if (at !== undefined && (before === undefined || at < before)) heap.push({ at, id: st.id });
  };
  const fireUntil = (t: number): void => {
    for (let top = heap.peek(); top !== undefined && top.at <= t; top = heap.peek()) {
      heap.pop();
      const st = sim.contacts[top.id];
      const next = st?.timers[0]?.at;
      if (st === undefined || next === undefined) continue;
      if (next > top.at) {
        top.at = next;
        heap.push(top);
        continue;
      }
      // Never earlier (the entry at or before the earliest timer pops first); skipped if so.
      if (next !== top.at) continue;
      const input = timerInput;
      input.timer.contact = top.id;
      input.timer.at = top.at;
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

  // A simulation from `emptySimulation` keeps its ids in a Set; one read back from JSON gets
  // a Set now and its record the new ids at the end.
  const tracked = seenIds.get(sim);
  const seen = tracked?.ids ?? new Set(Object.keys(sim.seen));
  const added: string[] = [];
  // One event (its contact's due timers first): a function of its own, so that the engine's
  // hot path is optimised as one and not only through the replay loop's on-stack replacement.
  const applyOne = (e: EventInput): void => {
    fireUntil(e.at);
    const st = sim.contacts[e.contact];
    const before = st?.timers[0]?.at;
    const input = eventInput;
    input.event = e;
    const ctx = contextOf(st);
    const next = applyInputTo(model, st, input, ctx, sink);
    if (st === undefined) sim.contacts[e.contact] = next;
    if (hasAccounts) {
      updateAccounts(model, sim.accounts, next);
      runAccountPipelines(model, sim.accounts, next, input, ctx.accountActions ?? [], accountMoves, sink);
    }
    drain();
    schedule(next, before);
  };
  let latest = sim.now;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as EventInput;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (tracked === undefined) added.push(e.id);
    applyOne(e);
    if (latest === null || e.at > latest) latest = e.at;
  }
  if (tracked !== undefined) tracked.view = undefined;
  else for (const id of added) sim.seen[id] = true;
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
