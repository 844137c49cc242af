/**
 * `campaignEnrollment`: one per contact and campaign, id `campaign:<campaign>:<contact>`.
 * The steps (waits, `wait until` with a limit, branches, sends) are interpreted by the engine
 * as the contact's campaign timers; this workflow sleeps until the enrollment's current wait
 * ends, fires the contact's due timers at that time, and ends when the contact is no longer
 * enrolled (completed, converted, or left — `leave when`, e.g. leaving the entry segment,
 * ends the enrollment in the engine at once, and the `enrollmentChanged` signal from the
 * dispatcher wakes this workflow to end too). A re-entry while this workflow still runs is
 * served by it (the dispatcher signals instead of starting a second one).
 *
 * A new version applied moves enrollments by the campaign's `on change` policy in the engine
 * (docs/semantics.md, "Applying a new version"); a migrated or restarted enrollment gets the
 * same `enrollmentChanged` signal, so this workflow re-reads where it stands.
 */
import { defineSignal, proxyActivities, setHandler } from "@temporalio/workflow";
import type { FunnelformActivities } from "./activity-types.js";
import { workflowTime } from "./clock.js";
import { ENROLLMENT_SIGNAL } from "./names.js";
import { markConfigHash, sleepUntil } from "./wait.js";

export interface CampaignEnrollmentInput {
  contact: string;
  campaign: string;
  /** Longest sleep while enrolled without a pending wait (default 1 day). */
  maxSleepMs?: number;
}

export const enrollmentChangedSignal = defineSignal(ENROLLMENT_SIGNAL);

const { enrollmentTick } = proxyActivities<FunnelformActivities>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "1 second", maximumInterval: "1 minute" },
});

/** Runs while the contact is enrolled; returns how many enrollments (entries) it served. */
export async function campaignEnrollment(input: CampaignEnrollmentInput): Promise<number> {
  const maxSleep = input.maxSleepMs ?? 24 * 3_600_000;
  let signalled = false;
  setHandler(enrollmentChangedSignal, () => {
    signalled = true;
  });
  const served = new Set<number>();
  for (;;) {
    signalled = false;
    const at = workflowTime();
    const s = await enrollmentTick({ contact: input.contact, campaign: input.campaign, at });
    markConfigHash(s.configHash);
    // A signal that arrived during the activity is handled by the next pass, never dropped.
    if (s.state === "ended" && !signalled) return served.size;
    if (s.state === "enrolled") {
      served.add(s.enteredAt);
      await sleepUntil(s.waitUntil === null ? at + maxSleep : Math.min(s.waitUntil, at + maxSleep), () => signalled);
    }
  }
}
