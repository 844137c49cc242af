/**
 * Event-history windows for `did` / `count(...)` / `sum(...)`. Conditions that count the same
 * events (same type, `if` and summed prop) share one window, kept for the longest `within`
 * any of them asks; conditions without `within` share all-time counters. So the state per
 * contact is bounded by the config, not by the contact's history.
 */
import type { Cond } from "../../schemas/ir.js";
import type { Pred } from "./condition.js";
import type { ContactState } from "./types.js";
import { ownRecord } from "./run.js";

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

/**
 * `list` without its first `drop` entries and with `x` appended. The contact's own list is
 * shifted in place when it does not grow; otherwise a new one of exact length (a pushed-to
 * array keeps room for 17, and a contact keeps one list per window).
 */
export function shiftAppend(list: number[] | undefined, drop: number, x: number): number[] {
  const len = list === undefined ? 0 : list.length;
  if (list !== undefined && drop >= 1) {
    for (let i = drop; i < len; i++) list[i - drop] = list[i] ?? 0;
    list[len - drop] = x;
    list.length = len - drop + 1;
    return list;
  }
  const out = new Array<number>(len - drop + 1);
  for (let i = drop; i < len; i++) out[i - drop] = list?.[i] ?? 0;
  out[len - drop] = x;
  return out;
}

/** Counts one matching event into the group's window. */
export function recordHistory(st: ContactState, g: HistoryGroup, at: number, props: Record<string, unknown>): void {
  let w = st.history[g.id];
  // Fields in the order they are first written: times, values, count, sum.
  if (w === undefined) ownRecord(st, "history")[g.id] = w = g.windowMs > 0 ? (g.prop === undefined ? { times: [] } : { times: [], values: [] }) : {};
  const raw = g.prop === undefined ? 0 : props[g.prop];
  const amount = typeof raw === "number" && Number.isFinite(raw) ? raw : 0;
  if (g.windowMs > 0) {
    // Entries leave from the front: beyond the `keep` latest, then those no window can see
    // (times are in order; the new one, at `at`, is always seen).
    const times = w.times;
    const len = times === undefined ? 0 : times.length;
    let drop = Math.max(0, len + 1 - g.keep);
    const from = at - g.windowMs;
    if (times !== undefined) while (drop < len && (times[drop] ?? 0) <= from) drop++;
    w.times = shiftAppend(times, drop, at);
    if (g.prop !== undefined) w.values = shiftAppend(w.values, Math.min(drop, w.values?.length ?? 0), amount);
  }
  if (g.allTime) {
    w.count = (w.count ?? 0) + 1;
    if (g.prop !== undefined) w.sum = (w.sum ?? 0) + amount;
  }
}
