/**
 * The contact's pending wake-ups, kept in its state (so a run split in two, with the state
 * serialised in between, wakes exactly like one run). After every input the derived timers
 * are recomputed: the next decay transition, the next time a time-relative condition can
 * change, cooldown ends, lock ends, feedback asks and campaign waits. Delete timers are
 * set by actions and kept until due.
 */
import { Dep } from "./condition.js";
import { nextTransitionAt } from "./decay.js";
import type { Run } from "./run.js";
import type { ContactState, Timer, TimerKind } from "./types.js";

const KIND_ORDER: Record<TimerKind, number> = {
  decay: 0,
  unlock: 1,
  cooldown: 2,
  recheck: 3,
  feedback: 4,
  campaign: 5,
  delete: 6,
};

export function compareTimers(a: Timer, b: Timer): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  const an = a.name ?? "";
  const bn = b.name ?? "";
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** Adds a timer; one per (kind, name), the earliest wins. */
export function addTimer(st: ContactState, t: Timer): void {
  const i = st.timers.findIndex((x) => x.kind === t.kind && x.name === t.name);
  if (i >= 0) {
    const old = st.timers[i];
    if (old !== undefined && old.at <= t.at) return;
    st.timers.splice(i, 1);
  }
  st.timers.push(t);
  st.timers.sort(compareTimers);
}

/** When the contact next needs the engine, or undefined. */
export function nextTimerAt(st: ContactState): number | undefined {
  return st.timers[0]?.at;
}

function derivedTimers(run: Run, before: readonly Timer[]): Timer[] {
  const { st, model, now } = run;
  const out: Timer[] = [];
  let decay = Infinity;
  // No score changed: the next transition is still the one computed last time (no crossing
  // happened in between, or its timer would have fired first).
  if ((run.changed & Dep.scores) === 0) {
    const old = before.find((t) => t.kind === "decay");
    if (old !== undefined) out.push(old);
  } else for (const sm of model.contactScores) {
    if (sm.decay === undefined) continue;
    const cells = st.scores[sm.name];
    for (const key in cells) {
      const cell = cells[key];
      if (cell === undefined) continue;
      const t = nextTransitionAt(sm.decay, cell, sm.bounds, now, sm.rest);
      if (t !== undefined && t < decay) decay = t;
    }
  }
  if (decay !== Infinity) out.push({ at: decay, kind: "decay" });

  // Nothing the time-relative conditions read changed: their next change is still the one
  // computed last time (each part's next change is a time after now that only their inputs
  // move; a due one would have fired as a timer before this input).
  if ((run.changed & model.timeCondDeps) === 0) {
    const old = before.find((t) => t.kind === "recheck");
    if (old !== undefined) out.push(old);
  } else {
    let recheck = Infinity;
    run.ec.key = undefined;
    run.ec.props = undefined;
    for (const c of model.timeConds) {
      const t = c.nextChange?.(run.ec) ?? Infinity;
      if (t > now && t < recheck) recheck = t;
    }
    if (recheck !== Infinity) out.push({ at: recheck, kind: "recheck" });
  }

  for (const t of model.thresholds) {
    if (t.cooldownMs === undefined) continue;
    let at = Infinity;
    const cells = st.thresholds[t.name];
    for (const key in cells) {
      const c = cells[key];
      if (c?.state === "pending" && c.lastFiredAt !== undefined) at = Math.min(at, c.lastFiredAt + t.cooldownMs);
    }
    if (at !== Infinity) out.push({ at, kind: "cooldown", name: t.name });
  }
  for (const p of model.pipelines) {
    let at = Infinity;
    const cells = st.stages[p.name];
    for (const key in cells) {
      const until = cells[key]?.lock?.until;
      if (until !== undefined) at = Math.min(at, until);
    }
    if (at !== Infinity) out.push({ at, kind: "unlock", name: p.name });
  }
  // No need to visit names in order: the caller sorts by (time, kind, name).
  for (const loop in st.feedback) {
    const at = st.feedback[loop]?.nextAskAt;
    if (at !== undefined) out.push({ at, kind: "feedback", name: loop });
  }
  for (const name in st.campaigns) {
    const at = st.campaigns[name]?.active?.waitUntil;
    if (at !== undefined) out.push({ at, kind: "campaign", name });
  }
  return out;
}

/** Rebuilds the timer list after an input; emits the timers that are new or moved. */
export function refreshTimers(run: Run): void {
  const { st } = run;
  const before = st.timers;
  if (st.deletedAt !== undefined) {
    st.timers = [];
    return;
  }
  const next = derivedTimers(run, before);
  for (const t of before) if (t.kind === "delete") next.push(t);
  if (next.length > 1) next.sort(compareTimers);
  let same = next.length === before.length;
  for (let i = 0; i < next.length; i++) {
    const t = next[i] as Timer;
    const b = before[i];
    if (b !== undefined && b.kind === t.kind && b.name === t.name && b.at === t.at) continue;
    same = false;
    if (!before.some((x) => x.kind === t.kind && x.name === t.name && x.at === t.at)) run.effects.push({ type: "timer", contact: st.id, timer: t });
  }
  // Keep the old array when nothing moved (no garbage on the hot path); a stored list is
  // copied to its exact length (a pushed-to array keeps room for 17).
  if (!same) st.timers = next.slice();
}
