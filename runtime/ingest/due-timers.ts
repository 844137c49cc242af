/**
 * Due work: fires the timers of every contact whose next timer is due at `now` (decay
 * transitions, time-relative re-checks, cooldown and lock ends, feedback asks, campaign
 * waits, delayed deletions), in chunks of contacts, one transaction per chunk. Safe to run
 * twice (a fired timer is gone from the state) and safe to interrupt (a chunk commits whole);
 * concurrent runners skip each other's contacts (`SKIP LOCKED`).
 */
import type { Model } from "../engine/index.js";
import type { Db } from "../store/db.js";
import { fireTimers, openWorkingSet, saveWorkingSet } from "./working-set.js";

export interface DueTimersOptions {
  /** Contacts per transaction (default 500). */
  chunk?: number;
}

/** Fires every timer due at or before `now` (epoch ms); returns how many contacts woke. */
export async function runDueTimers(db: Db, model: Model, now: number, opts: DueTimersOptions = {}): Promise<number> {
  const chunk = opts.chunk ?? 500;
  let total = 0;
  // A contact whose timers are still due after firing (which the engine never leaves) would
  // be picked again forever: stop when a chunk holds only contacts already woken.
  const woken = new Set<string>();
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `SELECT id FROM contacts WHERE next_timer_at <= $1::timestamptz
          ORDER BY next_timer_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [new Date(now).toISOString(), chunk],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      if (ids.every((id) => woken.has(id))) return 0;
      for (const id of ids) woken.add(id);
      const w = await openWorkingSet(tx, model, ids);
      for (const id of ids) await fireTimers(w, id, now);
      await saveWorkingSet(w);
      return ids.length;
    });
    total += n;
    if (n === 0) return total;
  }
}
