/** The scores page's data: distribution per score with its threshold lines, crossings per week, suppressions. */
import type { Model } from "../engine/index.js";
import { readFiresPerWeek, readScoreBuckets, readScoreRanges, readSegmentSizes } from "../store/console-scores.js";
import type { Db } from "../store/db.js";
import { thresholdLines, type ThresholdLine } from "./thresholds.js";

export const BUCKETS = 10;

export interface ScoreDistribution {
  score: string;
  label: string;
  /** The value range the buckets cover: the declared limit, else the stored values'. */
  lo: number;
  hi: number;
  /** Contacts per bucket, BUCKETS of them, lowest values first. */
  buckets: number[];
  thresholds: ThresholdLine[];
}

export interface ScoresReport {
  since: string;
  scores: ScoreDistribution[];
  /** Contacts who crossed a threshold, per week (the Monday, UTC). */
  fires: { threshold: string; week: string; fires: number }[];
  /** Segments that stop scoring while a contact is in them, with their live members. */
  suppressions: { segment: string; scores: string[]; contacts: number }[];
}

export async function readScores(db: Db, model: Model, since: number): Promise<ScoresReport> {
  const ir = model.ir;
  const stored = new Map((await readScoreRanges(db)).map((r) => [r.score, r]));
  const ranges = Object.entries(ir.scores)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([score, def]) => {
      const lo = def.limit?.min ?? Math.min(0, stored.get(score)?.lo ?? 0);
      const hi = def.limit?.max ?? Math.max(lo + 1, stored.get(score)?.hi ?? lo + 1);
      return { score, label: def.label ?? score, lo, hi };
    });
  const lines = thresholdLines(model);
  const [buckets, fires, sizes] = await Promise.all([
    readScoreBuckets(db, ranges, BUCKETS),
    readFiresPerWeek(db, since),
    readSegmentSizes(db, Object.keys(ir.suppressions)),
  ]);
  return {
    since: new Date(since).toISOString(),
    scores: ranges.map((r) => {
      const counts = new Array<number>(BUCKETS).fill(0);
      for (const b of buckets) if (b.score === r.score) counts[b.bucket] = b.contacts;
      return { ...r, buckets: counts, thresholds: lines.filter((l) => l.score === r.score) };
    }),
    fires,
    suppressions: Object.entries(ir.suppressions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([segment, scores]) => ({ segment, scores, contacts: sizes.find((s) => s.segment === segment)?.contacts ?? 0 })),
  };
}
