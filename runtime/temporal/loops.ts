/**
 * The long-lived loops every deployment needs: one `decayLoop` per decaying score of the
 * active version and one `segmentRefresh` (which also fires campaign waits). Started if absent under deterministic ids, so any
 * number of workers may call this at once; called at worker start and whenever the active
 * version changes (a new decaying score gets its loop; a loop whose score stopped decaying
 * ends by itself).
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from "@temporalio/client";
import type { SearchAttributePair } from "@temporalio/common";
import type { DecayLoopInput } from "../../workflows/decay-loop.js";
import { CONFIG_HASH_KEY, decayLoopId, SEGMENT_REFRESH_ID, TASK_QUEUE } from "../../workflows/names.js";
import type { SegmentRefreshInput } from "../../workflows/segment-refresh.js";
import type { Model } from "../engine/index.js";

export interface LoopOptions {
  taskQueue?: string;
  searchAttributes?: boolean;
  /** Overrides for the loops' inputs (tests shorten or lengthen sleeps). */
  decay?: Omit<DecayLoopInput, "score">;
  refresh?: SegmentRefreshInput;
}

/** The scores of `model` that decay (each gets a loop). */
export function decayingScores(model: Model): string[] {
  return model.contactScores.filter((s) => s.decay !== undefined).map((s) => s.name);
}

async function startIfAbsent(client: Client, type: string, workflowId: string, arg: unknown, opts: LoopOptions, hash: string): Promise<boolean> {
  const typedSearchAttributes: SearchAttributePair[] | undefined = opts.searchAttributes === true ? [{ key: CONFIG_HASH_KEY, value: hash }] : undefined;
  try {
    await client.workflow.start(type, { taskQueue: opts.taskQueue ?? TASK_QUEUE, workflowId, args: [arg], typedSearchAttributes });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** The ids of the loops `model` runs (the worker wakes them when earlier work appears). */
export function loopIds(model: Model): string[] {
  return [...decayingScores(model).map(decayLoopId), SEGMENT_REFRESH_ID];
}

/** Starts the loops the model needs that are not running; returns the ids it started. */
export async function ensureLoops(client: Client, model: Model, opts: LoopOptions = {}): Promise<string[]> {
  const started: string[] = [];
  for (const score of decayingScores(model)) {
    const id = decayLoopId(score);
    if (await startIfAbsent(client, "decayLoop", id, { ...opts.decay, score }, opts, model.hash)) started.push(id);
  }
  if (await startIfAbsent(client, "segmentRefresh", SEGMENT_REFRESH_ID, opts.refresh ?? {}, opts, model.hash)) started.push(SEGMENT_REFRESH_ID);
  return started;
}
