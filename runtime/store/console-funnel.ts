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

/**
 * Current stage counts of live contacts (not deleted, not stubs). Counts every stages row
 * without a join, then takes off the few rows of gone contacts (found by the small
 * `contacts_gone` index): joining a million contacts to count them was most of the time.
 */
export async function readStageCounts(db: Db): Promise<StageCountRow[]> {
  const rows = await db.query<{ pipeline: string; key: string; stage: string; n: number }>(
    `WITH everyone AS (SELECT pipeline, key, stage, count(*) AS n FROM stages GROUP BY 1, 2, 3),
     gone AS (
       SELECT s.pipeline, s.key, s.stage, count(*) AS n
         FROM contacts c JOIN stages s ON s.contact = c.id
        WHERE c.deleted_at IS NOT NULL OR c.created_at IS NULL
        GROUP BY 1, 2, 3)
     SELECT e.pipeline, e.key, e.stage, (e.n - coalesce(g.n, 0))::int AS n
       FROM everyone e LEFT JOIN gone g ON g.pipeline = e.pipeline AND g.key = e.key AND g.stage = e.stage
      WHERE e.n - coalesce(g.n, 0) > 0
      ORDER BY 1, 2, 3`,
  );
  return rows.map((r) => ({ pipeline: r.pipeline, key: r.key, stage: r.stage, contacts: r.n }));
}

/**
 * Entries into each chain stage within [since, until) and how many of those contacts later
 * (at or after their first entry, before `until`) reached a stage further along the chain.
 * Skipping a stage counts as advancing: a lead that goes straight to MQL converted past Engaged.
 * Everything needed lies inside the period, so one range scan of `stage_history_at` serves:
 * per contact, the furthest rank reached from each entry onwards is a running max over its
 * rows, newest first (peers at the same instant included).
 */
export async function readStageFlow(db: Db, chain: readonly ChainStage[], since: number, until: number): Promise<StageFlowRow[]> {
  if (chain.length === 0) return [];
  const rows = await db.query<{ pipeline: string; key: string; stage: string; entered: number; advanced: number }>(
    `WITH r AS (SELECT * FROM unnest($3::text[], $4::text[], $5::int[]) AS r(pipeline, stage, rank)),
     h AS (
       SELECT h.pipeline, h.key, h.contact, r.stage, r.rank,
              max(r.rank) OVER (PARTITION BY h.pipeline, h.key, h.contact ORDER BY h.at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS reach,
              row_number() OVER (PARTITION BY h.pipeline, h.key, h.contact, r.stage ORDER BY h.at, h.seq) AS nth
         FROM stage_history h JOIN r ON r.pipeline = h.pipeline AND r.stage = h.to_stage
        WHERE h.pipeline = ANY($6::text[]) AND h.at >= $1 AND h.at < $2)
     SELECT pipeline, key, stage, count(*)::int AS entered, (count(*) FILTER (WHERE reach > rank))::int AS advanced
       FROM h WHERE nth = 1
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [new Date(since), new Date(until), chain.map((c) => c.pipeline), chain.map((c) => c.stage), chain.map((c) => c.rank), [...new Set(chain.map((c) => c.pipeline))]],
  );
  return rows;
}
