/**
 * `plan --from-db`: the runtime's own history and work in flight. The event log replayed
 * under both versions gives the impact exactly as for an events file (the runtime's state
 * is what `simulate` prints for that log); enrollments and open feedback loops are read
 * from the tables, so the plan counts what the runtime really has in flight.
 */
import type { CampaignCell, FeedbackCell } from "../engine/types.js";
import type { Db } from "../store/db.js";
import type { InFlightContact } from "./in-flight.js";

/** Events per page: a long history is read in pages in (at, id) order, by keyset. */
const PAGE = 50_000;

/** Every stored event as a raw record, in time order (ties by id, as ingest applies them). */
export async function readHistoryFromDb(db: Db, onPage?: (read: number) => void): Promise<unknown[]> {
  const out: unknown[] = [];
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    const rows = await db.query<{ id: string; contact: string; type: string; at: Date; props: Record<string, unknown> }>(
      after === undefined
        ? `SELECT id, contact, type, at, props FROM events ORDER BY at, id LIMIT $1`
        : `SELECT id, contact, type, at, props FROM events WHERE (at, id) > ($2::timestamptz, $3) ORDER BY at, id LIMIT $1`,
      after === undefined ? [PAGE] : [PAGE, after.at.toISOString(), after.id],
    );
    for (const r of rows) out.push({ id: r.id, contact: r.contact, type: r.type, at: r.at.toISOString(), props: r.props });
    onPage?.(out.length);
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < PAGE) return out;
    after = { at: last.at, id: last.id };
  }
}

interface Building extends InFlightContact {
  campaigns: Record<string, CampaignCell>;
  feedback: Record<string, FeedbackCell>;
}

/** The runtime's enrollments and feedback runs, per contact, sorted by contact id. */
export async function readInFlightFromDb(db: Db): Promise<InFlightContact[]> {
  const byId = new Map<string, Building>();
  const contact = (id: string, deleted: boolean): Building => {
    let c = byId.get(id);
    if (c === undefined) byId.set(id, (c = { id, deleted, campaigns: {}, feedback: {} }));
    return c;
  };
  const campaigns = await db.query<{ contact: string; campaign: string; cell: CampaignCell; deleted: boolean }>(
    `SELECT e.contact, e.campaign, e.cell, c.deleted_at IS NOT NULL AS deleted
       FROM campaign_enrollments e JOIN contacts c ON c.id = e.contact`,
  );
  for (const r of campaigns) contact(r.contact, r.deleted).campaigns[r.campaign] = r.cell;
  const loops = await db.query<{ contact: string; loop: string; cell: FeedbackCell; deleted: boolean }>(
    `SELECT f.contact, f.loop, f.cell, c.deleted_at IS NOT NULL AS deleted
       FROM feedback_runs f JOIN contacts c ON c.id = f.contact`,
  );
  for (const r of loops) contact(r.contact, r.deleted).feedback[r.loop] = r.cell;
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
