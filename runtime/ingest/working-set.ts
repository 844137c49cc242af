/**
 * The contacts one transaction works on: loaded after they were locked, changed by the pure
 * engine input by input, saved once at the end. Shared by ingest and the due-timer loop so
 * both apply inputs exactly as `simulate` does.
 */
import { accountOthers } from "../engine/account.js";
import { applyInput, updateAccounts, type AccountState, type ApplyContext, type Model } from "../engine/index.js";
import { accountStageView, keepsAccounts, runAccountPipelines, type AccountStageEffect } from "../engine/account-pipeline.js";
import type { ContactState, Effect, EventInput, Input } from "../engine/types.js";
import { loadAccountStages, saveAccountStages, type AccountStageRow } from "../store/account-stages.js";
import { idList, loadContacts } from "../store/contact-load.js";
import { saveContacts } from "../store/contact-save.js";
import type { Db } from "../store/db.js";

export interface WorkingSet {
  tx: Db;
  model: Model;
  states: Map<string, ContactState>;
  /** Deep copies as loaded: what `saveContacts` diffs against. */
  before: Map<string, ContactState>;
  effects: Effect[];
  /** Account rows (members' contributions, account stages), only when the config has account scores or pipelines. */
  accounts: Record<string, AccountState>;
  hasAccounts: boolean;
  /** Account stage moves, in order (`account_stage_history` rows). */
  accountMoves: AccountStageEffect[];
  /** Account → its stages as loaded (JSON): what the save diffs against. */
  accountStagesBefore: Map<string, string>;
}

/** A timer that does not move forward after firing would loop: stop after this many. */
const MAX_TIMER_ROUNDS = 10_000;

/** Loads the (already locked) contacts `ids` and the accounts they belong to. */
export async function openWorkingSet(tx: Db, model: Model, ids: readonly string[]): Promise<WorkingSet> {
  const states = await loadContacts(tx, ids);
  const before = new Map<string, ContactState>();
  for (const [id, st] of states) before.set(id, structuredClone(st));
  const hasAccounts = keepsAccounts(model);
  const w: WorkingSet = { tx, model, states, before, effects: [], accounts: {}, hasAccounts, accountMoves: [], accountStagesBefore: new Map() };
  if (hasAccounts) {
    const accounts = new Set<string>();
    for (const st of states.values()) {
      const a = st.fields["account"];
      if (typeof a === "string" && a !== "") accounts.add(a);
    }
    await loadAccounts(w, [...accounts]);
  }
  return w;
}

async function loadAccounts(w: WorkingSet, ids: readonly string[]): Promise<void> {
  const missing = ids.filter((id) => w.accounts[id] === undefined);
  if (missing.length === 0) return;
  for (const id of missing) w.accounts[id] = { id, members: {} };
  // Account pipelines: lock the accounts first, so the members read next include what a
  // concurrent writer of the same account committed while we waited.
  if (w.model.accountPipelines.length > 0) {
    const stages = await loadAccountStages(w.tx, missing);
    for (const id of missing) {
      const cells = stages.get(id);
      const acc = w.accounts[id];
      if (cells !== undefined && acc !== undefined) acc.stages = cells;
      w.accountStagesBefore.set(id, JSON.stringify(cells ?? {}));
    }
  }
  const rows = await w.tx.query<{ contact: string; account: string; vals: Record<string, number> }>(
    "SELECT contact, account, vals FROM account_members WHERE account IN (SELECT jsonb_array_elements_text($1::jsonb))",
    [idList(missing)],
  );
  for (const r of rows) {
    const acc = w.accounts[r.account];
    if (acc !== undefined) acc.members[r.contact] = r.vals;
  }
}

async function contextOf(w: WorkingSet, st: ContactState | undefined): Promise<ApplyContext> {
  // `stage P.S` actions on account pipelines are collected even before the contact has an account (its input may give it one).
  if (!w.hasAccounts) return {};
  const id = st?.fields["account"];
  if (st === undefined || typeof id !== "string" || id === "") return w.model.accountPipelines.length > 0 ? { accountActions: [] } : {};
  await loadAccounts(w, [id]);
  const acc = w.accounts[id];
  const stages = accountStageView(w.model, acc, true);
  return stages === undefined ? { account: accountOthers(w.model, acc, st.id) } : { account: accountOthers(w.model, acc, st.id), accountStages: stages, accountActions: [] };
}

