/** Durable batched ingest over the store, and the due-timer loop and reads that go with it. */
export { ingestBatch, type IngestOptions, type IngestResult } from "./ingest-batch.js";
export { validateBatch, DEFAULT_MAX_BATCH, DEFAULT_MAX_EVENT_BYTES, type BatchLimits, type IngestError } from "./validate-batch.js";
export { runDueTimers, type DueTimersOptions } from "./due-timers.js";
export { readContactSummary } from "./contact-summary.js";
