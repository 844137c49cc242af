/**
 * `refreshSegments`: due work for the segments whose membership changes with time alone
 * (event windows, `ago`, decaying scores).
 *
 * How it relates to the engine's own timers: the engine already wakes a contact exactly when
 * a time-relative condition can flip (a `recheck` timer) or a decaying score crosses a number
 * some condition compares it with (a `decay` timer), and `runDueTimers` fires them. So a
 * contact whose stored membership differs from its condition at `now` is one with such a
 * timer due and not yet fired. This function finds those contacts set-based — the segment's
 * SQL at `now`, diffed against `segment_members` — and fires THEIR due timers through the
 * engine, exactly as `runDueTimers` would: the entries and exits happen at the timers' own
 * times, with the same segment history, campaign entries, suppression resets and threshold
 * fires, so the state is the one `simulate` reaches. It never applies a membership itself.
 *
 * A segment the SQL cannot express falls back to the engine's timers: its candidates are the
 * contacts with a due `recheck` or `decay` timer. A contact the SQL finds out of date but with
 * nothing due is left alone and reported (`unexplained`): the engine would not change it.
 *
 * Safe to run twice (fired timers are gone; the diff is then empty) and safe to interrupt
 * (one transaction per chunk of contacts); concurrent runners and ingests skip each other's
 * contacts (`FOR UPDATE SKIP LOCKED`) — a skipped contact is counted and left for later.
 */
import type { Model } from "../../engine/index.js";
import { fireTimers, openWorkingSet, saveWorkingSet } from "../../ingest/working-set.js";
import { idList } from "../contact-load.js";
import type { Db } from "../db.js";
import { timeRelativeSegments, withParams } from "./compile-segment-sql.js";
import { predicateSql } from "./predicate-sql.js";

export interface RefreshSegmentsOptions {
  /** Contacts per transaction (default 500). */
  chunk?: number;
  /** Only these segments (default: every time-relative dynamic segment of the model). */
  segments?: readonly string[];
}

export interface SegmentRefreshPlan {
  segment: string;
  /** `sql`: candidates from the segment's SQL; `timers`: from the contacts' due timers. */
  via: "sql" | "timers";
  /** Why the SQL could not be used (for `timers`). */
  reason?: string;
  /** Contacts found out of date (or undecided) for this segment. */
  candidates: number;
}

export interface RefreshSegmentsResult {
  segments: SegmentRefreshPlan[];
  /** Contacts whose due timers were fired. */
  woken: number;
  /** Segment entries and exits the engine applied (every segment, cascades included). */
  entered: number;
  exited: number;
  /** Candidates another process held locked: left for it, or for the next run. */
  skipped: number;
  /** Out of date by the SQL, yet nothing due in the engine: left unchanged (a state the config does not explain). */
  unexplained: { contact: string; segment: string }[];
}

const LIVE = "c.created_at IS NOT NULL AND c.deleted_at IS NULL";

/** The diff of one segment: contacts whose SQL membership at `now` differs from the stored one (NULL: undecided). */
function diffQuery(model: Model, segment: string, now: number, ids?: readonly string[]): { sql: string; params: unknown[] } | { unsupported: string } {
  const def = model.ir.segments[segment];
  if (def?.kind !== "dynamic") return { unsupported: `"${segment}" is not a dynamic segment of this version` };
  return withParams((p) => {
    const pred = predicateSql(model.ir, def.when, now, p);
    const only = ids === undefined ? "" : ` AND c.id IN (SELECT jsonb_array_elements_text(${p.add(idList(ids), "jsonb")}))`;
    return (
      `SELECT c.id, m.member FROM contacts c CROSS JOIN LATERAL (SELECT ${pred} AS member) AS m ` +
      `LEFT JOIN segment_members s ON s.segment = ${p.add(segment, "text")} AND s.contact = c.id ` +
      `WHERE ${LIVE}${only} AND m.member IS DISTINCT FROM (s.contact IS NOT NULL)`
    );
  });
}

