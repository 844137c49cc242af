/**
 * Reads contacts back into the engine's `ContactState` from their rows (migration 0002).
 * The shape read is exactly the shape the engine wrote (optional members stay absent), so a
 * state that went through the database is indistinguishable from one kept in memory.
 */
import type {
  CampaignCell,
  ContactState,
  FeedbackCell,
  FieldValue,
  HistoryWindow,
  RuleCounter,
  ScoreCell,
  StageCell,
  ThresholdCell,
  Timer,
} from "../engine/types.js";
import type { Db } from "./db.js";

/** Time columns come back as epoch ms (or null): JSON numbers, no `Date` to build. */
type Ms = number | null;

/** Each table's rows as JSON arrays of columns, in the order the SELECT lists them. */
interface LoadedRows {
  contacts: [string, Ms, Ms, Ms, Ms, Record<string, FieldValue>, string[], Record<string, RuleCounter>, Record<string, HistoryWindow>, Timer[]][] | null;
  scores: [string, string, string, number, number, Ms, string[] | null][] | null;
  stages: [string, string, string, string, number, string | null, Ms, Ms, number | null][] | null;
  segments: [string, string][] | null;
  thresholds: [string, string, string, ThresholdCell["state"], Ms][] | null;
  feedback: [string, string, FeedbackCell][] | null;
  campaigns: [string, string, CampaignCell][] | null;
}

/** Epoch ms to what a `timestamptz` column takes. */
export const ts = (ms: number | undefined | null): string | null => (ms === undefined || ms === null ? null : new Date(ms).toISOString());

/** A list of ids as one JSON parameter (serialised the same on both drivers). */
export const idList = (ids: readonly string[]): string => JSON.stringify(ids);

const IDS = "(SELECT jsonb_array_elements_text($1::jsonb))";

function cellOf<T>(outer: Record<string, Record<string, T>>, a: string, b: string, cell: T): void {
  (outer[a] ??= {})[b] = cell;
}

const ms = (col: string): string => `(extract(epoch from ${col}) * 1000)::float8`;

/** All seven tables in one statement (one round trip): one row, one JSON array per table. */
const LOAD_SQL = `SELECT
  (SELECT json_agg(json_build_array(id, ${ms("created_at")}, ${ms("last_active_at")}, ${ms("updated_at")}, ${ms("deleted_at")},
          fields, tags, rules, history, timers))
     FROM contacts WHERE id IN ${IDS} AND created_at IS NOT NULL) AS contacts,
  (SELECT json_agg(json_build_array(contact, score, key, value, ${ms("as_of")}, ${ms("increased_at")}, matched))
     FROM scores WHERE contact IN ${IDS}) AS scores,
  (SELECT json_agg(json_build_array(contact, pipeline, key, stage, ${ms("since")}, lock_by, ${ms("lock_at")}, ${ms("lock_until")}, edges))
     FROM stages WHERE contact IN ${IDS}) AS stages,
  (SELECT json_agg(json_build_array(contact, segment) ORDER BY contact, segment COLLATE "C")
     FROM segment_members WHERE contact IN ${IDS}) AS segments,
  (SELECT json_agg(json_build_array(contact, threshold, key, state, ${ms("last_fired_at")}))
     FROM threshold_state WHERE contact IN ${IDS}) AS thresholds,
  (SELECT json_agg(json_build_array(contact, loop, cell)) FROM feedback_runs WHERE contact IN ${IDS}) AS feedback,
  (SELECT json_agg(json_build_array(contact, campaign, cell)) FROM campaign_enrollments WHERE contact IN ${IDS}) AS campaigns`;

/**
 * The stored state of each of `ids` that exists (stubs and unknown ids are left out). Use the
 * transaction that locked the rows so the state cannot change under the caller.
 */
export async function loadContacts(tx: Db, ids: readonly string[]): Promise<Map<string, ContactState>> {
  const out = new Map<string, ContactState>();
  if (ids.length === 0) return out;
  const [rows] = await tx.query<LoadedRows>(LOAD_SQL, [idList(ids)], { prepare: true });
  if (rows?.contacts == null) return out;
  for (const [id, createdAt, lastActiveAt, updatedAt, deletedAt, fields, tags, rules, history, timers] of rows.contacts) {
    const st: ContactState = {
      id,
      createdAt: createdAt ?? 0,
      lastActiveAt: lastActiveAt ?? 0,
      updatedAt: updatedAt ?? 0,
      fields,
      tags,
      scores: {},
      stages: {},
      segments: [],
      thresholds: {},
      rules,
      history,
      feedback: {},
      campaigns: {},
      timers,
    };
    if (deletedAt !== null) st.deletedAt = deletedAt;
    out.set(id, st);
  }
  for (const [contact, score, key, value, asOf, increasedAt, matched] of rows.scores ?? []) {
    const st = out.get(contact);
    if (st === undefined) continue;
    const cell: ScoreCell = { value, asOf, increasedAt };
    if (matched !== null) cell.matched = matched;
    cellOf(st.scores, score, key, cell);
  }
  for (const [contact, pipeline, key, stage, since, lockBy, lockAt, lockUntil, edges] of rows.stages ?? []) {
    const st = out.get(contact);
    if (st === undefined) continue;
    const cell: StageCell = { stage, since };
    if (lockBy !== null && lockAt !== null) cell.lock = lockUntil === null ? { by: lockBy, at: lockAt } : { by: lockBy, at: lockAt, until: lockUntil };
    if (edges !== null) cell.edges = edges;
    cellOf(st.stages, pipeline, key, cell);
  }
  for (const [contact, segment] of rows.segments ?? []) out.get(contact)?.segments.push(segment);
  for (const [contact, threshold, key, state, lastFiredAt] of rows.thresholds ?? []) {
    const st = out.get(contact);
    if (st === undefined) continue;
    const cell: ThresholdCell = { state };
    if (lastFiredAt !== null) cell.lastFiredAt = lastFiredAt;
    cellOf(st.thresholds, threshold, key, cell);
  }
  for (const [contact, loop, cell] of rows.feedback ?? []) {
    const st = out.get(contact);
    if (st !== undefined) st.feedback[loop] = cell;
  }
  for (const [contact, campaign, cell] of rows.campaigns ?? []) {
    const st = out.get(contact);
    if (st !== undefined) st.campaigns[campaign] = cell;
  }
  return out;
}
