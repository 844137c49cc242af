/**
 * Account scores: `score NAME for account { from contacts sum|max of S }`. An account keeps,
 * per member contact, the values of the contact scores its account scores follow (as of the
 * contact's latest write: decay between writes shows up at the contact's next write or decay
 * transition). The account's score is the sum or max over members, clamped to its limit.
 * Kept outside the contact state (a separate row per account); `simulate` and the runtime
 * update it after each input of a contact.
 */
import type { Model } from "./model.js";
import { clamp } from "./run.js";
import type { ContactState, StageCell } from "./types.js";

/** One account row: its members' contributions (plain JSON). */
export interface AccountState {
  id: string;
  /** contact id → source score name → value. */
  members: Record<string, Record<string, number>>;
  /** Account pipeline → the account's stage (account-pipeline.ts); absent until a member's first input. */
  stages?: Record<string, StageCell>;
}

const sourceCache = new WeakMap<Model, string[]>();

/** The contact scores that some account score follows. */
function sources(model: Model): string[] {
  let list = sourceCache.get(model);
  if (list === undefined) {
    const out = new Set<string>();
    for (const sm of model.scores.values()) if (sm.def.scope === "account" && sm.def.from !== undefined) out.add(sm.def.from.score);
    sourceCache.set(model, (list = [...out].sort()));
  }
  return list;
}

/** The contact's account and what it contributes (undefined when it has no account or is deleted). */
export function accountContribution(model: Model, st: ContactState): { account: string; values: Record<string, number> } | undefined {
  const account = st.fields["account"];
  if (typeof account !== "string" || account === "" || st.deletedAt !== undefined) return undefined;
  const values: Record<string, number> = {};
  for (const s of sources(model)) {
    const cells = st.scores[s] ?? {};
    let best: number | undefined;
    for (const k in cells) {
      const v = cells[k]?.value ?? 0;
      if (best === undefined || v > best) best = v;
    }
    values[s] = best ?? 0;
  }
  return { account, values };
}

/** Records a contact's contribution, moving it between accounts when its account changed. */
export function updateAccounts(model: Model, accounts: Record<string, AccountState>, st: ContactState): void {
  if (sources(model).length === 0 && model.accountPipelines.length === 0) return;
  const c = accountContribution(model, st);
  for (const id in accounts) if (id !== c?.account) delete accounts[id]?.members[st.id];
  if (c === undefined) return;
  const acc = (accounts[c.account] ??= { id: c.account, members: {} });
  acc.members[st.id] = c.values;
}

/**
 * What `ApplyContext.account` needs for one contact: per account score, the sum (or max) of
 * its source over the account's other members, unclamped (-Infinity for max over none).
 */
export function accountOthers(model: Model, acc: AccountState | undefined, contact: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sm of model.scores.values()) {
    const from = sm.def.from;
    if (sm.def.scope !== "account" || from === undefined) continue;
    let agg = from.agg === "max" ? -Infinity : 0;
    for (const id in acc?.members ?? {}) {
      if (id === contact) continue;
      const v = acc?.members[id]?.[from.score] ?? 0;
      agg = from.agg === "max" ? Math.max(agg, v) : agg + v;
    }
    out[sm.name] = agg;
  }
  return out;
}

/** The account's scores, by name (sorted). */
export function accountScores(model: Model, acc: AccountState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sm of [...model.scores.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const from = sm.def.from;
    if (sm.def.scope !== "account" || from === undefined) continue;
    let agg = from.agg === "max" ? -Infinity : 0;
    let n = 0;
    for (const id of Object.keys(acc.members).sort()) {
      const v = acc.members[id]?.[from.score] ?? 0;
      agg = from.agg === "max" ? Math.max(agg, v) : agg + v;
      n++;
    }
    out[sm.name] = clamp(sm, n === 0 ? 0 : Math.round(agg * 100) / 100);
  }
  return out;
}
