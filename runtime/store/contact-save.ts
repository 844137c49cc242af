/**
 * Writes contacts back after the engine changed them: only the rows that differ from the
 * state as loaded (a score that did not move is not rewritten), plus the append-only rows
 * the effects describe (ledger, stage history, segment changes, threshold fires, outbox).
 * Each table is one statement for the whole batch: its rows as column arrays (`bulk.ts`).
 */
import { accountContribution, scoreTransitionAt, type Model } from "../engine/index.js";
import type { ContactState, Effect } from "../engine/types.js";
import type { Db } from "./db.js";
import { effectParts, enqueueEffects } from "./effect-rows.js";
import { chain, Rows, type Column, type Part } from "./bulk.js";

/** One contact as loaded (undefined when it was new) and as the engine left it. */
export interface ContactChange {
  before: ContactState | undefined;
  after: ContactState;
}

/**
 * Whether two JSON values serialise alike (object key order aside: jsonb does not keep it).
 * Cheaper than comparing `JSON.stringify`s: nothing is built and the first difference ends
 * the walk. Undefined members count as absent, as in JSON; where it errs (NaN) it says
 * "different", which costs a write, never a lost one.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined) continue;
    if (!sameJson(v, y[k])) return false;
    n++;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}

/** Calls `fn` for every (outer, inner) cell present in `after` but different in `before`, and `gone` for cells only in `before`. */
function diffCells<T>(
  before: Record<string, Record<string, T>> | undefined,
  after: Record<string, Record<string, T>>,
  fn: (a: string, b: string, cell: T) => void,
  gone: (a: string, b: string) => void,
): void {
  for (const a in after) {
    const inner = after[a];
    const was = before?.[a];
    for (const b in inner) {
      const cell = inner[b];
      if (cell !== undefined && !sameJson(was?.[b], cell)) fn(a, b, cell);
    }
  }
  for (const a in before) for (const b in before[a]) if (after[a]?.[b] === undefined) gone(a, b);
}

function diffFlat<T>(before: Record<string, T> | undefined, after: Record<string, T>, fn: (k: string, cell: T) => void, gone: (k: string) => void): void {
  for (const k in after) {
    const cell = after[k];
    if (cell !== undefined && !sameJson(before?.[k], cell)) fn(k, cell);
  }
  for (const k in before) if (after[k] === undefined) gone(k);
}

const CONTACT: readonly Column[] = [
  ["id", "text"], ["created_at", "timestamptz"], ["last_active_at", "timestamptz"], ["updated_at", "timestamptz"], ["deleted_at", "timestamptz"],
  ["fields", "jsonb"], ["tags", "text[]"], ["rules", "jsonb"], ["history", "jsonb"], ["timers", "jsonb"], ["next_timer_at", "timestamptz"],
];
const SCORE_UP: readonly Column[] = [
  ["contact", "text"], ["score", "text"], ["key", "text"], ["value", "float8"], ["as_of", "timestamptz"], ["increased_at", "timestamptz"],
  ["matched", "text[]"], ["next_transition_at", "timestamptz"],
];
const STAGE_UP: readonly Column[] = [
  ["contact", "text"], ["pipeline", "text"], ["key", "text"], ["stage", "text"], ["since", "timestamptz"], ["lock_by", "text"],
  ["lock_at", "timestamptz"], ["lock_until", "timestamptz"], ["edges", "int4"],
];
const keyed = (a: string, b?: string): Column[] => [["contact", "text"], [a, "text"], ...(b === undefined ? [] : [[b, "text"] as Column])];

/**
 * A loaded contact's update row, nothing when nothing changed. The JSON columns that did not
 * change are sent as null (kept by the UPDATE): most events touch the history and the
 * counters, not the profile fields, and each column left out is JSON neither built nor parsed.
 */
function addChangedColumns(rows: Rows, before: ContactState, st: ContactState): void {
  const fields = sameJson(before.fields, st.fields) ? null : st.fields;
  const tags = sameJson(before.tags, st.tags) ? null : st.tags;
  const rules = sameJson(before.rules, st.rules) ? null : st.rules;
  const history = sameJson(before.history, st.history) ? null : st.history;
  const timers = sameJson(before.timers, st.timers) ? null : st.timers;
  const changed =
    before.createdAt !== st.createdAt ||
    before.lastActiveAt !== st.lastActiveAt ||
    before.updatedAt !== st.updatedAt ||
    before.deletedAt !== st.deletedAt ||
    fields !== null ||
    tags !== null ||
    rules !== null ||
    history !== null ||
    timers !== null;
  if (changed) rows.add(st.id, st.createdAt, st.lastActiveAt, st.updatedAt, st.deletedAt, fields, tags, rules, history, timers, st.timers[0]?.at);
}

