/**
 * Dead letters of the outbox: messages that will never be sent as they are (the receiver
 * refused them for good, or they failed the maximum number of times). They keep their reason
 * in `last_error`, are never claimed again, and an operator can requeue them once the cause
 * is fixed.
 */
import type { Db } from "./db.js";

/** A dead-lettered message, for operators. Times are epoch ms. */
export interface DeadLetter {
  key: string;
  channel: string;
  kind: string;
  contact: string | null;
  attempts: number;
  reason: string;
  deadAt: number;
}

/**
 * Dead-letters `key` with `reason` at `now` (epoch ms). Like `markFailed`, only the worker
 * holding the claim may do it; returns false (and changes nothing) otherwise, or when the
 * message was sent meanwhile.
 */
export async function markDead(db: Db, key: string, worker: string, reason: string, now: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox SET dead_at = $4::timestamptz, last_error = $3, claimed_by = NULL, claimed_until = NULL
      WHERE key = $1 AND claimed_by = $2 AND sent_at IS NULL RETURNING key`,
    [key, worker, reason, new Date(now).toISOString()],
  );
  return rows.length > 0;
}

/** The dead letters, newest first, at most `limit`. */
export async function listDeadLetters(db: Db, limit = 100): Promise<DeadLetter[]> {
  const rows = await db.query<{ key: string; channel: string; kind: string; contact: string | null; attempts: number; last_error: string | null; dead_at: Date }>(
    `SELECT key, channel, kind, contact, attempts, last_error, dead_at FROM outbox
      WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, key LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    key: r.key,
    channel: r.channel,
    kind: r.kind,
    contact: r.contact,
    attempts: r.attempts,
    reason: r.last_error ?? "",
    deadAt: r.dead_at.getTime(),
  }));
}

/**
 * Makes dead letters due again at `now` with a fresh attempt count (after the cause was
 * fixed: a URL corrected, a receiver repaired). Returns the keys requeued.
 */
export async function requeueDead(db: Db, keys: readonly string[], now: number): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `UPDATE outbox SET dead_at = NULL, available_at = $2::timestamptz, attempts = 0
      WHERE key IN (SELECT jsonb_array_elements_text($1::jsonb)) AND dead_at IS NOT NULL RETURNING key`,
    [JSON.stringify(keys), new Date(now).toISOString()],
  );
  return rows.map((r) => r.key).sort();
}
