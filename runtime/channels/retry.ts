/** When a failed message is tried again, and when the outbox gives up on it. */

export interface RetryPolicy {
  /** Attempts before a message that keeps failing is dead-lettered (a crashed send counts). */
  maxAttempts: number;
  /** The wait after the first failure; it doubles with each attempt. */
  baseMs: number;
  /** The longest wait between two attempts. */
  maxMs: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random: () => number;
}

/** 10 attempts over about three hours: 30 s, 1 min, 2 min, … capped at one hour. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseMs: 30_000, maxMs: 3_600_000, random: Math.random };

/**
 * The wait after failed attempt `attempt` (1-based): exponential, capped, with "equal
 * jitter" — half of it fixed, half random — so receivers that failed together are not hit
 * together again, and the wait is never shorter than half the step. A receiver's
 * `Retry-After` is honoured up to the cap.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(step / 2 + (step / 2) * policy.random());
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, policy.maxMs));
}
