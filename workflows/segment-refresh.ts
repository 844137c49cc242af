/**
 * `segmentRefresh`: one per namespace (id `segment-refresh`). Time-relative conditions
 * (`did X within 30d`, `last_active before 90d ago`) change by themselves; the engine keeps,
 * per contact, a `recheck` timer at the next moment one can change. This loop sleeps until the
 * earliest such timer (capped by `maxSleepMs`), and fires the due ones — segment entries and
 * exits follow, and with them campaign entries and suppression. It also fires cooldown and
 * lock ends and delayed deletions set by actions, and, as a safety net, any timer of any kind
 * that its own loop left late. Once an hour (workflow time) it also re-evaluates the
 * time-relative segments set-based in SQL (`refreshSegments`), a cross-check that finds
 * contacts whose timers were lost. Same shape and reasons as `decayLoop`.
 */
import { continueAsNew, defineSignal, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { FunnelformActivities } from "./activity-types.js";
import { workflowTime } from "./clock.js";
import { WAKE_SIGNAL } from "./names.js";
import { markConfigHash, sleepUntil } from "./wait.js";

export interface SegmentRefreshInput {
  /** Longest sleep between sweeps (default 15 minutes). */
  maxSleepMs?: number;
  /** Sweeps before continue-as-new (default 500). */
  iterations?: number;
  chunk?: number;
  /** How late a timer of another loop's kind may be before this loop fires it (default 5 minutes). */
  lagMs?: number;
  /** How often the set-based SQL re-evaluation of time-relative segments runs (default 1 hour). */
  fullRefreshEveryMs?: number;
}

export const refreshWakeSignal = defineSignal(WAKE_SIGNAL);

const { dueTimersSweep } = proxyActivities<FunnelformActivities>({
  startToCloseTimeout: "30 minutes",
  // Sweeps heartbeat after every chunk; a crashed worker's sweep is retried this soon.
  heartbeatTimeout: "30 seconds",
  retry: { initialInterval: "1 second", maximumInterval: "1 minute" },
});

/** Fires time-relative re-checks and the other loop-less timers, forever. */
export async function segmentRefresh(input: SegmentRefreshInput = {}): Promise<void> {
  const maxSleep = input.maxSleepMs ?? 15 * 60_000;
  const iterations = input.iterations ?? 500;
  let woken = false;
  setHandler(refreshWakeSignal, () => {
    woken = true;
  });
  const fullEvery = input.fullRefreshEveryMs ?? 3_600_000;
  const { workflowId, runId } = workflowInfo();
  // The first sweep of every run is a full one (also after continue-as-new: at most one extra per 500 sweeps).
  let lastFull = -Infinity;
  for (let i = 0; i < iterations; i++) {
    const at = workflowTime();
    woken = false;
    const fullRefresh = at - lastFull >= fullEvery;
    if (fullRefresh) lastFull = at;
    const r = await dueTimersSweep({ at, runKey: `${workflowId}/${runId}/${i}`, chunk: input.chunk, lagMs: input.lagMs, fullRefresh });
    markConfigHash(r.configHash);
    const cap = at + maxSleep;
    await sleepUntil(r.nextDueAt === null ? cap : Math.min(r.nextDueAt, cap), () => woken);
  }
  await continueAsNew<typeof segmentRefresh>(input);
}
