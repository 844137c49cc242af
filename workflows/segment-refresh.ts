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
 *
 * Campaign waits too (`wait 3d`, `wait until mon 09:00`, a `wait until` limit, a step held
 * for its send window): the engine keeps an enrollment's current wait as the contact's
 * `campaign` timer, and this loop fires it at its own time like the re-checks — so the
 * database stays equal to `simulate`, and `leave when`, re-entry and `on change
 * keep|migrate|restart` (the engine's) need nothing from Temporal: they move or clear the
 * wait. Enrollments in flight are listed from the `campaign_enrollments` table (`plan
 * --from-db`, the console). This replaces one `campaignEnrollment` workflow per contact and
 * campaign, for Temporal's cost: measured on the b2b history, such a workflow took 3.9
 * actions before its first wait ended (start, signal, activity, timer) and about 8 over its
 * life, and b2b enrols 0.0168 contacts per ingested event (1,017 in 60,683; its welcome
 * campaign takes every newsletter signup and waits twice) — 0.065 to 0.13 actions per event
 * for campaigns alone, against a budget of 0.01 for everything. Here a wake-up costs two
 * actions (a timer and an activity) however many waits it fires, and `minGapMs` bounds the
 * wake-ups when waits end every second.
 */
import { continueAsNew, defineSignal, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { FunnelformActivities } from "./activity-types.js";
import { workflowTime } from "./clock.js";
import { WAKE_SIGNAL } from "./names.js";
import { markConfigHash, sleepUntil } from "./wait.js";

export interface SegmentRefreshInput {
  /** Longest sleep between sweeps (default 15 minutes). */
  maxSleepMs?: number;
  /**
   * Shortest time between two sweeps (default 30 s): under load timers end every second, and
   * one sweep serves all of them; a timer fires at most this late, at its own time.
   */
  minGapMs?: number;
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
  const minGap = input.minGapMs ?? 30_000;
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
    await sleepUntil(Math.max(at + minGap, r.nextDueAt === null ? cap : Math.min(r.nextDueAt, cap)), () => woken);
    // A wake-up inside the gap waits for the gap's end (the next sweep serves it with the rest).
    if (woken) await sleepUntil(at + minGap, () => false);
  }
  await continueAsNew<typeof segmentRefresh>(input);
}