/**
 * Saves what changed in `changes` and appends the rows `effects` call for. `model` gives the
 * config hash and the decay boundaries (`next_transition_at`). Use the transaction that
 * loaded and locked the contacts.
 */
export async function saveContacts(tx: Db, model: Model, changes: readonly ContactChange[], effects: readonly Effect[]): Promise<void> {
  const contacts = new Rows(CONTACT);
  const contactUpdates = new Rows(CONTACT);
  const scoreUp = new Rows(SCORE_UP);
  const scoreDel = new Rows(keyed("score", "key"));
  const stageUp = new Rows(STAGE_UP);
  const stageDel = new Rows(keyed("pipeline", "key"));
  const segIn = new Rows([...keyed("segment"), ["entered_at", "timestamptz"]]);
  const segOut = new Rows(keyed("segment"));
  const thrUp = new Rows([...keyed("threshold", "key"), ["state", "text"], ["last_fired_at", "timestamptz"]]);
  const thrDel = new Rows(keyed("threshold", "key"));
  const fbUp = new Rows([...keyed("loop"), ["cell", "jsonb"]]);
  const fbDel = new Rows(keyed("loop"));
  const cpUp = new Rows([...keyed("campaign"), ["cell", "jsonb"]]);
  const cpDel = new Rows(keyed("campaign"));
  const accounts = new Rows([...keyed("account"), ["vals", "jsonb"]]);
  const entered = new Map<string, number>();
  for (const e of effects) if (e.type === "segment" && e.entered) entered.set(`${e.contact}\u0000${e.segment}`, e.at);

  for (const { before, after: st } of changes) {
    const c = st.id;
    if (before === undefined) {
      contacts.add(c, st.createdAt, st.lastActiveAt, st.updatedAt, st.deletedAt, st.fields, st.tags, st.rules, st.history, st.timers, st.timers[0]?.at);
    } else addChangedColumns(contactUpdates, before, st);
    diffCells(
      before?.scores,
      st.scores,
      (score, key, cell) =>
        scoreUp.add(c, score, key, cell.value, cell.asOf, cell.increasedAt, cell.matched, scoreTransitionAt(model, score, cell, cell.asOf)),
      (score, key) => scoreDel.add(c, score, key),
    );
    diffCells(
      before?.stages,
      st.stages,
      (pipeline, key, cell) => stageUp.add(c, pipeline, key, cell.stage, cell.since, cell.lock?.by, cell.lock?.at, cell.lock?.until, cell.edges),
      (pipeline, key) => stageDel.add(c, pipeline, key),
    );
    const was = before?.segments ?? [];
    for (const s of st.segments) if (!was.includes(s)) segIn.add(c, s, entered.get(`${c}\u0000${s}`) ?? st.updatedAt);
    for (const s of was) if (!st.segments.includes(s)) segOut.add(c, s);
    diffCells(
      before?.thresholds,
      st.thresholds,
      (threshold, key, cell) => thrUp.add(c, threshold, key, cell.state, cell.lastFiredAt),
      (threshold, key) => thrDel.add(c, threshold, key),
    );
    diffFlat(before?.feedback, st.feedback, (loop, cell) => fbUp.add(c, loop, cell), (loop) => fbDel.add(c, loop));
    diffFlat(before?.campaigns, st.campaigns, (campaign, cell) => cpUp.add(c, campaign, cell), (campaign) => cpDel.add(c, campaign));
    const contribution = accountContribution(model, st);
    const had = before === undefined ? undefined : accountContribution(model, before);
    if (!sameJson(had, contribution)) accounts.add(c, contribution?.account, contribution?.values);
  }

  // One statement for every table (foreign keys are checked at its end, when the contacts
  // are written); then the messages, which read rows this statement wrote.
  const parts: Part[] = [
    {
      sql: `INSERT INTO contacts AS t (id, created_at, last_active_at, updated_at, deleted_at, fields, tags, rules, history, timers, next_timer_at)
       SELECT x.id, x.created_at, x.last_active_at, x.updated_at, x.deleted_at, x.fields, x.tags, x.rules, x.history, x.timers, x.next_timer_at
         FROM ${contacts.from} AS x
       ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, last_active_at = EXCLUDED.last_active_at,
          updated_at = EXCLUDED.updated_at, deleted_at = EXCLUDED.deleted_at, fields = EXCLUDED.fields, tags = EXCLUDED.tags,
          rules = EXCLUDED.rules, history = EXCLUDED.history, timers = EXCLUDED.timers, next_timer_at = EXCLUDED.next_timer_at`,
      rows: contacts,
    },
    {
      sql: `UPDATE contacts t SET created_at = x.created_at, last_active_at = x.last_active_at, updated_at = x.updated_at,
          deleted_at = x.deleted_at, fields = coalesce(x.fields, t.fields), tags = coalesce(x.tags, t.tags),
          rules = coalesce(x.rules, t.rules), history = coalesce(x.history, t.history), timers = coalesce(x.timers, t.timers),
          next_timer_at = x.next_timer_at
         FROM ${contactUpdates.from} AS x
        WHERE t.id = x.id`,
      rows: contactUpdates,
    },
    {
      sql: `DELETE FROM scores t USING ${scoreDel.from} AS x
             WHERE t.contact = x.contact AND t.score = x.score AND t.key = x.key`,
      rows: scoreDel,
    },
    {
      sql: `DELETE FROM stages t USING ${stageDel.from} AS x
             WHERE t.contact = x.contact AND t.pipeline = x.pipeline AND t.key = x.key`,
      rows: stageDel,
    },
    {
      sql: `DELETE FROM segment_members t USING ${segOut.from} AS x
             WHERE t.contact = x.contact AND t.segment = x.segment`,
      rows: segOut,
    },
    {
      sql: `DELETE FROM threshold_state t USING ${thrDel.from} AS x
             WHERE t.contact = x.contact AND t.threshold = x.threshold AND t.key = x.key`,
      rows: thrDel,
    },
    {
      sql: `DELETE FROM feedback_runs t USING ${fbDel.from} AS x
             WHERE t.contact = x.contact AND t.loop = x.loop`,
      rows: fbDel,
    },
    {
      sql: `DELETE FROM campaign_enrollments t USING ${cpDel.from} AS x
             WHERE t.contact = x.contact AND t.campaign = x.campaign`,
      rows: cpDel,
    },
    {
      sql: `INSERT INTO scores (contact, score, key, value, as_of, increased_at, matched, next_transition_at)
       SELECT x.contact, x.score, x.key, x.value, x.as_of, x.increased_at, x.matched, x.next_transition_at
         FROM ${scoreUp.from} AS x
       ON CONFLICT (contact, score, key) DO UPDATE SET value = EXCLUDED.value, as_of = EXCLUDED.as_of,
          increased_at = EXCLUDED.increased_at, matched = EXCLUDED.matched, next_transition_at = EXCLUDED.next_transition_at`,
      rows: scoreUp,
    },
    {
      sql: `INSERT INTO stages (contact, pipeline, key, stage, since, lock_by, lock_at, lock_until, edges)
       SELECT x.contact, x.pipeline, x.key, x.stage, x.since, x.lock_by, x.lock_at, x.lock_until, x.edges
         FROM ${stageUp.from} AS x
       ON CONFLICT (contact, pipeline, key) DO UPDATE SET stage = EXCLUDED.stage, since = EXCLUDED.since, lock_by = EXCLUDED.lock_by,
          lock_at = EXCLUDED.lock_at, lock_until = EXCLUDED.lock_until, edges = EXCLUDED.edges`,
      rows: stageUp,
    },
    {
      sql: `INSERT INTO segment_members (segment, contact, entered_at)
       SELECT x.segment, x.contact, x.entered_at FROM ${segIn.from} AS x
       ON CONFLICT (segment, contact) DO NOTHING`,
      rows: segIn,
    },
    {
      sql: `INSERT INTO threshold_state (contact, threshold, key, state, last_fired_at)
       SELECT x.contact, x.threshold, x.key, x.state, x.last_fired_at
         FROM ${thrUp.from} AS x
       ON CONFLICT (contact, threshold, key) DO UPDATE SET state = EXCLUDED.state, last_fired_at = EXCLUDED.last_fired_at`,
      rows: thrUp,
    },
    {
      sql: `INSERT INTO feedback_runs (contact, loop, cell) SELECT x.contact, x.loop, x.cell
         FROM ${fbUp.from} AS x
       ON CONFLICT (contact, loop) DO UPDATE SET cell = EXCLUDED.cell`,
      rows: fbUp,
    },
    {
      sql: `INSERT INTO campaign_enrollments (contact, campaign, cell) SELECT x.contact, x.campaign, x.cell
         FROM ${cpUp.from} AS x
       ON CONFLICT (contact, campaign) DO UPDATE SET cell = EXCLUDED.cell`,
      rows: cpUp,
    },
    ...accountParts(accounts),
    ...effectParts(model, effects),
  ];
  await chain(tx, parts);
  await enqueueEffects(tx, model, effects);
}

/** Upserts or removes each contact's account contribution (disjoint rows: removals have no account). */
function accountParts(rows: Rows): Part[] {
  return [
    {
      sql: `DELETE FROM account_members t USING ${rows.from} AS x
             WHERE t.contact = x.contact AND x.account IS NULL`,
      rows,
    },
    {
      sql: `INSERT INTO account_members (contact, account, vals)
       SELECT x.contact, x.account, x.vals FROM ${rows.from} AS x
        WHERE x.account IS NOT NULL
       ON CONFLICT (contact) DO UPDATE SET account = EXCLUDED.account, vals = EXCLUDED.vals`,
      rows,
    },
  ];
}
