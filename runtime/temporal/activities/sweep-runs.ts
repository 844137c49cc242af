/**
 * Per-run idempotency of sweeps: a sweep's result is stored under the workflow's run key, so
 * an activity that is retried after it committed (its completion was lost) answers from the
 * store instead of sweeping at a time that is no longer the workflow's. Old keys are pruned.
 */
import type { SweepResult } from "../../../workflows/activity-types.js";
import type { Db } from "../../store/db.js";

const KEEP_MS = 7 * 24 * 3_600_000;

export async function storedSweep(db: Db, key: string): Promise<SweepResult | undefined> {
  const [row] = await db.query<{ result: SweepResult }>("SELECT result FROM sweep_runs WHERE key = $1", [key]);
  return row?.result;
}

export async function storeSweep(db: Db, key: string, result: SweepResult, at: number): Promise<void> {
  await db.query("INSERT INTO sweep_runs (key, result, finished_at) VALUES ($1, $2::jsonb, $3::timestamptz) ON CONFLICT (key) DO NOTHING", [
    key,
    JSON.stringify(result),
    new Date(at).toISOString(),
  ]);
  await db.query("DELETE FROM sweep_runs WHERE finished_at < $1::timestamptz", [new Date(at - KEEP_MS).toISOString()]);
}
