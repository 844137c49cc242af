import { Context } from "@temporalio/activity";

/**
 * Reports progress to Temporal when running as an activity (a worker that dies mid-sweep is
 * noticed within the heartbeat timeout and the sweep is retried); a no-op when called
 * directly (tests, the CLI).
 */
export function beat(details: unknown): void {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return;
  }
  ctx.heartbeat(details);
}
