/**
 * Writes contacts back after the engine changed them: only the rows that differ from the
 * state as loaded (a score that did not move is not rewritten), plus the append-only rows
 * the effects describe (ledger, stage history, segment changes, threshold fires, outbox).
 * Each table is one statement for the whole batch: a JSON array of rows as one parameter.
 */
import { accountContribution, scoreTransitionAt, type Model } from "../engine/index.js";
import type { ContactState, Effect } from "../engine/types.js";
import { ts } from "./contact-load.js";
import type { Db } from "./db.js";
import { effectParts, enqueueEffects } from "./effect-rows.js";
import { chain, type Part, type Row } from "./bulk.js";

/** One contact as loaded (undefined when it was new) and as the engine left it. */
export interface ContactChange {
  before: ContactState | undefined;
  after: ContactState;
}

const part = (sql: string, rows: readonly Row[]): Part => ({ sql, rows });

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Calls `fn` for every (outer, inner) cell present in `after` but different in `before`, and `gone` for cells only in `before`. */
function diffCells<T>(
  before: Record<string, Record<string, T>> | undefined,
  after: Record<string, Record<string, T>>,
  fn: (a: string, b: string, cell: T) => void,
  gone: (a: string, b: string) => void,
): void {
  for (const a in after) for (const b in after[a]) {
    const cell = after[a]?.[b];
    if (cell !== undefined && !same(before?.[a]?.[b], cell)) fn(a, b, cell);
  }
  for (const a in before) for (const b in before[a]) if (after[a]?.[b] === undefined) gone(a, b);
}

function diffFlat<T>(before: Record<string, T> | undefined, after: Record<string, T>, fn: (k: string, cell: T) => void, gone: (k: string) => void): void {
  for (const k in after) {
    const cell = after[k];
    if (cell !== undefined && !same(before?.[k], cell)) fn(k, cell);
  }
  for (const k in before) if (after[k] === undefined) gone(k);
}

function contactRow(st: ContactState): Row {
  return {
    id: st.id,
    created_at: ts(st.createdAt),
    last_active_at: ts(st.lastActiveAt),
    updated_at: ts(st.updatedAt),
    deleted_at: ts(st.deletedAt),
    fields: st.fields,
    tags: st.tags,
    rules: st.rules,
    history: st.history,
    timers: st.timers,
    next_timer_at: ts(st.timers[0]?.at),
  };
}

const JSON_COLUMNS = ["fields", "tags", "rules", "history", "timers"] as const;

/**
 * A loaded contact's update row, undefined when nothing changed. The JSON columns that did
 * not change are sent as null (kept by the UPDATE): most events touch the history and the
 * counters, not the profile fields, and each column left out is JSON neither built nor parsed.
 */
function changedColumns(before: ContactState, st: ContactState): Row | undefined {
  const row: Row = {
    id: st.id,
    created_at: ts(st.createdAt),
    last_active_at: ts(st.lastActiveAt),
    updated_at: ts(st.updatedAt),
    deleted_at: ts(st.deletedAt),
    next_timer_at: ts(st.timers[0]?.at),
  };
  let changed = before.createdAt !== st.createdAt || before.lastActiveAt !== st.lastActiveAt || before.updatedAt !== st.updatedAt || before.deletedAt !== st.deletedAt;
  for (const c of JSON_COLUMNS) {
    if (same(before[c], st[c])) row[c] = null;
    else {
      row[c] = st[c];
      changed = true;
    }
  }
  return changed ? row : undefined;
}

/**
 * Saves what changed in `changes` and appends the rows `effects` call for. `model` gives the
 * config hash and the decay boundaries (`next_transition_at`). Use the transaction that
 * loaded and locked the contacts.
 */
