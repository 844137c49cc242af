/**
 * A replay that can stop and look: scenario tests check the state at several times, and
 * `plan` needs the end state (campaign enrollments, open feedback loops) that the summary
 * of `simulate` leaves out. Built from the engine's own pieces (`runSimulation`,
 * `summarizeContact`), so a replay in one go gives exactly what `simulate` gives.
 */
import type { CompiledIr } from "../../schemas/ir.js";
import { compileModel, type Model } from "../engine/model.js";
import {
  accountsView,
  contactAccountStages,
  emptySimulation,
  outboxRow,
  runSimulation,
  summarizeContact,
  type SimulationResult,
  type SimulationState,
} from "../engine/simulate.js";
import type { Effect, OutboxEffect, RejectedEffect, ThresholdEffect } from "../engine/types.js";
import { parseTime } from "../engine/validate.js";

export interface Replay {
  model: Model;
  state: SimulationState;
  /** Threshold fires per contact, in the order they happened. */
  fired: Map<string, ThresholdEffect[]>;
  outbox: OutboxEffect[];
  rejected: RejectedEffect[];
  errors: SimulationResult["errors"];
}

export function startReplay(ir: CompiledIr): Replay {
  return { model: compileModel(ir), state: emptySimulation(), fired: new Map(), outbox: [], rejected: [], errors: [] };
}

/**
 * Applies `events` and fires timers up to `until` (epoch ms); the state moves on in place.
 * Only the effects the view needs are kept: ledger rows and timers of a long history would
 * hold most of the memory.
 */
export function advance(r: Replay, events: readonly unknown[], until?: number): void {
  const out = runSimulation(r.model, r.state, events, until);
  for (const e of out.effects) keep(r, e);
  for (const e of out.errors) r.errors.push(e);
}

function keep(r: Replay, e: Effect): void {
  if (e.type === "threshold") {
    let list = r.fired.get(e.contact);
    if (list === undefined) r.fired.set(e.contact, (list = []));
    list.push(e);
  } else if (e.type === "outbox") r.outbox.push(e);
  else if (e.type === "rejected") r.rejected.push(e);
}

/**
 * The SPEC section 3 view of the replay as it stands: the same value as the engine's
 * `summarize`, but each contact reads only its own threshold fires (linear in the history,
 * where filtering every effect for every contact is not).
 */
export function view(r: Replay): SimulationResult {
  const at = r.state.now ?? 0;
  const contacts = Object.keys(r.state.contacts)
    .sort()
    .flatMap((id) => {
      const st = r.state.contacts[id];
      return st === undefined ? [] : [summarizeContact(r.model, st, r.fired.get(id) ?? [], at, contactAccountStages(r.model, r.state, st))];
    });
  const errors = [...r.errors, ...r.rejected.map((e) => ({ event: e.event, error: e.message }))];
  const result: SimulationResult = { hash: r.model.hash, contacts, outbox: r.outbox.map(outboxRow), errors };
  const accounts = accountsView(r.model, r.state);
  if (accounts !== undefined) result.accounts = accounts;
  return result;
}

/** One replay of a whole history: what `simulate` returns, plus the state it ended in. */
export function replayHistory(ir: CompiledIr, events: readonly unknown[], until?: number): { result: SimulationResult; replay: Replay } {
  const replay = startReplay(ir);
  advance(replay, events, until);
  return { result: view(replay), replay };
}

/** Events per step of a replay that reports progress. */
const STEP = 50_000;

/**
 * `replayHistory`, in steps of {@link STEP} events in time order, calling `onProgress`
 * after each: for a progress line on a terminal. Splitting a history in time order gives
 * the same result as one run (the engine's property tests hold it to that).
 */
export function replayWithProgress(
  ir: CompiledIr,
  events: readonly unknown[],
  until: number | undefined,
  onProgress: (done: number, total: number) => void,
  step = STEP,
): { result: SimulationResult; replay: Replay } {
  if (events.length <= step) return replayHistory(ir, events, until);
  const keyed = events.map((raw) => {
    const r = raw as { at?: unknown; id?: unknown };
    return { raw, at: parseTime(r.at) ?? 0, id: String(r.id) };
  });
  keyed.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const replay = startReplay(ir);
  for (let i = 0; i < keyed.length; i += step) {
    advance(replay, keyed.slice(i, i + step).map((k) => k.raw));
    onProgress(Math.min(i + step, keyed.length), keyed.length);
  }
  if (until !== undefined) advance(replay, [], until);
  return { result: view(replay), replay };
}
