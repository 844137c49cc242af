/**
 * The chunked sweep behind the decay and segment-refresh loops: pick due contacts with
 * `FOR UPDATE SKIP LOCKED` (concurrent sweeps and ingest never wait for each other), fire
 * their timers due at or before `at` exactly as `simulate` does, save, commit, heartbeat, next
 * chunk. One transaction per chunk: an interrupted sweep keeps the chunks it committed, and a
 * fired timer is gone from the state, so running a sweep twice changes nothing.
 */
import type { Model } from "../../engine/index.js";
import { fireTimers, openWorkingSet, saveWorkingSet } from "../../ingest/working-set.js";
import type { Db } from "../../store/db.js";
import { beat } from "./heartbeat.js";

/** Selects (and locks, SKIP LOCKED) up to `limit` due contact ids in a transaction. */
export type PickDue = (tx: Db, at: number, limit: number) => Promise<string[]>;

export interface SweepOutcome {
  processed: number;
  /** Due contacts were left (held by another transaction, or the per-call cap was reached). */
  leftover: boolean;
}

/** Most contacts one activity call wakes before it returns (the workflow calls again at once). */
export const MAX_PER_CALL = 100_000;

export async function sweepDue(db: Db, model: Model, at: number, pick: PickDue, chunk: number): Promise<SweepOutcome> {
  let processed = 0;
  // A contact still due after firing (the engine never leaves one) would be picked forever.
  const woken = new Set<string>();
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const ids = (await pick(tx, at, chunk)).filter((id) => !woken.has(id));
      if (ids.length === 0) return 0;
      for (const id of ids) woken.add(id);
      const w = await openWorkingSet(tx, model, ids);
      for (const id of ids) await fireTimers(w, id, at);
      await saveWorkingSet(w);
      return ids.length;
    });
    processed += n;
    beat({ processed });
    if (n === 0) break;
    if (processed >= MAX_PER_CALL) return { processed, leftover: true };
  }
  return { processed, leftover: false };
}
