/**
 * Thresholds are edge-triggered per (threshold, key): they fire when the condition goes from
 * false to true, re-arm when it is false again, and never fire for a contact in a
 * suppression segment. Within `cooldown D` of the previous fire a new edge is held
 * ("pending") and fires when the cooldown ends if the condition still holds.
 */
import type { ThresholdModel } from "./model.js";
import { runActions } from "./actions.js";
import { inSuppression, iso, ownRecord, touched, type Run } from "./run.js";

/** The keys a per-dimension threshold is evaluated for: every key its scores/pipelines have. */
const NO_KEY: readonly string[] = [""];

function thresholdKeys(run: Run, t: ThresholdModel): readonly string[] {
  if (t.per === undefined) return NO_KEY;
  const keys = new Set<string>();
  for (const s of t.keyScores) for (const k in run.st.scores[s] ?? {}) keys.add(k);
  for (const p of t.keyPipelines) for (const k in run.st.stages[p] ?? {}) keys.add(k);
  return [...keys].sort();
}

function fire(run: Run, t: ThresholdModel, key: string): void {
  const cells = (ownRecord(run.st, "thresholds")[t.name] ??= {});
  cells[key] = { state: "fired", lastFiredAt: run.now };
  run.effects.push({ type: "threshold", contact: run.st.id, name: t.name, key, at: run.now });
  const label = key === "" ? t.name : `${t.name}[${key}]`;
  runActions(run, t.actions, {
    reason: `threshold:${t.name}`,
    key,
    idBase: `threshold:${label}:${run.st.id}:${iso(run.now)}`,
  });
}

/**
 * Evaluates the thresholds whose conditions read something that changed. `force` also
 * evaluates the rest (timers: cooldown ends, config changes).
 */
export function evaluateThresholds(run: Run, force: boolean): void {
  if (!force && !touched(run, run.model.thresholdDeps)) return;
  const suppressed = inSuppression(run);
  for (const t of run.model.thresholds) {
    if (!force && !touched(run, t.cond.deps) && !suppressed) continue;
    for (const key of thresholdKeys(run, t)) {
      run.ec.key = t.per === undefined ? undefined : key;
      const on = !suppressed && t.cond.test(run.ec);
      run.ec.key = undefined;
      const cells = run.st.thresholds[t.name];
      const cell = cells?.[key];
      if (!on) {
        if (cell === undefined || cell.state === "off") continue;
        if (cell.lastFiredAt === undefined) delete cells?.[key];
        else cell.state = "off";
        continue;
      }
      if (cell?.state === "fired") continue;
      const last = cell?.lastFiredAt;
      if (t.cooldownMs !== undefined && last !== undefined && run.now < last + t.cooldownMs) {
        (ownRecord(run.st, "thresholds")[t.name] ??= {})[key] = { state: "pending", lastFiredAt: last };
        continue;
      }
      fire(run, t, key);
    }
  }
}
