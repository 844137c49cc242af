import type { Db } from "./db.js";

/** A message to send; `key` is its idempotency key (a key is sent at most once). */
export interface OutboxMessage {
  key: string;
  /** The channel's name in the config. */
  channel: string;
  /** What it is: notify, email, webhook, feedback, escalate, … */
  kind: string;
  payload: unknown;
  contact?: string | null;
  configHash?: string | null;
  /** Not before this time (epoch ms); default: at once (the transaction's time). */
  availableAt?: number;
}

/** A claimed message. Times are epoch ms. */
export interface ClaimedMessage {
  key: string;
  channel: string;
  kind: string;
  payload: unknown;
  contact: string | null;
  configHash: string | null;
  availableAt: number;
  /** Claims so far, this one included: a sender that crashed mid-send counts too. */
  attempts: number;
  lastError: string | null;
  claimedUntil: number;
}

/**
 * Adds messages to the outbox and returns the keys that were new. A key already present —
 * sent or not — or repeated within the call is ignored, so re-running the transaction that
 * produced the messages queues nothing twice. Call it with the transaction that decided to
 * send them.
 */
export async function enqueue(tx: Db, messages: readonly OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const batch = JSON.stringify(
    messages.map((m, ord) => ({
      ord,
      key: m.key,
      channel: m.channel,
      kind: m.kind,
      payload: m.payload ?? null,
      contact: m.contact ?? null,
      config_hash: m.configHash ?? null,
      available_at: m.availableAt === undefined ? null : new Date(m.availableAt).toISOString(),
    })),
  );
  const rows = await tx.query<{ key: string }>(
    `INSERT INTO outbox (key, channel, kind, payload, contact, config_hash, available_at)
     SELECT x.key, x.channel, x.kind, coalesce(x.payload, 'null'::jsonb), x.contact, x.config_hash, coalesce(x.available_at, now())
       FROM jsonb_to_recordset($1::jsonb)
            AS x(ord int, key text, channel text, kind text, payload jsonb, contact text, config_hash text, available_at timestamptz)
      ORDER BY x.ord
     ON CONFLICT (key) DO NOTHING
     RETURNING key`,
    [batch],
  );
  const fresh = new Set(rows.map((r) => r.key));
  const seen = new Set<string>();
  return messages.filter((m) => fresh.has(m.key) && !seen.has(m.key) && seen.add(m.key)).map((m) => m.key);
}

interface ClaimRow {
  key: string;
  channel: string;
  kind: string;
  payload: unknown;
  contact: string | null;
  config_hash: string | null;
  available_at: Date;
  attempts: number;
  last_error: string | null;
  claimed_until: Date;
}

/** Which kinds a claimer takes: the channel sender leaves `workflow` rows to the dispatcher. */
export interface ClaimFilter {
  /** Only these kinds. */
  kinds?: readonly string[];
  /** Never these kinds. */
  exceptKinds?: readonly string[];
}

/**
 * Claims up to `limit` due messages for `worker` with a lease of `leaseMs` from `now`
 * (epoch ms), oldest first. Due: unsent, not dead-lettered, `available_at <= now`, and not
 * under a live lease — a lease that expired (its sender crashed) is claimable again.
 * Concurrent claimers get disjoint rows (`FOR UPDATE SKIP LOCKED`: they never wait for each
 * other). Each claim counts one attempt. `filter` narrows the kinds claimed.
 */
export async function claimOutbox(db: Db, worker: string, limit: number, leaseMs: number, now: number, filter: ClaimFilter = {}): Promise<ClaimedMessage[]> {
  const rows = await db.query<ClaimRow>(
    `WITH due AS (
       SELECT key FROM outbox
        WHERE sent_at IS NULL AND dead_at IS NULL AND available_at <= $1::timestamptz
          AND (claimed_until IS NULL OR claimed_until <= $1::timestamptz)
          AND ($5::jsonb IS NULL OR kind IN (SELECT jsonb_array_elements_text($5::jsonb)))
          AND ($6::jsonb IS NULL OR kind NOT IN (SELECT jsonb_array_elements_text($6::jsonb)))
        ORDER BY available_at, key
        LIMIT $2
        FOR UPDATE SKIP LOCKED)
     UPDATE outbox o
        SET claimed_by = $3, claimed_until = $1::timestamptz + $4::int * interval '1 millisecond', attempts = o.attempts + 1
       FROM due WHERE o.key = due.key
     RETURNING o.key, o.channel, o.kind, o.payload, o.contact, o.config_hash, o.available_at, o.attempts, o.last_error, o.claimed_until`,
    [
      new Date(now).toISOString(),
      limit,
      worker,
      leaseMs,
      filter.kinds === undefined ? null : JSON.stringify(filter.kinds),
      filter.exceptKinds === undefined ? null : JSON.stringify(filter.exceptKinds),
    ],
  );
  return rows
    .map((r) => ({
      key: r.key,
      channel: r.channel,
      kind: r.kind,
      payload: r.payload,
      contact: r.contact,
      configHash: r.config_hash,
      availableAt: r.available_at.getTime(),
      attempts: r.attempts,
      lastError: r.last_error,
      claimedUntil: r.claimed_until.getTime(),
    }))
    .sort((a, b) => a.availableAt - b.availableAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Records that `key` was sent at `now` (epoch ms). Returns false when it was already marked
 * sent (a second sender after an expired lease): recording delivery is always right, but
 * only the first call counts. Marking twice is harmless.
 */
export async function markSent(db: Db, key: string, now: number): Promise<boolean> {
  const rows = await db.query(
    "UPDATE outbox SET sent_at = $2::timestamptz, claimed_by = NULL, claimed_until = NULL WHERE key = $1 AND sent_at IS NULL RETURNING key",
    [key, new Date(now).toISOString()],
  );
  return rows.length > 0;
}

/**
 * Records a failed send by `worker` and makes the message due again at `retryAt` (epoch ms),
 * releasing the lease. Returns false — and changes nothing — when the message is no longer
 * this worker's (its lease expired and another worker claimed it) or was sent meanwhile.
 */
export async function markFailed(db: Db, key: string, worker: string, error: string, retryAt: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox SET last_error = $3, available_at = $4::timestamptz, claimed_by = NULL, claimed_until = NULL
      WHERE key = $1 AND claimed_by = $2 AND sent_at IS NULL RETURNING key`,
    [key, worker, error, new Date(retryAt).toISOString()],
  );
  return rows.length > 0;
}
