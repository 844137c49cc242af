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

/**
 * `buckets` equal buckets over [lo, hi] per score; the top value falls into the last bucket.
 * Like the stage counts, every row is counted without a join and gone contacts are taken off.
 */
export async function readScoreBuckets(db: Db, ranges: readonly { score: string; lo: number; hi: number }[], buckets: number): Promise<ScoreBucketRow[]> {
  if (ranges.length === 0) return [];
  const bucket = "LEAST(GREATEST(floor((s.value - r.lo) / NULLIF(r.hi - r.lo, 0) * $4), 0), $4 - 1)::int";
  return db.query<ScoreBucketRow>(
    `WITH r AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) AS r(score, lo, hi)),
     everyone AS (SELECT s.score, ${bucket} AS bucket, count(*) AS n FROM scores s JOIN r ON r.score = s.score GROUP BY 1, 2),
     gone AS (
       SELECT s.score, ${bucket} AS bucket, count(*) AS n
         FROM contacts c JOIN scores s ON s.contact = c.id JOIN r ON r.score = s.score
        WHERE c.deleted_at IS NOT NULL OR c.created_at IS NULL GROUP BY 1, 2)
     SELECT e.score, e.bucket, (e.n - coalesce(g.n, 0))::int AS contacts
       FROM everyone e LEFT JOIN gone g ON g.score = e.score AND g.bucket = e.bucket
      WHERE e.n - coalesce(g.n, 0) > 0 ORDER BY 1, 2`,
    [ranges.map((r) => r.score), ranges.map((r) => r.lo), ranges.map((r) => r.hi), buckets],
  );
}

/** Lowest and highest stored value of the given scores (those without a declared limit); null when none stored. */
export async function readScoreRanges(db: Db, scores: readonly string[]): Promise<{ score: string; lo: number | null; hi: number | null }[]> {
  if (scores.length === 0) return [];
  return db.query<{ score: string; lo: number | null; hi: number | null }>(
    "SELECT score, min(value) AS lo, max(value) AS hi FROM scores WHERE score = ANY($1::text[]) GROUP BY score ORDER BY score",
    [scores],
  );
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

/**
 * Contacts whose score decays below a threshold line within [from, to): the due-work loop
 * writes the value when it crosses (`next_transition_at`), and the line crossed is the
 * highest one at or below the value held now. Reads the `scores_due` index, not every score.
 */
export async function readDecaysBelow(
  db: Db,
  lines: readonly { threshold: string; score: string; value: number }[],
  from: number,
  to: number,
): Promise<{ threshold: string; score: string; value: number; contacts: number }[]> {
  if (lines.length === 0) return [];
  return db.query<{ threshold: string; score: string; value: number; contacts: number }>(
    `WITH l AS (SELECT * FROM unnest($3::text[], $4::text[], $5::float8[]) AS l(threshold, score, value))
     SELECT x.threshold, x.score, x.value, count(*)::int AS contacts
       FROM scores s
       JOIN contacts c ON c.id = s.contact AND c.deleted_at IS NULL
       CROSS JOIN LATERAL (SELECT * FROM l WHERE l.score = s.score AND l.value <= s.value ORDER BY l.value DESC LIMIT 1) x
      WHERE s.next_transition_at >= $1 AND s.next_transition_at < $2
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [new Date(from), new Date(to), lines.map((l) => l.threshold), lines.map((l) => l.score), lines.map((l) => l.value)],
  );
}