/** Contacts with a `recheck` or `decay` timer due by `now`: the engine's own candidates. */
async function dueTimerContacts(db: Db, now: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT c.id FROM contacts c WHERE c.next_timer_at <= $1::timestamptz AND ${LIVE}
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.timers) AS t WHERE t ->> 'kind' IN ('recheck', 'decay') AND (t ->> 'at')::float8 <= $2::float8)`,
    [new Date(now).toISOString(), String(now)],
  );
  return rows.map((r) => r.id);
}

/**
 * Brings time-relative segments up to date at `now` (epoch ms) through the engine; see the
 * module comment. `model` is the active version, compiled.
 */
export async function refreshSegments(db: Db, model: Model, now: number, opts: RefreshSegmentsOptions = {}): Promise<RefreshSegmentsResult> {
  const chunk = Math.max(1, opts.chunk ?? 500);
  const names = opts.segments ?? timeRelativeSegments(model.ir);
  const result: RefreshSegmentsResult = { segments: [], woken: 0, entered: 0, exited: 0, skipped: 0, unexplained: [] };
  // contact → the SQL-checked segments it is a sure candidate of.
  const candidates = new Map<string, Set<string>>();
  let needTimers = false;
  for (const segment of names) {
    const q = diffQuery(model, segment, now);
    if ("unsupported" in q) {
      result.segments.push({ segment, via: "timers", reason: q.unsupported, candidates: 0 });
      needTimers = true;
      continue;
    }
    const rows = await db.query<{ id: string; member: boolean | null }>(q.sql, q.params);
    for (const r of rows) {
      let set = candidates.get(r.id);
      if (set === undefined) candidates.set(r.id, (set = new Set()));
      if (r.member !== null) set.add(segment);
    }
    result.segments.push({ segment, via: "sql", candidates: rows.length });
  }
  if (needTimers) {
    const due = await dueTimerContacts(db, now);
    for (const id of due) if (!candidates.has(id)) candidates.set(id, new Set());
    for (const s of result.segments) if (s.via === "timers") s.candidates = due.length;
  }

  const ids = [...candidates.keys()].sort();
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    await db.transaction(async (tx) => {
      const locked = await tx.query<{ id: string }>(
        `SELECT c.id FROM contacts c WHERE c.id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND ${LIVE}
          ORDER BY c.id COLLATE "C" FOR UPDATE SKIP LOCKED`,
        [idList(part)],
      );
      const mine = locked.map((r) => r.id);
      result.skipped += part.length - mine.length;
      if (mine.length === 0) return;
      const w = await openWorkingSet(tx, model, mine);
      const idle: string[] = [];
      for (const id of mine) {
        const next = w.states.get(id)?.timers[0]?.at;
        if (next !== undefined && next <= now) {
          result.woken++;
          await fireTimers(w, id, now);
        } else if ((candidates.get(id)?.size ?? 0) > 0) idle.push(id);
      }
      await saveWorkingSet(w);
      for (const e of w.effects) {
        if (e.type !== "segment") continue;
        if (e.entered) result.entered++;
        else result.exited++;
      }
      await explainIdle(tx, model, now, idle, candidates, result);
    });
  }
  return result;
}

/**
 * Candidates with nothing due: asks the SQL again on the locked rows (an ingest may have
 * brought them up to date since the first look); those still out of date are unexplained.
 */
async function explainIdle(tx: Db, model: Model, now: number, idle: readonly string[], candidates: ReadonlyMap<string, ReadonlySet<string>>, result: RefreshSegmentsResult): Promise<void> {
  if (idle.length === 0) return;
  const segments = new Set<string>();
  for (const id of idle) for (const s of candidates.get(id) ?? []) segments.add(s);
  for (const segment of [...segments].sort()) {
    const q = diffQuery(model, segment, now, idle);
    if ("unsupported" in q) continue;
    const rows = await tx.query<{ id: string; member: boolean | null }>(q.sql, q.params);
    for (const r of rows) if (r.member !== null && candidates.get(r.id)?.has(segment) === true) result.unexplained.push({ contact: r.id, segment });
  }
}
