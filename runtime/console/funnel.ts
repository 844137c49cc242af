/** The funnel page's data: each pipeline's stages with counts now and conversion over a period. */
import type { Model } from "../engine/index.js";
import { readStageCounts, readStageFlow, type ChainStage } from "../store/console-funnel.js";
import type { Db } from "../store/db.js";
import { createSnapshots, type Snapshots } from "./snapshots.js";

export type StageCategory = "in_progress" | "succeeded" | "not_succeeded";

export interface FunnelStage {
  name: string;
  label: string;
  category: StageCategory;
  /** Contacts in this stage now. */
  contacts: number;
  /** Contacts who entered the stage during the period (chain stages only; 0 for not-succeeded ones). */
  entered: number;
  /** Of those, how many reached a later stage of the chain before the period's end. */
  advanced: number;
  /** `advanced / entered`, null when nobody entered or the stage ends the chain. */
  conversion: number | null;
}

export interface FunnelPipeline {
  name: string;
  label: string;
  /** One funnel per dimension key (`""` when the pipeline is not per dimension). */
  keys: { key: string; stages: FunnelStage[] }[];
}

export interface FunnelReport {
  since: string;
  until: string;
  /** When the counts and the conversion were computed (they may be a snapshot, see snapshots.ts). */
  asOf: string;
  pipelines: FunnelPipeline[];
}

/** The chain is the declared order without not-succeeded stages: lost or disqualified are exits, not steps. */
export function chainOf(model: Model): ChainStage[] {
  const out: ChainStage[] = [];
  for (const [pipeline, def] of Object.entries(model.ir.pipelines)) {
    let rank = 0;
    for (const s of def.stages) if (s.category !== "not_succeeded") out.push({ pipeline, stage: s.name, rank: rank++ });
  }
  return out;
}

const FRESH = createSnapshots(0);
const minute = (ms: number): number => Math.floor(ms / 60_000);

export async function readFunnel(db: Db, model: Model, since: number, until: number, snapshots: Snapshots = FRESH): Promise<FunnelReport> {
  const chain = chainOf(model);
  // Periods are keyed to the minute: "the last 30 days" asked twice a second apart is one view.
  const [countsSnap, flowSnap] = await Promise.all([
    snapshots.get("stage-counts", () => readStageCounts(db)),
    snapshots.get(`stage-flow:${model.hash}:${minute(since)}:${minute(until)}`, () => readStageFlow(db, chain, since, until)),
  ]);
  const counts = countsSnap.value;
  const flow = flowSnap.value;
  const lastRank = new Map<string, number>();
  for (const c of chain) lastRank.set(c.pipeline, Math.max(lastRank.get(c.pipeline) ?? 0, c.rank));
  const rankOf = new Map(chain.map((c) => [`${c.pipeline}\u0000${c.stage}`, c.rank]));
  const pipelines: FunnelPipeline[] = Object.entries(model.ir.pipelines)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, def]) => {
      const keys = new Set<string>([...counts, ...flow].filter((r) => r.pipeline === name).map((r) => r.key));
      if (keys.size === 0 && def.per === undefined) keys.add("");
      return {
        name,
        label: def.label ?? name,
        keys: [...keys].sort().map((key) => ({
          key,
          stages: def.stages.map((s) => {
            const f = flow.find((r) => r.pipeline === name && r.key === key && r.stage === s.name);
            const entered = f?.entered ?? 0;
            const advanced = f?.advanced ?? 0;
            const rank = rankOf.get(`${name}\u0000${s.name}`);
            const endsChain = rank === undefined || rank === lastRank.get(name);
            return {
              name: s.name,
              label: s.label ?? s.name,
              category: s.category,
              contacts: counts.find((r) => r.pipeline === name && r.key === key && r.stage === s.name)?.contacts ?? 0,
              entered,
              advanced,
              conversion: endsChain || entered === 0 ? null : advanced / entered,
            };
          }),
        })),
      };
    });
  return { since: new Date(since).toISOString(), until: new Date(until).toISOString(), asOf: new Date(Math.min(countsSnap.asOf, flowSnap.asOf)).toISOString(), pipelines };
}
