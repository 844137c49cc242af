/**
 * What a change does to real leads: the same history replayed under the base version and
 * under the change, compared contact by contact (SPEC section 4, docs/plan.md).
 */
import type { CompiledIr } from "../../schemas/ir.js";
import type { SimulationResult } from "../engine/simulate.js";
import { replayHistory, type Replay } from "../scenario/replay.js";
import { campaignImpact, inFlightOfReplay, strandedFeedback, type CampaignImpact, type InFlightContact, type StrandedLoop } from "./in-flight.js";
import { judgedOutcomes, qualityOf, type Quality } from "./quality.js";

/** How many contact ids lists show. */
export const FIRST_IDS = 10;

export interface IdSample {
  count: number;
  /** The first ids in sorted order. */
  first: string[];
}

export interface VersionImpact {
  hash: string;
  /** Every threshold fire (an MQL alert is one), by threshold. */
  fires: number;
  firesByThreshold: Record<string, number>;
  /** Contacts with at least one fire. */
  qualified: number;
  /** pipeline → stage → contacts (deleted contacts left out); for an account pipeline, accounts. */
  stages: Record<string, Record<string, number>>;
  /** segment → contacts. */
  segments: Record<string, number>;
  /** Contacts in a suppression segment at the end. */
  suppressed: number;
  deleted: number;
  outbox: number;
  quality: Quality;
  /** Events this version refuses (e.g. an event type it no longer declares). */
  refused: { count: number; first: { event: string; error: string }[] };
}

export interface Impact {
  events: number;
  contacts: number;
  /** The end of the replay (the last event, or --until): ISO-8601. */
  until: string | null;
  before: VersionImpact;
  after: VersionImpact;
  newlyQualifying: IdSample;
  noLongerQualifying: IdSample;
  /** Where in-flight enrollments and loops were read: the replay's end state, or the runtime's database (`--from-db`). */
  inFlightFrom: "history" | "runtime";
  campaigns: CampaignImpact[];
  strandedFeedback: StrandedLoop[];
}

const sample = (ids: string[]): IdSample => ({ count: ids.length, first: [...ids].sort().slice(0, FIRST_IDS) });

/** The base name of `name[key]`: per-dimension fires and stages count under their entity. */
const entity = (name: string): string => {
  const i = name.indexOf("[");
  return i < 0 ? name : name.slice(0, i);
};

function qualifiedIds(r: SimulationResult): Set<string> {
  return new Set(r.contacts.filter((c) => c.thresholds.length > 0).map((c) => c.id));
}

function versionImpact(ir: CompiledIr, result: SimulationResult, replay: Replay, outcomes: Map<string, string>): VersionImpact {
  const firesByThreshold: Record<string, number> = {};
  let fires = 0;
  const stages: Record<string, Record<string, number>> = {};
  for (const p of Object.keys(ir.pipelines).sort()) stages[p] = Object.fromEntries(ir.pipelines[p]?.stages.map((s) => [s.name, 0]) ?? []);
  const forAccount = new Set(Object.keys(ir.pipelines).filter((p) => ir.pipelines[p]?.scope === "account"));
  const segments: Record<string, number> = Object.fromEntries(Object.keys(ir.segments).sort().map((s) => [s, 0]));
  const suppression = new Set(replay.model.suppressionSegments);
  let suppressed = 0;
  let deleted = 0;
  for (const c of result.contacts) {
    for (const t of c.thresholds) {
      fires++;
      const n = entity(t.name);
      firesByThreshold[n] = (firesByThreshold[n] ?? 0) + 1;
    }
    if (c.deleted !== undefined) {
      deleted++;
      continue;
    }
    for (const [p, s] of Object.entries(c.stages)) {
      // A contact's view lists its account's stage too: account pipelines count accounts (below).
      if (forAccount.has(p)) continue;
      const row = (stages[entity(p)] ??= {});
      row[s] = (row[s] ?? 0) + 1;
    }
    for (const s of c.segments) segments[s] = (segments[s] ?? 0) + 1;
    if (c.segments.some((s) => suppression.has(s))) suppressed++;
  }
  for (const a of result.accounts ?? []) {
    for (const [p, s] of Object.entries(a.stages ?? {})) {
      const row = (stages[p] ??= {});
      row[s] = (row[s] ?? 0) + 1;
    }
  }
  return {
    hash: ir.hash,
    fires,
    firesByThreshold,
    qualified: qualifiedIds(result).size,
    stages,
    segments,
    suppressed,
    deleted,
    outbox: result.outbox.length,
    quality: qualityOf(ir, result, outcomes),
    refused: { count: result.errors.length, first: result.errors.slice(0, FIRST_IDS) },
  };
}

/**
 * Replays `events` (raw records, as parsed from NDJSON) under both versions. Events one
 * version refuses are counted for that version, never fatal: a removed event type is a
 * change the reviewer must see, not an error. `runtime`: the work in flight in the runtime
 * (`--from-db`), read instead of the replay's end state.
 */
export function computeImpact(before: CompiledIr, after: CompiledIr, events: readonly unknown[], until?: number, runtime?: readonly InFlightContact[]): Impact {
  const a = replayHistory(before, events, until);
  const b = replayHistory(after, events, until);
  const outcomes = judgedOutcomes(events);
  const qa = qualifiedIds(a.result);
  const qb = qualifiedIds(b.result);
  const now = a.replay.state.now ?? b.replay.state.now;
  const inFlight = runtime ?? inFlightOfReplay(a.replay);
  return {
    events: events.length,
    contacts: new Set([...a.result.contacts.map((c) => c.id), ...b.result.contacts.map((c) => c.id)]).size,
    until: now === null ? null : new Date(now).toISOString(),
    before: versionImpact(before, a.result, a.replay, outcomes),
    after: versionImpact(after, b.result, b.replay, outcomes),
    newlyQualifying: sample([...qb].filter((id) => !qa.has(id))),
    noLongerQualifying: sample([...qa].filter((id) => !qb.has(id))),
    inFlightFrom: runtime === undefined ? "history" : "runtime",
    campaigns: campaignImpact(before, after, inFlight),
    strandedFeedback: strandedFeedback(before, after, inFlight),
  };
}
