/** The scores page's data: distribution per score with its threshold lines, crossings per week, suppressions. */
import type { Model } from "../engine/index.js";
import { readDecaysBelow, readFiresPerWeek, readScoreBuckets, readScoreRanges, readSegmentSizes } from "../store/console-scores.js";
import type { Db } from "../store/db.js";
import { createSnapshots, type Snapshots } from "./snapshots.js";
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
  /** When the distributions were computed (they may be a snapshot, see snapshots.ts). */
  asOf: string;
  scores: ScoreDistribution[];
  /** Contacts who crossed a threshold, per week (the Monday, UTC). */
  fires: { threshold: string; week: string; fires: number }[];
  /** Segments that stop scoring while a contact is in them, with their live members. */
  suppressions: { segment: string; scores: string[]; contacts: number }[];
  /** Contacts whose score will decay below a threshold's line in the 7 days from now, per line. */
  decays: { until: string; lines: { threshold: string; score: string; value: number; contacts: number }[] };
}

/** "This week" for decays: the next seven days. */
const WEEK_MS = 7 * 86_400_000;

/** The scores page at `now`: crossings since `since`, decays in the week from `now`. */
const FRESH = createSnapshots(0);

export async function readScores(db: Db, model: Model, since: number, now: number, snapshots: Snapshots = FRESH): Promise<ScoresReport> {
  const ir = model.ir;
  // Only scores without a declared limit need their stored values' range (a scan of that score).
  const open = Object.entries(ir.scores).filter(([, def]) => def.limit?.min === undefined || def.limit.max === undefined).map(([s]) => s);
  const stored = new Map((await readScoreRanges(db, open)).map((r) => [r.score, r]));
  const ranges = Object.entries(ir.scores)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([score, def]) => {
      const lo = def.limit?.min ?? Math.min(0, stored.get(score)?.lo ?? 0);
      const hi = def.limit?.max ?? Math.max(lo + 1, stored.get(score)?.hi ?? lo + 1);
      return { score, label: def.label ?? score, lo, hi };
    });
  const lines = thresholdLines(model);
  const [buckets, fires, sizes, decays] = await Promise.all([
    snapshots.get(`score-buckets:${JSON.stringify(ranges)}`, () => readScoreBuckets(db, ranges, BUCKETS)),
    readFiresPerWeek(db, since),
    readSegmentSizes(db, Object.keys(ir.suppressions)),
    readDecaysBelow(db, lines, now, now + WEEK_MS),
  ]);
  return {
    since: new Date(since).toISOString(),
    asOf: new Date(buckets.asOf).toISOString(),
    scores: ranges.map((r) => {
      const counts = new Array<number>(BUCKETS).fill(0);
      for (const b of buckets.value) if (b.score === r.score) counts[b.bucket] = b.contacts;
      return { ...r, buckets: counts, thresholds: lines.filter((l) => l.score === r.score) };
    }),
    fires,
    suppressions: Object.entries(ir.suppressions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([segment, scores]) => ({ segment, scores, contacts: sizes.find((s) => s.segment === segment)?.contacts ?? 0 })),
    decays: { until: new Date(now + WEEK_MS).toISOString(), lines: decays },
  };
}