export async function saveContacts(tx: Db, model: Model, changes: readonly ContactChange[], effects: readonly Effect[]): Promise<void> {
  const contacts: Row[] = [];
  const contactUpdates: Row[] = [];
  const scoreUp: Row[] = [];
  const scoreDel: Row[] = [];
  const stageUp: Row[] = [];
  const stageDel: Row[] = [];
  const segIn: Row[] = [];
  const segOut: Row[] = [];
  const thrUp: Row[] = [];
  const thrDel: Row[] = [];
  const fbUp: Row[] = [];
  const fbDel: Row[] = [];
  const cpUp: Row[] = [];
  const cpDel: Row[] = [];
  const accounts: Row[] = [];
  const entered = new Map<string, number>();
  for (const e of effects) if (e.type === "segment" && e.entered) entered.set(`${e.contact}\u0000${e.segment}`, e.at);

  for (const { before, after: st } of changes) {
    const c = st.id;
    if (before === undefined) contacts.push(contactRow(st));
    else {
      const changed = changedColumns(before, st);
      if (changed !== undefined) contactUpdates.push(changed);
    }
    diffCells(
      before?.scores,
      st.scores,
      (score, key, cell) =>
        scoreUp.push({
          contact: c, score, key, value: cell.value, as_of: ts(cell.asOf), increased_at: ts(cell.increasedAt),
          matched: cell.matched ?? null, next_transition_at: ts(scoreTransitionAt(model, score, cell, cell.asOf)),
        }),
      (score, key) => scoreDel.push({ contact: c, score, key }),
    );
    diffCells(
      before?.stages,
      st.stages,
      (pipeline, key, cell) =>
        stageUp.push({
          contact: c, pipeline, key, stage: cell.stage, since: ts(cell.since), lock_by: cell.lock?.by ?? null,
          lock_at: ts(cell.lock?.at), lock_until: ts(cell.lock?.until), edges: cell.edges ?? null,
        }),
      (pipeline, key) => stageDel.push({ contact: c, pipeline, key }),
    );
    const was = new Set(before?.segments ?? []);
    const now = new Set(st.segments);
    for (const s of now) if (!was.has(s)) segIn.push({ contact: c, segment: s, entered_at: ts(entered.get(`${c}\u0000${s}`) ?? st.updatedAt) });
    for (const s of was) if (!now.has(s)) segOut.push({ contact: c, segment: s });
    diffCells(
      before?.thresholds,
      st.thresholds,
      (threshold, key, cell) => thrUp.push({ contact: c, threshold, key, state: cell.state, last_fired_at: ts(cell.lastFiredAt) }),
      (threshold, key) => thrDel.push({ contact: c, threshold, key }),
    );
    diffFlat(before?.feedback, st.feedback, (loop, cell) => fbUp.push({ contact: c, loop, cell }), (loop) => fbDel.push({ contact: c, loop }));
    diffFlat(before?.campaigns, st.campaigns, (campaign, cell) => cpUp.push({ contact: c, campaign, cell }), (campaign) => cpDel.push({ contact: c, campaign }));
    const contribution = accountContribution(model, st);
    const had = before === undefined ? undefined : accountContribution(model, before);
    if (!same(had, contribution)) accounts.push({ contact: c, account: contribution?.account ?? null, vals: contribution?.values ?? null });
  }

  // One statement for every table (foreign keys are checked at its end, when the contacts
  // are written); then the messages, which read rows this statement wrote.
  const parts: Part[] = [
    part(
      `INSERT INTO contacts AS t (id, created_at, last_active_at, updated_at, deleted_at, fields, tags, rules, history, timers, next_timer_at)
       SELECT x.id, x.created_at, x.last_active_at, x.updated_at, x.deleted_at, x.fields, x.tags, x.rules, x.history, x.timers, x.next_timer_at
         FROM json_to_recordset($1::json) AS x(id text, created_at timestamptz, last_active_at timestamptz, updated_at timestamptz,
              deleted_at timestamptz, fields jsonb, tags text[], rules jsonb, history jsonb, timers jsonb, next_timer_at timestamptz)
       ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, last_active_at = EXCLUDED.last_active_at,
          updated_at = EXCLUDED.updated_at, deleted_at = EXCLUDED.deleted_at, fields = EXCLUDED.fields, tags = EXCLUDED.tags,
          rules = EXCLUDED.rules, history = EXCLUDED.history, timers = EXCLUDED.timers, next_timer_at = EXCLUDED.next_timer_at`,
      contacts,
    ),
    part(
      `UPDATE contacts t SET created_at = x.created_at, last_active_at = x.last_active_at, updated_at = x.updated_at,
          deleted_at = x.deleted_at, fields = coalesce(x.fields, t.fields), tags = coalesce(x.tags, t.tags),
          rules = coalesce(x.rules, t.rules), history = coalesce(x.history, t.history), timers = coalesce(x.timers, t.timers),
          next_timer_at = x.next_timer_at
         FROM json_to_recordset($1::json) AS x(id text, created_at timestamptz, last_active_at timestamptz, updated_at timestamptz,
              deleted_at timestamptz, fields jsonb, tags text[], rules jsonb, history jsonb, timers jsonb, next_timer_at timestamptz)
        WHERE t.id = x.id`,
      contactUpdates,
    ),
    part(`DELETE FROM scores t USING json_to_recordset($1::json) AS x(contact text, score text, key text)
               WHERE t.contact = x.contact AND t.score = x.score AND t.key = x.key`, scoreDel),
    part(`DELETE FROM stages t USING json_to_recordset($1::json) AS x(contact text, pipeline text, key text)
               WHERE t.contact = x.contact AND t.pipeline = x.pipeline AND t.key = x.key`, stageDel),
    part(`DELETE FROM segment_members t USING json_to_recordset($1::json) AS x(contact text, segment text)
               WHERE t.contact = x.contact AND t.segment = x.segment`, segOut),
    part(`DELETE FROM threshold_state t USING json_to_recordset($1::json) AS x(contact text, threshold text, key text)
               WHERE t.contact = x.contact AND t.threshold = x.threshold AND t.key = x.key`, thrDel),
    part(`DELETE FROM feedback_runs t USING json_to_recordset($1::json) AS x(contact text, loop text)
               WHERE t.contact = x.contact AND t.loop = x.loop`, fbDel),
    part(`DELETE FROM campaign_enrollments t USING json_to_recordset($1::json) AS x(contact text, campaign text)
               WHERE t.contact = x.contact AND t.campaign = x.campaign`, cpDel),
    part(
      `INSERT INTO scores (contact, score, key, value, as_of, increased_at, matched, next_transition_at)
       SELECT x.contact, x.score, x.key, x.value, x.as_of, x.increased_at, x.matched, x.next_transition_at
         FROM json_to_recordset($1::json) AS x(contact text, score text, key text, value double precision, as_of timestamptz,
              increased_at timestamptz, matched text[], next_transition_at timestamptz)
       ON CONFLICT (contact, score, key) DO UPDATE SET value = EXCLUDED.value, as_of = EXCLUDED.as_of,
          increased_at = EXCLUDED.increased_at, matched = EXCLUDED.matched, next_transition_at = EXCLUDED.next_transition_at`,
      scoreUp,
    ),
    part(
      `INSERT INTO stages (contact, pipeline, key, stage, since, lock_by, lock_at, lock_until, edges)
       SELECT x.contact, x.pipeline, x.key, x.stage, x.since, x.lock_by, x.lock_at, x.lock_until, x.edges
         FROM json_to_recordset($1::json) AS x(contact text, pipeline text, key text, stage text, since timestamptz,
              lock_by text, lock_at timestamptz, lock_until timestamptz, edges integer)
       ON CONFLICT (contact, pipeline, key) DO UPDATE SET stage = EXCLUDED.stage, since = EXCLUDED.since, lock_by = EXCLUDED.lock_by,
          lock_at = EXCLUDED.lock_at, lock_until = EXCLUDED.lock_until, edges = EXCLUDED.edges`,
      stageUp,
    ),
    part(
      `INSERT INTO segment_members (segment, contact, entered_at)
       SELECT x.segment, x.contact, x.entered_at FROM json_to_recordset($1::json) AS x(contact text, segment text, entered_at timestamptz)
       ON CONFLICT (segment, contact) DO NOTHING`,
      segIn,
    ),
    part(
      `INSERT INTO threshold_state (contact, threshold, key, state, last_fired_at)
       SELECT x.contact, x.threshold, x.key, x.state, x.last_fired_at
         FROM json_to_recordset($1::json) AS x(contact text, threshold text, key text, state text, last_fired_at timestamptz)
       ON CONFLICT (contact, threshold, key) DO UPDATE SET state = EXCLUDED.state, last_fired_at = EXCLUDED.last_fired_at`,
      thrUp,
    ),
    part(
      `INSERT INTO feedback_runs (contact, loop, cell) SELECT x.contact, x.loop, x.cell
         FROM json_to_recordset($1::json) AS x(contact text, loop text, cell jsonb)
       ON CONFLICT (contact, loop) DO UPDATE SET cell = EXCLUDED.cell`,
      fbUp,
    ),
    part(
      `INSERT INTO campaign_enrollments (contact, campaign, cell) SELECT x.contact, x.campaign, x.cell
         FROM json_to_recordset($1::json) AS x(contact text, campaign text, cell jsonb)
       ON CONFLICT (contact, campaign) DO UPDATE SET cell = EXCLUDED.cell`,
      cpUp,
    ),
    ...accountParts(accounts),
    ...effectParts(model, effects),
  ];
  await chain(tx, parts);
  await enqueueEffects(tx, model, effects);
}

/** Upserts or removes each contact's account contribution (disjoint rows: removals have no account). */
function accountParts(rows: readonly Row[]): Part[] {
  return [
    part(
      `DELETE FROM account_members t USING json_to_recordset($1::json) AS x(contact text, account text)
        WHERE t.contact = x.contact AND x.account IS NULL`,
      rows,
    ),
    part(
      `INSERT INTO account_members (contact, account, vals)
       SELECT x.contact, x.account, x.vals FROM json_to_recordset($1::json) AS x(contact text, account text, vals jsonb)
        WHERE x.account IS NOT NULL
       ON CONFLICT (contact) DO UPDATE SET account = EXCLUDED.account, vals = EXCLUDED.vals`,
      rows,
    ),
  ];
}
