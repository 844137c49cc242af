/**
 * Due decay transitions of one score (SPEC section 1, Decay): contacts whose stored
 * `scores.next_transition_at` for this score is due and whose timers are due. Each such
 * contact's due timers all fire (the engine fires a contact's due timers together, as
 * `simulate` does), so the database stays equal to `simulate`; its cost grows with the number
 * of crossings, not with the number of contacts.
 */
import type { Model } from "../../engine/index.js";
import type { Db } from "../../store/db.js";
import { pickDecayDue } from "./decay-pick.js";
import { sweepDue, type SweepOutcome } from "./sweep.js";

const iso = (ms: number): string => new Date(ms).toISOString();

export function decaySweepOf(db: Db, model: Model, score: string, at: number, chunk: number): Promise<SweepOutcome> {
  return sweepDue(db, model, at, (tx, now, limit) => pickDecayDue(tx, score, now, limit), chunk);
}

/** The next transition of `score` after `at` (or a due one left over), epoch ms; null: none. */
export async function nextDecayDue(db: Db, score: string, at: number): Promise<number | null> {
  const [row] = await db.query<{ next: Date | null }>(
    `SELECT min(s.next_transition_at) AS next FROM scores s JOIN contacts c ON c.id = s.contact
      WHERE s.score = $1 AND s.next_transition_at > $2::timestamptz AND c.next_timer_at IS NOT NULL`,
    [score, iso(at)],
  );
  return row?.next?.getTime() ?? null;
}
