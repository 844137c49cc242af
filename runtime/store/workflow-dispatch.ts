/**
 * Workflow starts and signals as durable rows (`workflow_dispatch`), written in the same
 * transaction as the engine effects that call for them, and claimed by the dispatcher
 * (runtime/temporal/dispatcher.ts). Keys are deterministic, so re-running a transaction
 * queues nothing twice.
 */
import type { Model } from "../engine/index.js";
import type { Effect } from "../engine/types.js";
import { feedbackLoopId } from "../temporal/workflow-ids.js";
import type { Db } from "./db.js";

export type DispatchAction = "start" | "signal" | "signal-with-start";

/** Search attributes a start carries (the names are funnelform's custom attributes). */
export interface DispatchSearch {
  configHash?: string;
  loop?: string;
  campaign?: string;
}

/** One start or signal to hand to Temporal. */
export interface DispatchRow {
  key: string;
  action: DispatchAction;
  workflowType: string;
  workflowId: string;
  /** The workflow's single argument. */
  args: unknown;
  signal?: string | null;
  search?: DispatchSearch;
  contact?: string | null;
}

/** A claimed row (times epoch ms). */
export interface ClaimedDispatch extends DispatchRow {
  attempts: number;
  lastError: string | null;
}

/**
 * The starts and signals the effects of one transaction call for: a feedback run started
 * (start its `feedbackLoop`), an outcome recorded (signal it).
 */
export async function dispatchRowsFor(tx: Db, model: Model, effects: readonly Effect[]): Promise<DispatchRow[]> {
  const rows: DispatchRow[] = [];
  const outcomes: { contact: string; loop: string; at: number }[] = [];
  for (const e of effects) {
    if (e.type === "feedback" && e.what === "started") {
      const workflowId = feedbackLoopId(e.loop, e.contact, e.at);
      const after = model.feedback.get(e.loop)?.ask.after;
      rows.push({
        key: `start:${workflowId}`,
        action: "start",
        workflowType: "feedbackLoop",
        workflowId,
        args: { contact: e.contact, loop: e.loop, startedAt: e.at, ...(after === undefined ? {} : { firstAskAt: e.at + after * 1000 }) },
        search: { configHash: model.hash, loop: e.loop },
        contact: e.contact,
      });
    } else if (e.type === "feedback" && e.what === "outcome") {
      outcomes.push({ contact: e.contact, loop: e.loop, at: e.at });
    }
    // Campaign effects call for nothing here: the `campaignWaits` loop fires every
    // enrollment's waits (workflows/campaign-waits.ts says why), woken by the worker.
  }
  if (outcomes.length > 0) {
    // The run an outcome belongs to: its cell was saved earlier in this transaction.
    const runs = await tx.query<{ contact: string; loop: string; started: number }>(
      `SELECT f.contact, f.loop, (f.cell ->> 'startedAt')::float8 AS started FROM feedback_runs f
         JOIN jsonb_to_recordset($1::jsonb) AS x(contact text, loop text) ON x.contact = f.contact AND x.loop = f.loop`,
      [JSON.stringify(outcomes.map(({ contact, loop }) => ({ contact, loop })))],
    );
    const started = new Map(runs.map((r) => [`${r.contact}\u0000${r.loop}`, r.started]));
    for (const o of outcomes) {
      const at = started.get(`${o.contact}\u0000${o.loop}`);
      if (at === undefined) continue;
      const workflowId = feedbackLoopId(o.loop, o.contact, at);
      rows.push({ key: `signal:${workflowId}:outcome`, action: "signal", workflowType: "feedbackLoop", workflowId, args: null, signal: "outcomeRecorded", contact: o.contact });
    }
  }
  return rows;
}

/** Adds rows (a key already present is ignored); returns the keys that were new. */
export async function enqueueDispatch(tx: Db, rows: readonly DispatchRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const out = await tx.query<{ key: string }>(
    `INSERT INTO workflow_dispatch (key, action, workflow_type, workflow_id, args, signal, search, contact)
     SELECT x.key, x.action, x.workflow_type, x.workflow_id, coalesce(x.args, 'null'::jsonb), x.signal, coalesce(x.search, '{}'::jsonb), x.contact
       FROM jsonb_to_recordset($1::jsonb) AS x(ord int, key text, action text, workflow_type text, workflow_id text,
            args jsonb, signal text, search jsonb, contact text)
      ORDER BY x.ord
     ON CONFLICT (key) DO NOTHING
     RETURNING key`,
    [
      JSON.stringify(
        rows.map((r, ord) => ({
          ord,
          key: r.key, action: r.action, workflow_type: r.workflowType, workflow_id: r.workflowId, args: r.args ?? null,
          signal: r.signal ?? null, search: r.search ?? {}, contact: r.contact ?? null,
        })),
      ),
    ],
  );
  return out.map((r) => r.key);
}

