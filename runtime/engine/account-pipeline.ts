/**
 * Account pipelines (`pipeline P { for account ... }`): one stage per account (the contact's
 * `account` field), kept on the account row next to its members' contributions.
 *
 * They run after each input of a member (event, timer, refresh), once the member's
 * contribution is recorded (`updateAccounts`), so one member's activity moves the account for
 * all. In order: a manual `stage.set` / `stage.unlocked` naming the pipeline (sent on any
 * member), the event triggers for the member's event, then the condition triggers. Conditions
 * read the account's scores (every member's contribution, the current member's included) and
 * the account's stages; anything else they name (fields, contact scores, tags, segments,
 * event history) is read from the member whose input is being applied. Moves follow the
 * contact pipelines' rules: forward only unless allowed, the furthest stage wins, condition
 * triggers are edge-triggered, a manual stage holds until unlocked or until `manual lock D`
 * has passed (checked at the next member input: accounts have no timers of their own).
 * A pipeline's `per` is ignored here: an account has one stage per account pipeline.
 */
import { accountOthers, type AccountState } from "./account.js";
import type { EvalCtx } from "./condition.js";
import type { Model, PipelineModel } from "./model.js";
import { isAllowed, isLocked } from "./pipeline.js";
import type { AccountAction } from "./run.js";
import type { ContactState, Effect, Input, StageCell } from "./types.js";

/** One move of an account's stage: an `account_stage_history` row. */
export interface AccountStageEffect {
  type: "account_stage";
  account: string;
  pipeline: string;
  /** null: the account was first seen (its initial stage). */
  from: string | null;
  to: string;
  /** `initial`, `condition`, `event:TYPE` or `manual:BY`. */
  reason: string;
  /** The member whose input made the move. */
  contact: string;
  event: string | null;
  at: number;
  hash: string;
}

/** Does the config keep account rows (account scores or account pipelines)? */
export function keepsAccounts(model: Model): boolean {
  return model.accountPipelines.length > 0 || [...model.scores.values()].some((s) => s.def.scope === "account");
}

/**
 * What `ApplyContext.accountStages` needs: the account's stage per account pipeline. Undefined
 * when the config has no account pipelines or the contact has no account.
 */
export function accountStageView(model: Model, acc: AccountState | undefined, hasAccount: boolean): Record<string, string> | undefined {
  if (model.accountPipelines.length === 0 || !hasAccount) return undefined;
  const out: Record<string, string> = {};
  for (const p of model.accountPipelines) out[p.name] = acc?.stages?.[p.name]?.stage ?? p.initial;
  return out;
}

interface AccountRun {
  model: Model;
  acc: AccountState;
  st: ContactState;
  now: number;
  eventId: string | null;
  out: AccountStageEffect[];
}

function move(r: AccountRun, p: PipelineModel, cell: StageCell, to: string, reason: string): void {
  if (cell.stage === to) return;
  r.out.push({ type: "account_stage", account: r.acc.id, pipeline: p.name, from: cell.stage, to, reason, contact: r.st.id, event: r.eventId, at: r.now, hash: r.model.hash });
  cell.stage = to;
  cell.since = r.now;
}

/** An automatic move: the furthest allowed candidate, unless a manual lock holds. */
function moveToFurthest(r: AccountRun, p: PipelineModel, cell: StageCell, candidates: readonly number[], reason: string): void {
  if (candidates.length === 0 || isLocked(cell, r.now)) return;
  const from = p.stageIndex.get(cell.stage) ?? 0;
  let best = -1;
  for (const c of candidates) if (c !== from && isAllowed(p, from, c) && c > best) best = c;
  const stage = p.def.stages[best];
  if (stage !== undefined) move(r, p, cell, stage.name, reason);
}

/** `stage.set` on a member for this pipeline: allowed moves only; locks. Returns an error text. */
function manualSet(r: AccountRun, p: PipelineModel, cell: StageCell, to: string, by: string): string | undefined {
  const toIdx = p.stageIndex.get(to);
  if (toIdx === undefined) return `pipeline "${p.name}" has no stage "${to}"; its stages are: ${p.def.stages.map((s) => s.name).join(", ")}`;
  if (!isAllowed(p, p.stageIndex.get(cell.stage) ?? 0, toIdx)) {
    return `pipeline "${p.name}" does not allow moving account "${r.acc.id}" back from "${cell.stage}" to "${to}" (add \`allow ${cell.stage} -> ${to}\` to allow it)`;
  }
  move(r, p, cell, to, `manual:${by}`);
  cell.lock = p.manualLockMs === undefined ? { by, at: r.now } : { by, at: r.now, until: r.now + p.manualLockMs };
  return undefined;
}

