/**
 * The console's contact reads: a search by id or email, and what the contact page shows
 * beyond the API's summary (fields, the ledger with the event and config version behind each
 * row, segment entries and exits, campaign enrollments and feedback runs).
 */
import type { LedgerView } from "./ledger-view.js";
import type { Db } from "./db.js";

/** One search hit. */
export interface ContactHit {
  id: string;
  email: string | null;
  deleted: boolean;
}

/** Most hits one search returns. */
export const SEARCH_LIMIT = 25;

/** `%`, `_` and `\` typed by a user are literal characters, not patterns. */
const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Contacts whose id or email starts with `q` (case-insensitive), the exact id first, then by
 * id. Each arm walks its own prefix index (`contacts_id_prefix`, `contacts_email_prefix`) and
 * stops after SEARCH_LIMIT rows, so a one-letter search costs no more than a long one.
 */
export async function searchContacts(db: Db, q: string): Promise<ContactHit[]> {
  const prefix = `${likeLiteral(q.toLowerCase())}%`;
  const rows = await db.query<{ id: string; email: string | null; deleted_at: Date | null }>(
    `(SELECT id, fields ->> 'email' AS email, deleted_at FROM contacts WHERE id = $1 AND created_at IS NOT NULL)
     UNION ALL
     (SELECT id, fields ->> 'email', deleted_at FROM contacts WHERE lower(id) COLLATE "C" LIKE $2 AND created_at IS NOT NULL ORDER BY lower(id) COLLATE "C" LIMIT $3)
     UNION ALL
     (SELECT id, fields ->> 'email', deleted_at FROM contacts WHERE lower(fields ->> 'email') COLLATE "C" LIKE $2 AND created_at IS NOT NULL
       ORDER BY lower(fields ->> 'email') COLLATE "C" LIMIT $3)`,
    [q, prefix, SEARCH_LIMIT],
  );
  const seen = new Map<string, ContactHit>();
  for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, { id: r.id, email: r.email, deleted: r.deleted_at !== null });
  const hits = [...seen.values()];
  const exact = hits.filter((h) => h.id === q);
  const rest = hits.filter((h) => h.id !== q).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...exact, ...rest].slice(0, SEARCH_LIMIT);
}

/** One score change with what caused it. Times are ISO strings. */
export interface ConsoleLedgerRow extends LedgerView {
  eventType: string | null;
  configHash: string;
}

export interface ConsoleStageRow {
  pipeline: string;
  key: string;
  from: string | null;
  to: string;
  reason: string;
  configHash: string;
  at: string;
}

export interface ConsoleContactDetail {
  fields: Record<string, unknown>;
  createdAt: string | null;
  ledger: ConsoleLedgerRow[];
  /** True when the contact has more ledger rows than listed (the newest are listed). */
  ledgerTruncated: boolean;
  stageHistory: ConsoleStageRow[];
  /** The stages now, with the manual lock when a person set one (`lockUntil` null: until unlocked). */
  stages: { pipeline: string; key: string; stage: string; since: string; lockBy: string | null; lockUntil: string | null }[];
  segmentHistory: { segment: string; entered: boolean; at: string }[];
  campaigns: { campaign: string; cell: unknown }[];
  /** The current run of each feedback loop (times ISO); `outcome` null while sales has not answered. */
  feedbackRuns: { loop: string; startedAt: string; outcome: string | null }[];
}

/** Most rows per list: a contact active for years has many, the newest matter. */
export const DETAIL_LIMIT = 2000;

/** The detail of one contact; undefined when there is no such contact. */
export async function readContactDetail(db: Db, id: string): Promise<ConsoleContactDetail | undefined> {
  const [contact] = await db.query<{ fields: Record<string, unknown>; created_at: Date | null }>(
    "SELECT fields, created_at FROM contacts WHERE id = $1 AND created_at IS NOT NULL",
    [id],
  );
  if (contact === undefined) return undefined;
  const ledger = await db.query<{ score: string; key: string; delta: number; value: number; reason: string; event_id: string | null; type: string | null; config_hash: string; at: Date }>(
    `SELECT * FROM (SELECT l.seq, l.score, l.key, l.delta, l.value, l.reason, l.event_id, e.type, l.config_hash, l.at
                      FROM ledger l LEFT JOIN events e ON e.id = l.event_id
                     WHERE l.contact = $1 ORDER BY l.at DESC, l.seq DESC LIMIT $2) t ORDER BY at, seq`,
    [id, DETAIL_LIMIT + 1],
  );
  const truncated = ledger.length > DETAIL_LIMIT;
  if (truncated) ledger.shift();
  const stages = await db.query<{ pipeline: string; key: string; from_stage: string | null; to_stage: string; reason: string; config_hash: string; at: Date }>(
    `SELECT * FROM (SELECT seq, pipeline, key, from_stage, to_stage, reason, config_hash, at FROM stage_history
                     WHERE contact = $1 ORDER BY at DESC, seq DESC LIMIT $2) t ORDER BY at, seq`,
    [id, DETAIL_LIMIT],
  );
  const segments = await db.query<{ segment: string; entered: boolean; at: Date }>(
    `SELECT * FROM (SELECT seq, segment, entered, at FROM segment_history WHERE contact = $1
                     ORDER BY at DESC, seq DESC LIMIT $2) t ORDER BY at, seq`,
    [id, DETAIL_LIMIT],
  );
  const current = await db.query<{ pipeline: string; key: string; stage: string; since: Date; lock_by: string | null; lock_until: Date | null }>(
    "SELECT pipeline, key, stage, since, lock_by, lock_until FROM stages WHERE contact = $1 ORDER BY pipeline, key",
    [id],
  );
  const campaigns = await db.query<{ campaign: string; cell: unknown }>("SELECT campaign, cell FROM campaign_enrollments WHERE contact = $1 ORDER BY campaign", [id]);
  const runs = await db.query<{ loop: string; started: string | number; outcome: string | null }>(
    "SELECT loop, (cell ->> 'startedAt')::float8 AS started, cell ->> 'outcome' AS outcome FROM feedback_runs WHERE contact = $1 ORDER BY loop",
    [id],
  );
  return {
    fields: contact.fields,
    createdAt: contact.created_at?.toISOString() ?? null,
    ledger: ledger.map((r) => ({
      score: r.score,
      key: r.key,
      delta: r.delta,
      value: r.value,
      reason: r.reason,
      event: r.event_id,
      eventType: r.type,
      configHash: r.config_hash,
      at: r.at.toISOString(),
    })),
    ledgerTruncated: truncated,
    stageHistory: stages.map((r) => ({ pipeline: r.pipeline, key: r.key, from: r.from_stage, to: r.to_stage, reason: r.reason, configHash: r.config_hash, at: r.at.toISOString() })),
    stages: current.map((r) => ({ pipeline: r.pipeline, key: r.key, stage: r.stage, since: r.since.toISOString(), lockBy: r.lock_by, lockUntil: r.lock_until?.toISOString() ?? null })),
    segmentHistory: segments.map((r) => ({ segment: r.segment, entered: r.entered, at: r.at.toISOString() })),
    campaigns,
    feedbackRuns: runs.map((r) => ({ loop: r.loop, startedAt: new Date(Number(r.started)).toISOString(), outcome: r.outcome })),
  };
}
