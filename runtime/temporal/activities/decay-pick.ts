/**
 * Picks the contacts a decay sweep wakes: due crossings of one score, read in the order of
 * the `scores_due (next_transition_at, contact)` index, so each call reads about `limit` index
 * entries. Picking in contact-id order instead made PostgreSQL gather every due crossing on
 * each call (200 calls × 100,000 rows for a 100,000-crossing sweep: 153 of its 194 s in the
 * workflow benchmark). A fired contact's next transition moves past `at`, so it is not read again.
 */
import type { Db } from "../../store/db.js";

const iso = (ms: number): string => new Date(ms).toISOString();

/** Up to `limit` contact ids with a due transition of `score`, locked (SKIP LOCKED). */
export async function pickDecayDue(tx: Db, score: string, at: number, limit: number): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT c.id FROM scores s JOIN contacts c ON c.id = s.contact
      WHERE s.next_transition_at <= $1::timestamptz AND s.score = $2 AND c.next_timer_at <= $1::timestamptz
      ORDER BY s.next_transition_at, s.contact LIMIT $3 FOR UPDATE OF c SKIP LOCKED`,
    [iso(at), score, limit],
  );
  // A per-dimension score has one row per key: a contact is woken once.
  return [...new Set(rows.map((r) => r.id))];
}
