/**
 * The segment-refresh sweep: timers no other loop owns — `recheck` (time-relative conditions:
 * segments and the campaign entries and suppression that follow), `campaign` (an
 * enrollment's wait ended; workflows/segment-refresh.ts says why no workflow per enrollment),
 * `cooldown`, `unlock`, `delete` (a delayed deletion set by an action) — and, as a safety
 * net, a timer of any kind more than `lagMs` late (its own loop was down or never started).
 */
import type { Model } from "../../engine/index.js";
import type { Db } from "../../store/db.js";
import { sweepDue, type SweepOutcome } from "./sweep.js";

const iso = (ms: number): string => new Date(ms).toISOString();

/** The timer kinds this sweep fires on time (constants, inlined in SQL). */
const OWNED = "('recheck', 'campaign', 'cooldown', 'unlock', 'delete')";

export function dueSweepOf(db: Db, model: Model, at: number, lagMs: number, chunk: number): Promise<SweepOutcome> {
  return sweepDue(db, model, at, (tx, now, limit) => pickDue(tx, now, lagMs, limit), chunk);
}

async function pickDue(tx: Db, at: number, lagMs: number, limit: number): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT c.id FROM contacts c
      WHERE c.next_timer_at <= $1::timestamptz
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.timers) t
                     WHERE (t ->> 'at')::float8 <= $2::float8
                       AND ((t ->> 'kind') IN ${OWNED} OR (t ->> 'at')::float8 <= $2::float8 - $3::float8))
      ORDER BY c.id LIMIT $4 FOR UPDATE SKIP LOCKED`,
    [iso(at), at, lagMs, limit],
  );
  return rows.map((r) => r.id);
}

/** The next owned timer after `at`, epoch ms; null: none. Late timers of other kinds are caught by the loop's regular wake-ups. */
export async function nextOwnedDue(db: Db, at: number): Promise<number | null> {
  const [row] = await db.query<{ next: number | null }>(
    `SELECT min((t ->> 'at')::float8) AS next
       FROM contacts c CROSS JOIN LATERAL jsonb_array_elements(c.timers) t
      WHERE c.next_timer_at IS NOT NULL AND (t ->> 'kind') IN ${OWNED} AND (t ->> 'at')::float8 > $1::float8`,
    [at],
  );
  return row?.next ?? null;
}