/** Ends the lock; condition triggers that are true apply again (edges reset). */
function unlock(cell: StageCell): void {
  delete cell.lock;
  delete cell.edges;
}

function cellOf(r: AccountRun, p: PipelineModel): StageCell {
  const stages = (r.acc.stages ??= {});
  let cell = stages[p.name];
  if (cell === undefined) {
    stages[p.name] = cell = { stage: p.initial, since: r.now };
    r.out.push({ type: "account_stage", account: r.acc.id, pipeline: p.name, from: null, to: p.initial, reason: "initial", contact: r.st.id, event: r.eventId, at: r.now, hash: r.model.hash });
  }
  return cell;
}

/**
 * Runs the account pipelines of the member `st`'s account after one input of that member
 * (`input`; its contribution already recorded in `accounts`), with the `stage P.S` actions on
 * account pipelines that input ran (`actions`). Account stage moves go to `out`;
 * a refused manual move goes to `effects` as the member's `rejected` effect. A member without
 * an account, or deleted, moves nothing (a member that left keeps its old account where it is).
 */
export function runAccountPipelines(
  model: Model,
  accounts: Record<string, AccountState>,
  st: ContactState,
  input: Input,
  actions: readonly AccountAction[],
  out: AccountStageEffect[],
  effects: Effect[],
): void {
  if (model.accountPipelines.length === 0 || st.deletedAt !== undefined) return;
  const id = st.fields["account"];
  if (typeof id !== "string" || id === "") return;
  const acc = (accounts[id] ??= { id, members: {} });
  const event = input.kind === "event" ? input.event : undefined;
  const r: AccountRun = { model, acc, st, now: st.updatedAt, eventId: event?.id ?? null, out };
  const ec: EvalCtx = { st, now: r.now, props: undefined, key: undefined, account: accountOthers(model, acc, st.id), accountStages: undefined };
  for (const p of model.accountPipelines) {
    const cell = cellOf(r, p);
    if (cell.lock?.until !== undefined && cell.lock.until <= r.now) unlock(cell);
    if (event !== undefined && (event.type === "stage.set" || event.type === "stage.unlocked") && event.props["pipeline"] === p.name) {
      if (event.type === "stage.unlocked") unlock(cell);
      else {
        const by = typeof event.props["by"] === "string" ? event.props["by"] : "someone";
        const err = manualSet(r, p, cell, String(event.props["stage"]), by);
        if (err !== undefined) effects.push({ type: "rejected", contact: st.id, event: event.id, message: err, at: r.now });
      }
    }
    // Actions (thresholds, campaigns, feedback outcomes of the member) are automatic moves.
    for (const a of actions) {
      const idx = a.pipeline === p.name ? p.stageIndex.get(a.stage) : undefined;
      if (idx !== undefined) moveToFurthest(r, p, cell, [idx], a.reason);
    }
    ec.accountStages = accountStageView(model, acc, true);
    const triggers = event === undefined ? undefined : p.eventTriggers.get(event.type);
    if (event !== undefined && triggers !== undefined) {
      ec.props = event.props;
      const candidates: number[] = [];
      for (const t of triggers) if (t.if === undefined || t.if(ec)) candidates.push(t.stage);
      ec.props = undefined;
      moveToFurthest(r, p, cell, candidates, `event:${event.type}`);
    }
    if (p.condTriggers.length === 0 || isLocked(cell, r.now)) continue;
    ec.accountStages = accountStageView(model, acc, true);
    const before = cell.edges ?? 0;
    let edges = 0;
    const candidates: number[] = [];
    for (const t of p.condTriggers) {
      if (!t.cond.test(ec)) continue;
      edges |= 1 << t.bit;
      if ((before & (1 << t.bit)) === 0) candidates.push(t.stage);
    }
    if (edges === 0) delete cell.edges;
    else cell.edges = edges;
    moveToFurthest(r, p, cell, candidates, "condition");
  }
}

/** The account's stages by pipeline name (sorted), for `simulate`'s `accounts`. */
export function accountStages(model: Model, acc: AccountState): Record<string, string> {
  return accountStageView(model, acc, true) ?? {};
}