/** Derives and enqueues the rows the effects call for (called by `appendEffects`). */
export async function enqueueWorkflowEffects(tx: Db, model: Model, effects: readonly Effect[]): Promise<void> {
  if (!effects.some((e) => e.type === "feedback")) return;
  await enqueueDispatch(tx, await dispatchRowsFor(tx, model, effects));
}

interface ClaimRow {
  key: string;
  action: DispatchAction;
  workflow_type: string;
  workflow_id: string;
  args: unknown;
  signal: string | null;
  search: DispatchSearch;
  contact: string | null;
  attempts: number;
  last_error: string | null;
}

/**
 * Claims up to `limit` due rows for `worker` with a lease of `leaseMs` from `now` (epoch ms),
 * oldest first; concurrent dispatchers get disjoint rows (`FOR UPDATE SKIP LOCKED`), and a
 * lease that expired (its dispatcher died) is claimable again.
 */
export async function claimDispatch(db: Db, worker: string, limit: number, leaseMs: number, now: number): Promise<ClaimedDispatch[]> {
  const rows = await db.query<ClaimRow>(
    `WITH due AS (
       SELECT key FROM workflow_dispatch
        WHERE done_at IS NULL AND available_at <= $1::timestamptz
          AND (claimed_until IS NULL OR claimed_until <= $1::timestamptz)
        ORDER BY available_at, key
        LIMIT $2
        FOR UPDATE SKIP LOCKED)
     UPDATE workflow_dispatch w
        SET claimed_by = $3, claimed_until = $1::timestamptz + $4::int * interval '1 millisecond', attempts = w.attempts + 1
       FROM due WHERE w.key = due.key
     RETURNING w.key, w.action, w.workflow_type, w.workflow_id, w.args, w.signal, w.search, w.contact, w.attempts, w.last_error, w.created_at`,
    [new Date(now).toISOString(), limit, worker, leaseMs],
  );
  return rows
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => ({
      key: r.key, action: r.action, workflowType: r.workflow_type, workflowId: r.workflow_id, args: r.args, signal: r.signal,
      search: r.search, contact: r.contact, attempts: r.attempts, lastError: r.last_error,
    }));
}

/** Marks a row done (started or signalled); false when it was done already. */
export async function markDispatched(db: Db, key: string, now: number): Promise<boolean> {
  const rows = await db.query(
    "UPDATE workflow_dispatch SET done_at = $2::timestamptz, claimed_by = NULL, claimed_until = NULL, last_error = NULL WHERE key = $1 AND done_at IS NULL RETURNING key",
    [key, new Date(now).toISOString()],
  );
  return rows.length > 0;
}

/**
 * Marks rows done in one statement (a dispatcher's finished batch); returns the keys that
 * were not done yet.
 */
export async function markDispatchedMany(db: Db, keys: readonly string[], now: number): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<{ key: string }>(
    `UPDATE workflow_dispatch SET done_at = $2::timestamptz, claimed_by = NULL, claimed_until = NULL, last_error = NULL
      WHERE key IN (SELECT jsonb_array_elements_text($1::jsonb)) AND done_at IS NULL RETURNING key`,
    [JSON.stringify(keys), new Date(now).toISOString()],
  );
  return rows.map((r) => r.key);
}

/** Records a failed attempt by `worker` and makes the row due again at `retryAt`; false when the row is not this worker's any more. */
export async function markDispatchFailed(db: Db, key: string, worker: string, error: string, retryAt: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE workflow_dispatch SET last_error = $3, available_at = $4::timestamptz, claimed_by = NULL, claimed_until = NULL
      WHERE key = $1 AND claimed_by = $2 AND done_at IS NULL RETURNING key`,
    [key, worker, error, new Date(retryAt).toISOString()],
  );
  return rows.length > 0;
}

/** Rows not yet handed to Temporal (for operators and tests). */
export async function pendingDispatch(db: Db): Promise<{ key: string; attempts: number; lastError: string | null }[]> {
  const rows = await db.query<{ key: string; attempts: number; last_error: string | null }>(
    "SELECT key, attempts, last_error FROM workflow_dispatch WHERE done_at IS NULL ORDER BY key",
  );
  return rows.map((r) => ({ key: r.key, attempts: r.attempts, lastError: r.last_error }));
}
