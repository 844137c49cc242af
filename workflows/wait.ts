/** Sleeping helpers shared by the workflows (deterministic: Temporal timers and signals only). */
import { condition, upsertSearchAttributes, workflowInfo } from "@temporalio/workflow";
import { workflowTime } from "./clock.js";
import { CONFIG_HASH_KEY } from "./names.js";

/**
 * Sleeps until `target` (epoch ms, workflow time) or until `woken()` turns true, whichever is
 * first; a target in the past returns at once. A null target waits for `woken()` only.
 * Returns true when woken by a signal.
 */
export async function sleepUntil(target: number | null, woken: () => boolean): Promise<boolean> {
  if (woken()) return true;
  if (target === null) {
    await condition(woken);
    return true;
  }
  const ms = target - workflowTime();
  if (ms <= 0) return false;
  return condition(woken, ms);
}

/**
 * Records the config hash the workflow now runs under, so an operator can list in-flight
 * work per version. Only when the workflow was started with funnelform's search attributes
 * (they are registered on the namespace); a server without them is left alone.
 */
export function markConfigHash(hash: string | null): void {
  if (hash === null) return;
  const attrs = workflowInfo().typedSearchAttributes;
  const current = attrs.get(CONFIG_HASH_KEY);
  if (current === undefined || current === hash) return;
  upsertSearchAttributes([{ key: CONFIG_HASH_KEY, value: hash }]);
}
