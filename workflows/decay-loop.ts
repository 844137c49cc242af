/**
 * `decayLoop(score)`: one per decaying score, an alarm clock over the database.
 *
 * Why a long-running workflow and not a Temporal Schedule: the work is due at data-dependent
 * times (`scores.next_transition_at`, SPEC section 1 Decay), not on a fixed cadence. A
 * Schedule would either wake far too often or late; this loop sleeps exactly until the next
 * transition the database reports (capped by `maxSleepMs`, so transitions created by ingest
 * meanwhile are never later than that; a `wake` signal cuts the sleep short). It also runs on
 * the time-skipping test server, which has no Schedules, so weeks of decay are tested in
 * seconds. One workflow id per score (`decay:<score>`) makes a second start a no-op, the
 * same way a Schedule's overlap policy "skip" would. Long histories continue-as-new.
 */
import { continueAsNew, defineSignal, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { FunnelformActivities } from "./activity-types.js";
import { workflowTime } from "./clock.js";
import { WAKE_SIGNAL } from "./names.js";
import { markConfigHash, sleepUntil } from "./wait.js";

export interface DecayLoopInput {
  score: string;
  /** Longest sleep between sweeps (default 15 minutes). */
  maxSleepMs?: number;
  /** Sweeps before continue-as-new (default 500). */
  iterations?: number;
  /** Contacts per transaction. */
  chunk?: number;
}

export const wakeSignal = defineSignal(WAKE_SIGNAL);

const { decaySweep } = proxyActivities<FunnelformActivities>({
  startToCloseTimeout: "30 minutes",
  // Sweeps heartbeat after every chunk; a crashed worker's sweep is retried this soon.
  heartbeatTimeout: "30 seconds",
  retry: { initialInterval: "1 second", maximumInterval: "1 minute" },
});

/** Applies the due decay transitions of `input.score`, forever (ends when the score stops decaying). */
export async function decayLoop(input: DecayLoopInput): Promise<void> {
  const maxSleep = input.maxSleepMs ?? 15 * 60_000;
  const iterations = input.iterations ?? 500;
  let woken = false;
  setHandler(wakeSignal, () => {
    woken = true;
  });
  const { workflowId, runId } = workflowInfo();
  for (let i = 0; i < iterations; i++) {
    const at = workflowTime();
    woken = false;
    const r = await decaySweep({ score: input.score, at, runKey: `${workflowId}/${runId}/${i}`, chunk: input.chunk });
    markConfigHash(r.configHash);
    if (r.retired === true) return;
    const cap = at + maxSleep;
    await sleepUntil(r.nextDueAt === null ? cap : Math.min(r.nextDueAt, cap), () => woken);
  }
  await continueAsNew<typeof decayLoop>(input);
}
