/**
 * The console's funnel: how many contacts stand in each stage now, and how many of those who
 * entered a stage during a period went on to a later stage of the pipeline before its end.
 */
import type { Db } from "./db.js";

/** One stage's place in a pipeline's chain (declared order, not-succeeded stages left out). */
export interface ChainStage {
  pipeline: string;
  stage: string;
  /** 0 for the first stage of the chain. */
  rank: number;
}

/** Contacts in one stage now, per pipeline and dimension key ('' when not per dimension). */
export interface StageCountRow {
  pipeline: string;
  key: string;
  stage: string;
  contacts: number;
}

/** Of the contacts who entered `stage` in the period, how many reached a later chain stage by its end. */
export interface StageFlowRow {
  pipeline: string;
  key: string;
  stage: string;
  entered: number;
  advanced: number;
}

/** Current stage counts of live contacts (not deleted, not stubs). Reads `stages_by_stage`-sized groups. */
export async function readStageCounts(db: Db): Promise<StageCountRow[]> {
  const rows = await db.query<{ pipeline: string; key: string; stage: string; n: number }>(
    `SELECT s.pipeline, s.key, s.stage, count(*)::int AS n
       FROM stages s JOIN contacts c ON c.id = s.contact
      WHERE c.deleted_at IS NULL AND c.created_at IS NOT NULL
      GROUP BY s.pipeline, s.key, s.stage
      ORDER BY s.pipeline, s.key, s.stage`,
  );
  return rows.map((r) => ({ pipeline: r.pipeline, key: r.key, stage: r.stage, contacts: r.n }));
}

/**
 * Entries into each chain stage within [since, until) and how many of those contacts later
 * (at or after their first entry, before `until`) reached a stage further along the chain.
 * Skipping a stage counts as advancing: a lead that goes straight to MQL converted past Engaged.
 */
export async function readStageFlow(db: Db, chain: readonly ChainStage[], since: number, until: number): Promise<StageFlowRow[]> {
  if (chain.length === 0) return [];
  const rows = await db.query<{ pipeline: string; key: string; stage: string; entered: number; advanced: number }>(
    `WITH r AS (SELECT * FROM unnest($3::text[], $4::text[], $5::int[]) AS r(pipeline, stage, rank)),
     entered AS (
       SELECT h.pipeline, h.key, h.contact, r.stage, r.rank, min(h.at) AS first_at
         FROM stage_history h JOIN r ON r.pipeline = h.pipeline AND r.stage = h.to_stage
        WHERE h.at >= $1 AND h.at < $2
        GROUP BY h.pipeline, h.key, h.contact, r.stage, r.rank
     )
     SELECT e.pipeline, e.key, e.stage, count(*)::int AS entered,
            (count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM stage_history b JOIN r rb ON rb.pipeline = b.pipeline AND rb.stage = b.to_stage
                WHERE b.contact = e.contact AND b.pipeline = e.pipeline AND b.key = e.key
                  AND rb.rank > e.rank AND b.at >= e.first_at AND b.at < $2)))::int AS advanced
       FROM entered e
      GROUP BY e.pipeline, e.key, e.stage
      ORDER BY e.pipeline, e.key, e.stage`,
    [new Date(since), new Date(until), chain.map((c) => c.pipeline), chain.map((c) => c.stage), chain.map((c) => c.rank)],
  );
  return rows;
}
