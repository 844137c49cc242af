import type { Db } from "./db.js";

/** An event as ingested (the engine's `EventInput`): `at` is epoch ms. */
export interface NewEvent {
  id: string;
  type: string;
  contact: string;
  at: number;
  props: Record<string, unknown>;
}

/** An event as stored. Times are epoch ms. */
export interface StoredEvent extends NewEvent {
  receivedAt: number;
  configHash: string | null;
}

export interface InsertEventsOptions {
  /** The config version active when the batch was ingested. */
  configHash?: string | null;
  /** When the batch arrived (epoch ms); default the database's transaction time. */
  receivedAt?: number;
}

/**
 * Inserts a batch of events in one statement and returns the ids that were new, in batch
 * order. Idempotent: an id already stored — or repeated within the batch — is skipped, so
 * re-sending a batch inserts nothing and returns no ids. Call it with the ingest
 * transaction so the events commit together with their effects.
 */
export async function insertEvents(tx: Db, events: readonly NewEvent[], options: InsertEventsOptions = {}): Promise<string[]> {
  if (events.length === 0) return [];
  // One JSON parameter for the whole batch: a single round trip, and it serialises the
  // same on both drivers (arrays of jsonb would not). `json`, not `jsonb`: only `props` needs
  // parsing into jsonb, not the whole batch first.
  const batch = JSON.stringify(
    events.map((e, ord) => ({ ord, id: e.id, type: e.type, contact: e.contact, at: new Date(e.at).toISOString(), props: e.props })),
  );
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO events (id, contact, type, at, props, received_at, config_hash)
     SELECT x.id, x.contact, x.type, x.at, x.props, coalesce($2::timestamptz, now()), $3
       FROM json_to_recordset($1::json) AS x(ord int, id text, type text, contact text, at timestamptz, props jsonb)
      ORDER BY x.ord
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [batch, options.receivedAt === undefined ? null : new Date(options.receivedAt).toISOString(), options.configHash ?? null],
  );
  const fresh = new Set(rows.map((r) => r.id));
  // RETURNING order is not guaranteed; report in batch order, each id once.
  const seen = new Set<string>();
  return events.filter((e) => fresh.has(e.id) && !seen.has(e.id) && seen.add(e.id)).map((e) => e.id);
}

interface EventRow {
  id: string;
  type: string;
  contact: string;
  at: Date;
  props: Record<string, unknown>;
  received_at: Date;
  config_hash: string | null;
}

/** One contact's events in time order (ties by id), optionally from `since` (epoch ms, inclusive). */
export async function contactEvents(db: Db, contact: string, since?: number): Promise<StoredEvent[]> {
  const rows = await db.query<EventRow>(
    `SELECT id, type, contact, at, props, received_at, config_hash FROM events
      WHERE contact = $1 AND at >= coalesce($2::timestamptz, '-infinity')
      ORDER BY at, id`,
    [contact, since === undefined ? null : new Date(since).toISOString()],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    contact: r.contact,
    at: r.at.getTime(),
    props: r.props,
    receivedAt: r.received_at.getTime(),
    configHash: r.config_hash,
  }));
}
