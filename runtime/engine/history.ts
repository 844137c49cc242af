/**
 * Event-history windows for `did` / `count(...)` / `sum(...)`. Conditions that count the same
 * events (same type, `if` and summed prop) share one window, kept for the longest `within`
 * any of them asks; conditions without `within` share all-time counters. So the state per
 * contact is bounded by the config, not by the contact's history.
 */
import type { Cond } from "../../schemas/ir.js";
import type { Pred } from "./condition.js";
import type { ContactState } from "./types.js";

type HistoryCond = Extract<Cond, { op: "history" }>;

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** FNV-1a, 32 bit: a short, stable id (the state key of a window). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The window a history condition reads: same events counted → same id. */
export function historyGroupId(cond: HistoryCond): string {
  return `${cond.event}~${shortHash(canonical({ w: cond.where, p: cond.prop ?? null }))}`;
}

export interface HistoryGroup {
  id: string;
  event: string;
  where: Pred | undefined;
  prop: string | undefined;
  /** The longest `within` (ms); 0 when no condition of the group has one. */
  windowMs: number;
  allTime: boolean;
  /**
   * How many of the latest times a window must keep: `count(...) cmp v` only needs to tell
   * counts up to floor(v) + 1 apart (older entries expire first, so the cap never changes a
   * result); `sum` needs them all.
   */
  keep: number;
}

/** Merges the conditions into groups (one per id). */
export function buildHistoryGroups(conds: HistoryCond[], compileWhere: (c: Cond) => Pred): HistoryGroup[] {
  const byId = new Map<string, HistoryGroup>();
  for (const cond of conds) {
    const id = historyGroupId(cond);
    let g = byId.get(id);
    if (g === undefined) {
      g = {
        id,
        event: cond.event,
        where: cond.where === undefined ? undefined : compileWhere(cond.where),
        prop: cond.prop,
        windowMs: 0,
        allTime: false,
        keep: 0,
      };
      byId.set(id, g);
    }
    if (cond.within === undefined) g.allTime = true;
    else {
      g.windowMs = Math.max(g.windowMs, cond.within * 1000);
      g.keep = Math.max(g.keep, cond.agg === "sum" ? Infinity : Math.floor(Math.max(cond.value, 0)) + 1);
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Drops entries that no window can see any more. */
export function pruneWindow(st: ContactState, g: HistoryGroup, now: number): void {
  const w = st.history[g.id];
  const times = w?.times;
  if (w === undefined || times === undefined) return;
  const from = now - g.windowMs;
  let drop = 0;
  while (drop < times.length && (times[drop] ?? 0) <= from) drop++;
  if (drop === 0) return;
  times.splice(0, drop);
  w.values?.splice(0, drop);
  if (times.length === 0) {
    delete w.times;
    delete w.values;
    if (w.count === undefined) delete st.history[g.id];
  }
}

/** Counts one matching event into the group's window; true when it was counted. */
export function recordHistory(st: ContactState, g: HistoryGroup, at: number, props: Record<string, unknown>): void {
  let w = st.history[g.id];
  if (w === undefined) st.history[g.id] = w = {};
  const raw = g.prop === undefined ? 0 : props[g.prop];
  const amount = typeof raw === "number" && Number.isFinite(raw) ? raw : 0;
  if (g.windowMs > 0) {
    const times = (w.times ??= []);
    times.push(at);
    if (g.prop !== undefined) (w.values ??= []).push(amount);
    if (times.length > g.keep) {
      times.splice(0, times.length - g.keep);
      w.values?.splice(0, w.values.length - g.keep);
    }
    pruneWindow(st, g, at);
  }
  if (g.allTime) {
    w.count = (w.count ?? 0) + 1;
    if (g.prop !== undefined) w.sum = (w.sum ?? 0) + amount;
  }
}
