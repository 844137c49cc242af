/**
 * `ingestBatch`: a batch of events is ONE transaction — insert the events (duplicates
 * ignored), lock the affected contacts in id order, apply the engine to their stored state
 * in event time order (each contact's due timers first, as `simulate` does), and write back
 * state, ledger, stage history, segment changes, threshold fires and outbox rows. A crash
 * loses nothing and a re-sent batch changes nothing.
 */
import type { Model } from "../engine/index.js";
import type { EventInput } from "../engine/types.js";
import { lockContacts } from "../store/contact-lock.js";
import type { Db } from "../store/db.js";
import { insertEvents } from "../store/events.js";
import { validateBatch, type BatchLimits, type IngestError } from "./validate-batch.js";
import { applyEvents, openWorkingSet, saveWorkingSet } from "./working-set.js";

export interface IngestOptions extends BatchLimits {
  /** The active config version, compiled (`compileModel(activeVersion.ir)`). */
  model: Model;
  /** When the batch arrived (epoch ms); default the database's time. */
  receivedAt?: number;
}

export type IngestResult =
  | {
      ok: true;
      /** Events applied (new ids). */
      accepted: number;
      /** Events already stored (or repeated within the batch): ignored. */
      duplicates: number;
      /** Contacts the new events touched (locked and written). */
      contacts: number;
      /** Events the engine refused after validation (e.g. a manual move the pipeline does not allow). */
      refused: { event: string; error: string }[];
    }
  | { ok: false; errors: IngestError[] };

/** PostgreSQL's "try again" errors: deadlock and serialization failure. */
const RETRYABLE = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;

function isRetryable(error: unknown): boolean {
  return error !== null && typeof error === "object" && "code" in error && typeof error.code === "string" && RETRYABLE.has(error.code);
}

const byTimeThenId = (a: EventInput, b: EventInput): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Validates and ingests one batch. An invalid batch writes nothing and returns one error per
 * bad event; a valid one returns what was applied. Database failures are thrown (the batch
 * was not written and can be sent again).
 */
export async function ingestBatch(db: Db, rawEvents: readonly unknown[], opts: IngestOptions): Promise<IngestResult> {
  const { events, errors } = validateBatch(opts.model, rawEvents, opts);
  if (errors.length > 0) return { ok: false, errors };
  if (events.length === 0) return { ok: true, accepted: 0, duplicates: 0, contacts: 0, refused: [] };
  // Inserted in id order: two batches re-sending the same events wait for each other on the
  // unique index in the same order, so they cannot deadlock.
  const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => ingestInTransaction(tx, opts, sorted, events.length));
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

async function ingestInTransaction(tx: Db, opts: IngestOptions, sorted: readonly EventInput[], total: number): Promise<IngestResult> {
  const { model } = opts;
  const freshIds = new Set(await insertEvents(tx, sorted, { configHash: model.hash, receivedAt: opts.receivedAt }));
  // The first copy of each new id is the one stored (insertEvents keeps it); apply that one.
  const fresh: EventInput[] = [];
  for (const e of sorted) {
    if (freshIds.delete(e.id)) fresh.push(e);
  }
  fresh.sort(byTimeThenId);
  const ids = await lockContacts(
    tx,
    fresh.map((e) => e.contact),
    true,
  );
  const w = await openWorkingSet(tx, model, ids);
  await applyEvents(w, fresh);
  await saveWorkingSet(w);
  const refused = w.effects.flatMap((e) => (e.type === "rejected" ? [{ event: e.event, error: e.message }] : []));
  return { ok: true, accepted: fresh.length, duplicates: total - fresh.length, contacts: ids.length, refused };
}
