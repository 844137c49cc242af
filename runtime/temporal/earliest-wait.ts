/**
 * The earliest campaign wait of all enrollments (due or not): the worker compares it between
 * polls and wakes the refresh loop, which fires campaign waits, when a new wait comes first.
 * One probe of the `campaign_enrollments_wait` index (migration 0008).
 */
import type { Db } from "../store/db.js";

/** Epoch ms; null: no contact is waiting in a campaign. */
export async function earliestCampaignWait(db: Db): Promise<number | null> {
  const [row] = await db.query<{ next: number }>(
    `SELECT ((e.cell -> 'active' ->> 'waitUntil')::float8) AS next
       FROM campaign_enrollments e JOIN contacts c ON c.id = e.contact
      WHERE ((e.cell -> 'active' ->> 'waitUntil')::float8) IS NOT NULL AND c.next_timer_at IS NOT NULL
      ORDER BY 1 LIMIT 1`,
  );
  return row?.next ?? null;
}
