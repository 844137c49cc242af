/**
 * The append-only rows an ingest writes from the engine's effects: ledger, stage history,
 * segment changes, threshold fires, and outbox messages (idempotency keys from the engine).
 */
import type { Model } from "../engine/index.js";
import type { Effect, OutboxEffect } from "../engine/types.js";
import { chain, type Part, type Row } from "./bulk.js";
import { ts } from "./contact-load.js";
import type { Db } from "./db.js";
import { enqueue } from "./outbox.js";
import { enqueueWorkflowEffects } from "./workflow-dispatch.js";

/**
 * The append-only rows: ledger, stage history, segment changes, threshold fires — as parts
 * of one chained statement (`chain`), so the caller can send them with its own writes.
 */
export function effectParts(model: Model, effects: readonly Effect[]): Part[] {
  const ledger: Row[] = [];
  const stages: Row[] = [];
  const segments: Row[] = [];
  const fires: Row[] = [];
  for (const e of effects) {
    if (e.type === "ledger") {
      ledger.push({ contact: e.contact, score: e.score, key: e.key, delta: e.delta, value: e.value, reason: e.reason, event_id: e.event, config_hash: e.hash, at: ts(e.at) });
    } else if (e.type === "stage") {
      stages.push({ contact: e.contact, pipeline: e.pipeline, key: e.key, from_stage: e.from, to_stage: e.to, reason: e.reason, at: ts(e.at), config_hash: e.hash });
    } else if (e.type === "segment") {
      segments.push({ contact: e.contact, segment: e.segment, entered: e.entered, at: ts(e.at) });
    } else if (e.type === "threshold") {
      fires.push({ contact: e.contact, threshold: e.name, key: e.key, at: ts(e.at), config_hash: model.hash });
    }
  }
  return [
    {
      sql: `INSERT INTO ledger (contact, score, key, delta, value, reason, event_id, config_hash, at)
       SELECT x.contact, x.score, x.key, x.delta, x.value, x.reason, x.event_id, x.config_hash, x.at
         FROM json_to_recordset($1::json) AS x(contact text, score text, key text, delta double precision,
              value double precision, reason text, event_id text, config_hash text, at timestamptz, ord int)
        ORDER BY x.ord`,
      rows: ledger,
    },
    {
      sql: `INSERT INTO stage_history (contact, pipeline, key, from_stage, to_stage, reason, at, config_hash)
       SELECT x.contact, x.pipeline, x.key, x.from_stage, x.to_stage, x.reason, x.at, x.config_hash
         FROM json_to_recordset($1::json) AS x(contact text, pipeline text, key text, from_stage text,
              to_stage text, reason text, at timestamptz, config_hash text, ord int)
        ORDER BY x.ord`,
      rows: stages,
    },
    {
      sql: `INSERT INTO segment_history (contact, segment, entered, at)
       SELECT x.contact, x.segment, x.entered, x.at
         FROM json_to_recordset($1::json) AS x(contact text, segment text, entered boolean, at timestamptz, ord int)
        ORDER BY x.ord`,
      rows: segments,
    },
    {
      sql: `INSERT INTO threshold_fires (contact, threshold, key, at, config_hash)
       SELECT x.contact, x.threshold, x.key, x.at, x.config_hash
         FROM json_to_recordset($1::json) AS x(contact text, threshold text, key text, at timestamptz, config_hash text, ord int)
        ORDER BY x.ord`,
      rows: fires,
    },
  ];
}

/**
 * The effects' messages: outbox rows, then workflow starts and signals. Run after the
 * contacts' rows are written (a feedback outcome's signal reads its run's saved cell).
 */
export async function enqueueEffects(tx: Db, model: Model, effects: readonly Effect[]): Promise<void> {
  const outbox = effects.filter((e): e is OutboxEffect => e.type === "outbox");
  await enqueue(
    tx,
    outbox.map((e) => ({
      key: e.key,
      channel: e.channel,
      kind: e.kind,
      contact: e.contact,
      configHash: model.hash,
      payload: e.template === undefined ? { to: e.to, data: e.data, at: ts(e.at) } : { to: e.to, template: e.template, data: e.data, at: ts(e.at) },
    })),
  );
  await enqueueWorkflowEffects(tx, model, effects);
}

/** The append-only rows: ledger, stage history, segment changes, threshold fires, outbox. */
export async function appendEffects(tx: Db, model: Model, effects: readonly Effect[]): Promise<void> {
  await chain(tx, effectParts(model, effects));
  await enqueueEffects(tx, model, effects);
}
