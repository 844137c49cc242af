/**
 * The engine's side of the comparison: its compiled predicate (runtime/engine/condition.ts)
 * on a contact's stored state as the engine sees it at an input at `now` — decay materialised
 * the way `materialiseDecay` writes it (tick by tick), segment memberships as stored.
 */
import { compileCond } from "../../runtime/engine/condition.js";
import { decayedValue, decaySteps, type ContactState, type Model } from "../../runtime/engine/index.js";
import type { Cond } from "../../schemas/ir.js";

export function enginePredicate(model: Model, cond: Cond, stored: ContactState, now: number): boolean {
  const st = structuredClone(stored);
  const at = Math.max(now, st.updatedAt);
  for (const sm of model.contactScores) {
    if (sm.decay === undefined) continue;
    for (const cell of Object.values(st.scores[sm.name] ?? {})) {
      if (decayedValue(sm.decay, cell, at, sm.rest) === cell.value) continue;
      const steps = decaySteps(sm.decay, cell, at, sm.rest);
      const last = steps[steps.length - 1];
      if (last === undefined) continue;
      cell.value = last.value;
      cell.asOf = at;
    }
  }
  return compileCond(model.ir, cond).test({ st, now: at, props: undefined, key: undefined, account: undefined });
}