async function afterInput(w: WorkingSet, st: ContactState, effects: readonly Effect[], input: Input, ctx: ApplyContext): Promise<void> {
  for (const e of effects) w.effects.push(e);
  w.states.set(st.id, st);
  if (!w.hasAccounts) return;
  const a = st.fields["account"];
  if (typeof a === "string" && a !== "") await loadAccounts(w, [a]);
  updateAccounts(w.model, w.accounts, st);
  runAccountPipelines(w.model, w.accounts, st, input, ctx.accountActions ?? [], w.accountMoves, w.effects);
}

/**
 * Applies one input to its contact when the config keeps no accounts: nothing then needs the
 * database, so this stays synchronous (a batch of 1,000 events would otherwise pay several
 * promises per event). Same steps as `contextOf` + `applyInput` + `afterInput` without accounts.
 */
function applyLocal(w: WorkingSet, st: ContactState | undefined, input: Input): void {
  const r = applyInput(w.model, st, input, {});
  for (const e of r.effects) w.effects.push(e);
  w.states.set(r.state.id, r.state);
}

function fireTimersLocal(w: WorkingSet, id: string, until: number): void {
  for (let round = 0; round < MAX_TIMER_ROUNDS; round++) {
    const st = w.states.get(id);
    const at = st?.timers[0]?.at;
    if (st === undefined || at === undefined || at > until) return;
    applyLocal(w, st, { kind: "timer", timer: { type: "timer", contact: id, at } });
  }
}

/** Fires the contact's timers due at or before `until`, one instant at a time (as `simulate`). */
export async function fireTimers(w: WorkingSet, id: string, until: number): Promise<void> {
  if (!w.hasAccounts) return fireTimersLocal(w, id, until);
  for (let round = 0; round < MAX_TIMER_ROUNDS; round++) {
    const st = w.states.get(id);
    const at = st?.timers[0]?.at;
    if (st === undefined || at === undefined || at > until) return;
    const input: Input = { kind: "timer", timer: { type: "timer", contact: id, at } };
    const ctx = await contextOf(w, st);
    const r = applyInput(w.model, st, input, ctx);
    await afterInput(w, r.state, r.effects, input, ctx);
  }
}

/** Applies the events in order, each after its contact's timers due by then (`applyEvent`). */
export async function applyEvents(w: WorkingSet, events: readonly EventInput[]): Promise<void> {
  if (w.hasAccounts) {
    for (const e of events) await applyEvent(w, e);
    return;
  }
  for (const e of events) {
    fireTimersLocal(w, e.contact, e.at);
    applyLocal(w, w.states.get(e.contact), { kind: "event", event: e });
  }
}

/** Applies one event to its contact, after the contact's timers due by then. */
export async function applyEvent(w: WorkingSet, e: EventInput): Promise<void> {
  await fireTimers(w, e.contact, e.at);
  const st = w.states.get(e.contact);
  const input: Input = { kind: "event", event: e };
  const ctx = await contextOf(w, st);
  const r = applyInput(w.model, st, input, ctx);
  await afterInput(w, r.state, r.effects, input, ctx);
}

/**
 * Runs `step` on one loaded contact with its account context (a new config version's
 * adoption), recording its effects as an input's.
 */
export async function applyToContact(w: WorkingSet, id: string, step: (st: ContactState, ctx: ApplyContext) => readonly Effect[]): Promise<void> {
  const st = w.states.get(id);
  if (st === undefined) return;
  const ctx = await contextOf(w, st);
  const effects = step(st, ctx);
  await afterInput(w, st, effects, { kind: "refresh", contact: id, at: st.updatedAt }, ctx);
}

/** Writes every changed contact and the effects' rows. */
export async function saveWorkingSet(w: WorkingSet): Promise<void> {
  const changes = [...w.states.values()].map((after) => ({ before: w.before.get(after.id), after }));
  await saveContacts(w.tx, w.model, changes, w.effects);
  if (w.model.accountPipelines.length > 0) await saveAccountStages(w.tx, changedAccountStages(w), w.accountMoves);
}

/** The account stage cells that differ from what was loaded. */
function changedAccountStages(w: WorkingSet): AccountStageRow[] {
  const rows: AccountStageRow[] = [];
  for (const id of Object.keys(w.accounts).sort()) {
    const stages = w.accounts[id]?.stages ?? {};
    const before = JSON.parse(w.accountStagesBefore.get(id) ?? "{}") as Record<string, unknown>;
    for (const pipeline of Object.keys(stages).sort()) {
      const cell = stages[pipeline];
      if (cell !== undefined && JSON.stringify(cell) !== JSON.stringify(before[pipeline])) rows.push({ account: id, pipeline, cell });
    }
  }
  return rows;
}
