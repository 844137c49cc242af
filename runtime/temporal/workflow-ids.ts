/**
 * Deterministic workflow ids (pure): the same engine effect always names the same workflow,
 * so a retried dispatch starts nothing twice. Times in ids are ISO strings, as in the
 * engine's outbox keys.
 */
export { decayLoopId, SEGMENT_REFRESH_ID, TASK_QUEUE } from "../../workflows/names.js";

const iso = (ms: number): string => new Date(ms).toISOString();

/** One feedback run: `feedback:<loop>:<contact>:<startedAt ISO>`. */
export const feedbackLoopId = (loop: string, contact: string, startedAt: number): string => `feedback:${loop}:${contact}:${iso(startedAt)}`;

/** One contact's enrollments in one campaign: `campaign:<campaign>:<contact>` (re-entries are signalled). */
export const campaignEnrollmentId = (campaign: string, contact: string): string => `campaign:${campaign}:${contact}`;
