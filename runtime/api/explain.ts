/**
 * The "why" of a contact, read from the tables ingest writes: every score change with its
 * reason (the ledger) and every stage move (the stage history), oldest first.
 */
import type { Db } from "../store/db.js";
import type { LedgerView } from "../store/ledger-view.js";

/** One score change. Times are ISO strings, as `simulate` prints them. */
export type ExplainLedgerRow = LedgerView;

/** One stage move. `from` is null when the contact entered the pipeline. */
export interface ExplainStageRow {
  pipeline: string;
  key: string;
  from: string | null;
  to: string;
  reason: string;
  at: string;
}

export interface ContactExplain {
  ledger: ExplainLedgerRow[];
  stageHistory: ExplainStageRow[];
}

/** Most rows returned per list: a contact active for years has many, the newest matter. */
export const EXPLAIN_LIMIT = 1000;

export async function readContactExplain(db: Db, id: string): Promise<ContactExplain> {
  const ledger = await db.query<{ score: string; key: string; delta: number; value: number; reason: string; event_id: string | null; at: Date }>(
    `SELECT * FROM (SELECT seq, score, key, delta, value, reason, event_id, at FROM ledger WHERE contact = $1
       ORDER BY at DESC, seq DESC LIMIT $2) t ORDER BY at, seq`,
    [id, EXPLAIN_LIMIT],
  );
  const stages = await db.query<{ pipeline: string; key: string; from_stage: string | null; to_stage: string; reason: string; at: Date }>(
    `SELECT * FROM (SELECT seq, pipeline, key, from_stage, to_stage, reason, at FROM stage_history WHERE contact = $1
       ORDER BY at DESC, seq DESC LIMIT $2) t ORDER BY at, seq`,
    [id, EXPLAIN_LIMIT],
  );
  return {
    ledger: ledger.map((r) => ({ score: r.score, key: r.key, delta: r.delta, value: r.value, reason: r.reason, event: r.event_id, at: r.at.toISOString() })),
    stageHistory: stages.map((r) => ({ pipeline: r.pipeline, key: r.key, from: r.from_stage, to: r.to_stage, reason: r.reason, at: r.at.toISOString() })),
  };
}
