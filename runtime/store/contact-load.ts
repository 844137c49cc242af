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

interface ContactRow {
  id: string;
  created_at: Date | null;
  last_active_at: Date | null;
  updated_at: Date | null;
  deleted_at: Date | null;
  fields: Record<string, FieldValue>;
  tags: string[];
  rules: Record<string, RuleCounter>;
  history: Record<string, HistoryWindow>;
  timers: Timer[];
}

interface ScoreRow {
  contact: string;
  score: string;
  key: string;
  value: number;
  as_of: Date;
  increased_at: Date | null;
  matched: string[] | null;
}

interface StageRow {
  contact: string;
  pipeline: string;
  key: string;
  stage: string;
  since: Date;
  lock_by: string | null;
  lock_at: Date | null;
  lock_until: Date | null;
  edges: number | null;
}

interface ThresholdRow {
  contact: string;
  threshold: string;
  key: string;
  state: ThresholdCell["state"];
  last_fired_at: Date | null;
}

/** Epoch ms to what a `timestamptz` column takes. */
export const ts = (ms: number | undefined | null): string | null => (ms === undefined || ms === null ? null : new Date(ms).toISOString());

/** A list of ids as one JSON parameter (serialised the same on both drivers). */
export const idList = (ids: readonly string[]): string => JSON.stringify(ids);

const IDS = "(SELECT jsonb_array_elements_text($1::jsonb))";

function cellOf<T>(outer: Record<string, Record<string, T>>, a: string, b: string, cell: T): void {
  (outer[a] ??= {})[b] = cell;
}

/**
 * The stored state of each of `ids` that exists (stubs and unknown ids are left out). Use the
 * transaction that locked the rows so the state cannot change under the caller.
 */
export async function loadContacts(tx: Db, ids: readonly string[]): Promise<Map<string, ContactState>> {
  const out = new Map<string, ContactState>();
  if (ids.length === 0) return out;
  const p = [idList(ids)];
  const contacts = await tx.query<ContactRow>(
    `SELECT id, created_at, last_active_at, updated_at, deleted_at, fields, tags, rules, history, timers
       FROM contacts WHERE id IN ${IDS} AND created_at IS NOT NULL`,
    p,
  );
  if (contacts.length === 0) return out;
  for (const r of contacts) {
    const st: ContactState = {
      id: r.id,
      createdAt: r.created_at?.getTime() ?? 0,
      lastActiveAt: r.last_active_at?.getTime() ?? 0,
      updatedAt: r.updated_at?.getTime() ?? 0,
      fields: r.fields,
      tags: r.tags,
      scores: {},
      stages: {},
      segments: [],
      thresholds: {},
      rules: r.rules,
      history: r.history,
      feedback: {},
      campaigns: {},
      timers: r.timers,
    };
    if (r.deleted_at !== null) st.deletedAt = r.deleted_at.getTime();
    out.set(r.id, st);
  }
  // One after another: a transaction is one connection, which runs one statement at a time.
  const scores = await tx.query<ScoreRow>(`SELECT contact, score, key, value, as_of, increased_at, matched FROM scores WHERE contact IN ${IDS}`, p);
  const stages = await tx.query<StageRow>(`SELECT contact, pipeline, key, stage, since, lock_by, lock_at, lock_until, edges FROM stages WHERE contact IN ${IDS}`, p);
  const segments = await tx.query<{ contact: string; segment: string }>(`SELECT contact, segment FROM segment_members WHERE contact IN ${IDS} ORDER BY contact, segment COLLATE "C"`, p);
  const thresholds = await tx.query<ThresholdRow>(`SELECT contact, threshold, key, state, last_fired_at FROM threshold_state WHERE contact IN ${IDS}`, p);
  const feedback = await tx.query<{ contact: string; loop: string; cell: FeedbackCell }>(`SELECT contact, loop, cell FROM feedback_runs WHERE contact IN ${IDS}`, p);
  const campaigns = await tx.query<{ contact: string; campaign: string; cell: CampaignCell }>(`SELECT contact, campaign, cell FROM campaign_enrollments WHERE contact IN ${IDS}`, p);
  for (const r of scores) {
    const st = out.get(r.contact);
    if (st === undefined) continue;
    const cell: ScoreCell = { value: r.value, asOf: r.as_of.getTime(), increasedAt: r.increased_at?.getTime() ?? null };
    if (r.matched !== null) cell.matched = r.matched;
    cellOf(st.scores, r.score, r.key, cell);
  }
  for (const r of stages) {
    const st = out.get(r.contact);
    if (st === undefined) continue;
    const cell: StageCell = { stage: r.stage, since: r.since.getTime() };
    if (r.lock_by !== null && r.lock_at !== null) {
      cell.lock = r.lock_until === null ? { by: r.lock_by, at: r.lock_at.getTime() } : { by: r.lock_by, at: r.lock_at.getTime(), until: r.lock_until.getTime() };
    }
    if (r.edges !== null) cell.edges = r.edges;
    cellOf(st.stages, r.pipeline, r.key, cell);
  }
  for (const r of segments) out.get(r.contact)?.segments.push(r.segment);
  for (const r of thresholds) {
    const st = out.get(r.contact);
    if (st === undefined) continue;
    const cell: ThresholdCell = { state: r.state };
    if (r.last_fired_at !== null) cell.lastFiredAt = r.last_fired_at.getTime();
    cellOf(st.thresholds, r.threshold, r.key, cell);
  }
  for (const r of feedback) {
    const st = out.get(r.contact);
    if (st !== undefined) st.feedback[r.loop] = r.cell;
  }
  for (const r of campaigns) {
    const st = out.get(r.contact);
    if (st !== undefined) st.campaigns[r.campaign] = r.cell;
  }
  return out;
}
