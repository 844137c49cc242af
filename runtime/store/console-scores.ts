/**
 * The console's scores page: how stored score values spread, how many contacts crossed each
 * threshold per week, and how many contacts sit in each segment that suppresses scoring.
 * Values are as stored: decay is written by the due-work loop when a value crosses a boundary.
 */
import type { Db } from "./db.js";

/** Contacts per value bucket of one score: bucket i holds values in [lo + i·w, lo + (i+1)·w). */
export interface ScoreBucketRow {
  score: string;
  bucket: number;
  contacts: number;
}

/** `buckets` equal buckets over [lo, hi] per score; the top value falls into the last bucket. */
export async function readScoreBuckets(db: Db, ranges: readonly { score: string; lo: number; hi: number }[], buckets: number): Promise<ScoreBucketRow[]> {
  if (ranges.length === 0) return [];
  return db.query<ScoreBucketRow>(
    `WITH r AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) AS r(score, lo, hi))
     SELECT s.score, LEAST(GREATEST(floor((s.value - r.lo) / NULLIF(r.hi - r.lo, 0) * $4), 0), $4 - 1)::int AS bucket, count(*)::int AS contacts
       FROM scores s JOIN r ON r.score = s.score JOIN contacts c ON c.id = s.contact
      WHERE c.deleted_at IS NULL AND c.created_at IS NOT NULL
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [ranges.map((r) => r.score), ranges.map((r) => r.lo), ranges.map((r) => r.hi), buckets],
  );
}

/** Lowest and highest stored value per score (for scores without a declared limit). */
export async function readScoreRanges(db: Db): Promise<{ score: string; lo: number; hi: number }[]> {
  return db.query<{ score: string; lo: number; hi: number }>("SELECT score, min(value) AS lo, max(value) AS hi FROM scores GROUP BY score ORDER BY score");
}

/** Threshold fires per ISO week (the Monday, `2026-03-02`) since `since`. */
export async function readFiresPerWeek(db: Db, since: number): Promise<{ threshold: string; week: string; fires: number }[]> {
  const rows = await db.query<{ threshold: string; week: Date | string; fires: number }>(
    `SELECT threshold, date_trunc('week', at AT TIME ZONE 'UTC')::date AS week, count(*)::int AS fires
       FROM threshold_fires WHERE at >= $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [new Date(since)],
  );
  return rows.map((r) => ({ threshold: r.threshold, week: typeof r.week === "string" ? r.week.slice(0, 10) : r.week.toISOString().slice(0, 10), fires: r.fires }));
}

/** Live members per segment, for the given segments. */
export async function readSegmentSizes(db: Db, segments: readonly string[]): Promise<{ segment: string; contacts: number }[]> {
  if (segments.length === 0) return [];
  return db.query<{ segment: string; contacts: number }>(
    `SELECT m.segment, count(*)::int AS contacts FROM segment_members m JOIN contacts c ON c.id = m.contact
      WHERE m.segment = ANY($1::text[]) AND c.deleted_at IS NULL GROUP BY 1 ORDER BY 1`,
    [segments],
  );
}
