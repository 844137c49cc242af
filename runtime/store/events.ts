import { Rows } from "./bulk.js";
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
  // The batch as column arrays (`bulk.ts`): one round trip, no JSON object per row to parse.
  const cols = new Rows([["id", "text"], ["type", "text"], ["contact", "text"], ["at", "timestamptz"], ["props", "jsonb"]]);
  for (const e of events) cols.add(e.id, e.type, e.contact, e.at, e.props);
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO events (id, contact, type, at, props, received_at, config_hash)
     SELECT x.id, x.contact, x.type, x.at, x.props, coalesce($6::timestamptz, now()), $7
       FROM ${cols.from} AS x
      ORDER BY x.ord
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [...cols.params(), options.receivedAt === undefined ? null : new Date(options.receivedAt).toISOString(), options.configHash ?? null],
    { prepare: true },
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
