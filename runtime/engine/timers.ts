/**
 * The contact's pending wake-ups, kept in its state (so a run split in two, with the state
 * serialised in between, wakes exactly like one run). After every input the derived timers
 * are recomputed: the next decay transition, the next time a time-relative condition can
 * change, cooldown ends, lock ends, feedback asks and campaign waits. Delete timers are
 * set by actions and kept until due.
 */
import { Dep } from "./condition.js";
import { nextTransitionAt } from "./decay.js";
import { Quiet, wants, type Run } from "./run.js";
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
  const list = st.timers;
  for (let i = 0; i < list.length; i++) {
    const old = list[i] as Timer;
    if (old.kind !== t.kind || old.name !== t.name) continue;
    if (old.at <= t.at) return;
    list.splice(i, 1);
    break;
  }
  insertSorted(list, t);
}

/** Inserts into a list sorted by `compareTimers`, after its equals (as a stable sort would). */
function insertSorted(list: Timer[], t: Timer): void {
  let i = list.length;
  while (i > 0 && compareTimers(list[i - 1] as Timer, t) > 0) i--;
  list.splice(i, 0, t);
}

/** When the contact next needs the engine, or undefined. */
export function nextTimerAt(st: ContactState): number | undefined {
  return st.timers[0]?.at;
}

// The timers one refresh derives, sorted, as values in parallel arrays reused by every
// refresh (they never nest): most inputs derive the timers the contact already has, and then
// nothing is allocated. `size` is how many are this refresh's.
const ats: number[] = [];
const kinds: TimerKind[] = [];
const names: (string | undefined)[] = [];
let size = 0;

function find(list: readonly Timer[], kind: TimerKind, name: string | undefined): Timer | undefined {
  for (const t of list) if (t.kind === kind && t.name === name) return t;
  return undefined;
}

/** Orders (at, kind, name) as `compareTimers` orders timers. */
function before3(at: number, kind: TimerKind, name: string | undefined, i: number): boolean {
  const bat = ats[i] as number;
  if (at !== bat) return at < bat;
  const bk = kinds[i] as TimerKind;
  if (kind !== bk) return KIND_ORDER[kind] < KIND_ORDER[bk];
  return (name ?? "") < (names[i] ?? "");
}

/** Adds a derived timer, keeping the list sorted (after its equals, as a stable sort would). */
function put(at: number, kind: TimerKind, name: string | undefined): void {
  let i = size++;
  while (i > 0 && before3(at, kind, name, i - 1)) {
    ats[i] = ats[i - 1] as number;
    kinds[i] = kinds[i - 1] as TimerKind;
    names[i] = names[i - 1];
    i--;
  }
  ats[i] = at;
  kinds[i] = kind;
  names[i] = name;
}

function has(list: readonly Timer[], i: number): boolean {
  for (const t of list) if (t.at === ats[i] && t.kind === kinds[i] && t.name === names[i]) return true;
  return false;
}

function derivedTimers(run: Run, before: readonly Timer[]): void {
  const { st, model, now } = run;
  // No score changed: the next transition is still the one computed last time (no crossing
  // happened in between, or its timer would have fired first).
  if ((run.changed & Dep.scores) === 0) {
    const old = find(before, "decay", undefined);
    if (old !== undefined) put(old.at, "decay", undefined);
  } else {
    let decay = Infinity;
    for (const sm of model.contactScores) {
      if (sm.decay === undefined) continue;
      const cells = st.scores[sm.name];
      for (const key in cells) {
        const cell = cells[key];
        if (cell === undefined) continue;
        const t = nextTransitionAt(sm.decay, cell, sm.bounds, now, sm.rest);
        if (t !== undefined && t < decay) decay = t;
      }
    }
    if (decay !== Infinity) put(decay, "decay", undefined);
  }

  // Nothing the time-relative conditions read changed: their next change is still the one
  // computed last time (each part's next change is a time after now that only their inputs
  // move; a due one would have fired as a timer before this input).
  if ((run.changed & model.timeCondDeps) === 0) {
    const old = find(before, "recheck", undefined);
    if (old !== undefined) put(old.at, "recheck", undefined);
  } else {
    let recheck = Infinity;
    run.ec.key = undefined;
    run.ec.props = undefined;
    for (const c of model.timeConds) {
      const t = c.nextChange?.(run.ec) ?? Infinity;
      if (t > now && t < recheck) recheck = t;
    }
    if (recheck !== Infinity) put(recheck, "recheck", undefined);
  }

  for (const t of model.thresholds) {
    if (t.cooldownMs === undefined) continue;
    let at = Infinity;
    const cells = st.thresholds[t.name];
    for (const key in cells) {
      const c = cells[key];
      if (c?.state === "pending" && c.lastFiredAt !== undefined) at = Math.min(at, c.lastFiredAt + t.cooldownMs);
    }
    if (at !== Infinity) put(at, "cooldown", t.name);
  }
  for (const p of model.pipelines) {
    let at = Infinity;
    const cells = st.stages[p.name];
    for (const key in cells) {
      const until = cells[key]?.lock?.until;
      if (until !== undefined) at = Math.min(at, until);
    }
    if (at !== Infinity) put(at, "unlock", p.name);
  }
  for (const loop in st.feedback) {
    const at = st.feedback[loop]?.nextAskAt;
    if (at !== undefined) put(at, "feedback", loop);
  }
  for (const name in st.campaigns) {
    const at = st.campaigns[name]?.active?.waitUntil;
    if (at !== undefined) put(at, "campaign", name);
  }
  // Delete timers are set by actions and kept until due.
  for (const t of before) if (t.kind === "delete") put(t.at, "delete", t.name);
}

/**
 * Rebuilds the timer list after an input; emits the timers that are new or moved. The list
 * and its timer objects are the contact's own (effects get copies): they are updated in place.
 */
export function refreshTimers(run: Run): void {
  const { st } = run;
  const before = st.timers;
  if (st.deletedAt !== undefined) {
    st.timers = [];
    return;
  }
  size = 0;
  derivedTimers(run, before);
  let same = size === before.length;
  for (let i = 0; same && i < size; i++) {
    const b = before[i] as Timer;
    same = b.at === ats[i] && b.kind === kinds[i] && b.name === names[i];
  }
  if (same) return;
  if (wants(run, Quiet.timer)) {
    for (let i = 0; i < size; i++) if (!has(before, i)) run.effects.push({ type: "timer", contact: st.id, timer: timerAt(i) });
  }
  // Same length: the list is rewritten in place. Otherwise a new one of exact length (a
  // pushed-to array keeps spare room), reusing the objects of the timers that stay.
  const list = size === before.length ? before : new Array<Timer>(size);
  for (let i = 0; i < size; i++) {
    const kind = kinds[i] as TimerKind;
    const name = names[i];
    const old = list === before ? before[i] : find(before, kind, name);
    if (old !== undefined && old.kind === kind && old.name === name) {
      old.at = ats[i] as number;
      list[i] = old;
    } else list[i] = timerAt(i);
  }
  st.timers = list;
}

function timerAt(i: number): Timer {
  const at = ats[i] as number;
  const kind = kinds[i] as TimerKind;
  const name = names[i];
  return name === undefined ? { at, kind } : { at, kind, name };
}
