/**
 * Account pipelines' rows (migration 0005): the stage of each (account, pipeline) and its
 * history. Loaded with the accounts a working set touches and written once at its end.
 */
import type { AccountStageEffect } from "../engine/account-pipeline.js";
import type { StageCell } from "../engine/types.js";
import type { Db } from "./db.js";

const ts = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const idList = (ids: readonly string[]): string => JSON.stringify(ids);

interface StageRow {
  account: string;
  pipeline: string;
  stage: string;
  since: Date;
  lock_by: string | null;
  lock_at: Date | null;
  lock_until: Date | null;
  edges: number | null;
}

function cellOf(r: StageRow): StageCell {
  const cell: StageCell = { stage: r.stage, since: r.since.getTime() };
  if (r.lock_by !== null && r.lock_at !== null) {
    cell.lock = r.lock_until === null ? { by: r.lock_by, at: r.lock_at.getTime() } : { by: r.lock_by, at: r.lock_at.getTime(), until: r.lock_until.getTime() };
  }
  if (r.edges !== null) cell.edges = r.edges;
  return cell;
}

/**
 * The stages of `accounts`: account → pipeline → cell (accounts without rows are absent).
 * Each account is locked first (a transaction-level advisory lock, taken in id order; it
 * covers accounts that have no row yet) until the transaction ends, so two members of one
 * account written at once cannot both move it from the same stage. Two transactions that
 * lock accounts in opposite orders deadlock; PostgreSQL ends one of them (ingest retries).
 */
export async function loadAccountStages(tx: Db, accounts: readonly string[]): Promise<Map<string, Record<string, StageCell>>> {
  const out = new Map<string, Record<string, StageCell>>();
  if (accounts.length === 0) return out;
  const ids = idList([...accounts].sort());
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(hashtextextended('funnelform.account:' || a, 0)))::int AS n
       FROM (SELECT a FROM jsonb_array_elements_text($1::jsonb) AS a ORDER BY a) AS s`,
    [ids],
  );
  const rows = await tx.query<StageRow>(
    `SELECT account, pipeline, stage, since, lock_by, lock_at, lock_until, edges FROM account_stages
      WHERE account IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY account, pipeline`,
    [ids],
  );
  for (const r of rows) {
    let cells = out.get(r.account);
    if (cells === undefined) out.set(r.account, (cells = {}));
    cells[r.pipeline] = cellOf(r);
  }
  return out;
}

/** One account stage to write (a changed or new cell). */
export interface AccountStageRow {
  account: string;
  pipeline: string;
  cell: StageCell;
}

/** Upserts the changed cells and appends the moves to `account_stage_history` (in order). */
export async function saveAccountStages(tx: Db, rows: readonly AccountStageRow[], moves: readonly AccountStageEffect[]): Promise<void> {
  if (rows.length > 0) {
    const json = rows.map((r) => ({
      account: r.account,
      pipeline: r.pipeline,
      stage: r.cell.stage,
      since: ts(r.cell.since),
      lock_by: r.cell.lock?.by ?? null,
      lock_at: ts(r.cell.lock?.at),
      lock_until: ts(r.cell.lock?.until),
      edges: r.cell.edges ?? null,
    }));
    await tx.query(
      `INSERT INTO account_stages (account, pipeline, stage, since, lock_by, lock_at, lock_until, edges)
       SELECT x.account, x.pipeline, x.stage, x.since, x.lock_by, x.lock_at, x.lock_until, x.edges
         FROM json_to_recordset($1::json) AS x(account text, pipeline text, stage text, since timestamptz,
              lock_by text, lock_at timestamptz, lock_until timestamptz, edges integer)
       ON CONFLICT (account, pipeline) DO UPDATE SET stage = EXCLUDED.stage, since = EXCLUDED.since, lock_by = EXCLUDED.lock_by,
          lock_at = EXCLUDED.lock_at, lock_until = EXCLUDED.lock_until, edges = EXCLUDED.edges`,
      [JSON.stringify(json)],
    );
  }
  if (moves.length > 0) {
    const json = moves.map((m, i) => ({ i, account: m.account, pipeline: m.pipeline, from_stage: m.from, to_stage: m.to, reason: m.reason, contact: m.contact, event: m.event, at: ts(m.at), config_hash: m.hash }));
    await tx.query(
      `INSERT INTO account_stage_history (account, pipeline, from_stage, to_stage, reason, contact, event, at, config_hash)
       SELECT x.account, x.pipeline, x.from_stage, x.to_stage, x.reason, x.contact, x.event, x.at, x.config_hash
         FROM json_to_recordset($1::json) AS x(i integer, account text, pipeline text, from_stage text, to_stage text, reason text,
              contact text, event text, at timestamptz, config_hash text)
        ORDER BY x.i`,
      [JSON.stringify(json)],
    );
  }
}

/** A move as stored, for `account history` views and tests. */
export interface AccountStageMove {
  pipeline: string;
  from: string | null;
  to: string;
  reason: string;
  contact: string;
  at: number;
}

/** The account's stage moves, oldest first. */
export async function readAccountStageHistory(db: Db, account: string): Promise<AccountStageMove[]> {
  const rows = await db.query<{ pipeline: string; from_stage: string | null; to_stage: string; reason: string; contact: string; at: Date }>(
    "SELECT pipeline, from_stage, to_stage, reason, contact, at FROM account_stage_history WHERE account = $1 ORDER BY seq",
    [account],
  );
  return rows.map((r) => ({ pipeline: r.pipeline, from: r.from_stage, to: r.to_stage, reason: r.reason, contact: r.contact, at: r.at.getTime() }));
}

/** The stages of one account, by pipeline (no lock: a read). */
export async function readAccountStages(db: Db, account: string): Promise<Record<string, string>> {
  const rows = await db.query<{ pipeline: string; stage: string }>("SELECT pipeline, stage FROM account_stages WHERE account = $1 ORDER BY pipeline", [account]);
  const out: Record<string, string> = {};
  for (const r of rows) out[r.pipeline] = r.stage;
  return out;
}
