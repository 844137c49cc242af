/**
 * `feedbackLoop`: one per MQL feedback run, id `feedback:<loop>:<contact>:<startedAt ISO>`.
 * The asks, their count, the escalation and the outcome's actions are the engine's (timers in
 * the contact's stored state); this workflow is their durable alarm clock: it sleeps until the
 * run's next ask, fires the contact's due timers at that time (which writes the ask's outbox
 * row), and loops. The `outcomeRecorded` signal (sent after the feedback link ingested
 * `feedback.given`) wakes it early. After an outcome with a delayed deletion (`junk -> delete
 * contact after 30d`) it stays for the grace period and fires the deletion, then ends.
 */
import { defineSignal, proxyActivities, setHandler } from "@temporalio/workflow";
import type { FunnelformActivities } from "./activity-types.js";
import { workflowTime } from "./clock.js";
import { OUTCOME_SIGNAL } from "./names.js";
import { markConfigHash, sleepUntil } from "./wait.js";

export interface FeedbackLoopInput {
  contact: string;
  loop: string;
  /** The run's start (epoch ms): identifies the run. */
  startedAt: number;
  /**
   * The first ask (epoch ms), known when the run starts: the loop sleeps until then before
   * its first look at the database — one activity fewer per MQL (Temporal actions are
   * budgeted per ingested event). Absent in runs started by earlier dispatchers.
   */
  firstAskAt?: number;
}

export const outcomeRecordedSignal = defineSignal(OUTCOME_SIGNAL);

const { feedbackTick } = proxyActivities<FunnelformActivities>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "1 second", maximumInterval: "1 minute" },
});

/** Runs until the feedback run is answered (and its grace period is over) or gone. */
export async function feedbackLoop(input: FeedbackLoopInput): Promise<string> {
  let signalled = false;
  setHandler(outcomeRecordedSignal, () => {
    signalled = true;
  });
  if (typeof input.firstAskAt === "number") await sleepUntil(input.firstAskAt, () => signalled);
  // Each pass: fire what is due now, then sleep until the next thing the run waits for.
  // Bounded: every pass either ends or sleeps until a later time or a signal.
  for (;;) {
    signalled = false;
    const s = await feedbackTick({ ...input, at: workflowTime() });
    markConfigHash(s.configHash);
    if (s.state === "over") return "over";
    if (s.state === "answered") {
      if (s.deleteAt === null) return `answered: ${s.outcome}`;
      // The grace period: nothing can cut it short (a second outcome is refused by the engine).
      await sleepUntil(s.deleteAt, () => false);
      continue;
    }
    await sleepUntil(s.nextAt, () => signalled);
  }
}
