/**
 * The append-only rows an ingest writes from the engine's effects: ledger, stage history,
 * segment changes, threshold fires, and outbox messages (idempotency keys from the engine).
 */
import type { Model } from "../engine/index.js";
import type { Effect, OutboxEffect } from "../engine/types.js";
import { chain, Rows, type Part } from "./bulk.js";
import { ts } from "./contact-load.js";
import type { Db } from "./db.js";
import { enqueueWorkflowEffects } from "./workflow-dispatch.js";

/**
 * The append-only rows: ledger, stage history, segment changes, threshold fires and outbox
 * messages — as parts of one chained statement (`chain`), so the caller can send them with
 * its own writes. `ORDER BY x.ord` keeps the effects' order in the sequence numbers.
 */
export function effectParts(model: Model, effects: readonly Effect[]): Part[] {
  const ledger = new Rows([
    ["contact", "text"], ["score", "text"], ["key", "text"], ["delta", "float8"], ["value", "float8"], ["reason", "text"],
    ["event_id", "text"], ["config_hash", "text"], ["at", "timestamptz"],
  ]);
  const stages = new Rows([
    ["contact", "text"], ["pipeline", "text"], ["key", "text"], ["from_stage", "text"], ["to_stage", "text"], ["reason", "text"],
    ["at", "timestamptz"], ["config_hash", "text"],
  ]);
  const segments = new Rows([["contact", "text"], ["segment", "text"], ["entered", "bool"], ["at", "timestamptz"]]);
  const fires = new Rows([["contact", "text"], ["threshold", "text"], ["key", "text"], ["at", "timestamptz"]]);
  const outbox = new Rows([["key", "text"], ["channel", "text"], ["kind", "text"], ["payload", "jsonb"], ["contact", "text"]]);
  // A row's hash is sent only when it is not the active version's (which goes once).
  const hash = (h: string): string | null => (h === model.hash ? null : h);
  for (const e of effects) {
    if (e.type === "ledger") ledger.add(e.contact, e.score, e.key, e.delta, e.value, e.reason, e.event, hash(e.hash), e.at);
    else if (e.type === "stage") stages.add(e.contact, e.pipeline, e.key, e.from, e.to, e.reason, e.at, hash(e.hash));
    else if (e.type === "segment") segments.add(e.contact, e.segment, e.entered, e.at);
    else if (e.type === "threshold") fires.add(e.contact, e.name, e.key, e.at);
    else if (e.type === "outbox") outbox.add(e.key, e.channel, e.kind, outboxPayload(e), e.contact);
  }
  return [
    {
      sql: `INSERT INTO ledger (contact, score, key, delta, value, reason, event_id, config_hash, at)
       SELECT x.contact, x.score, x.key, x.delta, x.value, x.reason, x.event_id, coalesce(x.config_hash, $10::text), x.at
         FROM ${ledger.from} AS x
        ORDER BY x.ord`,
      rows: ledger,
      scalars: [model.hash],
    },
    {
      sql: `INSERT INTO stage_history (contact, pipeline, key, from_stage, to_stage, reason, at, config_hash)
       SELECT x.contact, x.pipeline, x.key, x.from_stage, x.to_stage, x.reason, x.at, coalesce(x.config_hash, $9::text)
         FROM ${stages.from} AS x
        ORDER BY x.ord`,
      rows: stages,
      scalars: [model.hash],
    },
    {
      sql: `INSERT INTO segment_history (contact, segment, entered, at)
       SELECT x.contact, x.segment, x.entered, x.at
         FROM ${segments.from} AS x
        ORDER BY x.ord`,
      rows: segments,
    },
    {
      sql: `INSERT INTO threshold_fires (contact, threshold, key, at, config_hash)
       SELECT x.contact, x.threshold, x.key, x.at, $5::text
         FROM ${fires.from} AS x
        ORDER BY x.ord`,
      rows: fires,
      scalars: [model.hash],
    },
    {
      // As `enqueue` (outbox.ts) writes a message: a key already there, or repeated, is skipped.
      sql: `INSERT INTO outbox (key, channel, kind, payload, contact, config_hash, available_at)
       SELECT x.key, x.channel, x.kind, x.payload, x.contact, $6::text, now()
         FROM ${outbox.from} AS x
        ORDER BY x.ord
       ON CONFLICT (key) DO NOTHING`,
      rows: outbox,
      scalars: [model.hash],
    },
  ];
}

/** An outbox row's payload, as the channel senders read it (runtime/channels/message.ts). */
function outboxPayload(e: OutboxEffect): unknown {
  return e.template === undefined ? { to: e.to, data: e.data, at: ts(e.at) } : { to: e.to, template: e.template, data: e.data, at: ts(e.at) };
}

/**
 * The effects' workflow starts and signals. Run after the contacts' rows are written (a
 * feedback outcome's signal reads its run's saved cell).
 */
export async function enqueueEffects(tx: Db, model: Model, effects: readonly Effect[]): Promise<void> {
  await enqueueWorkflowEffects(tx, model, effects);
}

/** The append-only rows (ledger, stage history, segment changes, threshold fires, outbox), then the workflow rows. */
export async function appendEffects(tx: Db, model: Model, effects: readonly Effect[]): Promise<void> {
  await chain(tx, effectParts(model, effects));
  await enqueueEffects(tx, model, effects);
}
