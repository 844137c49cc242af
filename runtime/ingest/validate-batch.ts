/**
 * The door of ingest: every event of a batch is checked before anything is written. One bad
 * event rejects the whole batch, with one error per bad event, so the sender can fix them
 * and send the same batch again.
 */
import { validateEvent, type Model } from "../engine/index.js";
import type { EventInput } from "../engine/types.js";

/** One refused event: its position in the batch, its id when it has a usable one, and why. */
export interface IngestError {
  index: number;
  id: string | null;
  reason: string;
}

export interface BatchLimits {
  /** Largest event, in bytes of its JSON (default 64 KiB). */
  maxEventBytes?: number;
  /** Most events in one batch (default 10,000). */
  maxBatch?: number;
}

export const DEFAULT_MAX_EVENT_BYTES = 65_536;
export const DEFAULT_MAX_BATCH = 10_000;

function idOf(raw: unknown): string | null {
  if (raw === null || typeof raw !== "object" || !("id" in raw)) return null;
  return typeof raw.id === "string" && raw.id !== "" ? raw.id : null;
}

/** The batch's events when all are valid; otherwise one error per bad event (in batch order). */
export function validateBatch(model: Model, raws: readonly unknown[], limits: BatchLimits = {}): { events: EventInput[]; errors: IngestError[] } {
  const maxBytes = limits.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const maxBatch = limits.maxBatch ?? DEFAULT_MAX_BATCH;
  if (raws.length > maxBatch) {
    return {
      events: [],
      errors: [{ index: maxBatch, id: idOf(raws[maxBatch]), reason: `a batch holds at most ${maxBatch} events, this one has ${raws.length}: split it` }],
    };
  }
  const events: EventInput[] = [];
  const errors: IngestError[] = [];
  raws.forEach((raw, index) => {
    const size = Buffer.byteLength(JSON.stringify(raw) ?? "");
    if (size > maxBytes) {
      errors.push({ index, id: idOf(raw), reason: `the event is ${size} bytes; an event may have at most ${maxBytes}` });
      return;
    }
    const v = validateEvent(model, raw);
    if (v.ok) events.push(v.event);
    else errors.push({ index, id: idOf(raw), reason: v.error });
  });
  return { events, errors };
}
