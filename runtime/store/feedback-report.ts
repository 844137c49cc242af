/**
 * The MQL feedback reports (SPEC section 1, "Reports"), read from what ingest stored:
 * - summary: MQLs (threshold fires that started a feedback run) per outcome per period of the
 *   alert date, with the unanswered runs and the asks sent;
 * - diagnostic: the contacts of one outcome, each with its score history (the ledger).
 *
 * `feedback_runs` holds only each contact's current run of a loop, so earlier runs (a recycled
 * lead that became an MQL again) are rebuilt from the logs with the engine's rules: a fire
 * starts a run unless a run is still waiting (no outcome, asks not used up); the first
 * `feedback.given` of a run is its outcome, later ones are refused; an outcome with no run is
 * a judgement without an alert (not an MQL, left out). Asks are the ask messages in the outbox.
 */
import type { LedgerView } from "./ledger-view.js";
import type { Db } from "./db.js";

/** What the report needs of one loop of the deployed config. Times in ms. */
export interface ReportLoop {
  name: string;
  outcomes: string[];
  /** Thresholds whose actions start this loop. */
  thresholds: string[];
  ask: { afterMs: number; everyMs: number; times: number };
}

/** One MQL's feedback run. Times are ISO strings. */
export interface ReportRun {
  loop: string;
  contact: string;
  email: string | null;
  threshold: string;
  alertAt: string;
  asks: number;
  outcome: string | null;
  outcomeAt: string | null;
  by: string | null;
  deleted: boolean;
}

export interface SummaryRow {
  loop: string;
  /** `2026-03` (by month) or the Monday of the week, `2026-03-02` (by week); UTC. */
  period: string;
  mqls: number;
  outcomes: Record<string, number>;
  unanswered: number;
  asks: number;
}

export type LedgerRow = LedgerView;

export type ReportPeriod = "week" | "month";

const ids = (xs: Iterable<string>): string => JSON.stringify([...new Set(xs)]);
const IN_IDS = "(SELECT jsonb_array_elements_text($1::jsonb))";

/** The Monday (UTC) of the week, or the month, of a time. */
export function periodOf(ms: number, by: ReportPeriod): string {
  const d = new Date(ms);
  if (by === "month") return d.toISOString().slice(0, 7);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

type Item = { kind: "fire"; at: number; threshold: string } | { kind: "given"; at: number; outcome: string; by: string | null };

interface Built {
  start: number;
  threshold: string;
  outcome?: string;
  outcomeAt?: number;
  by: string | null;
}

/** The engine's start/outcome rules over one contact's fires and outcomes of one loop, in time order. */
function replayRuns(loop: ReportLoop, items: Item[]): Built[] {
  const runs: Built[] = [];
  let cur: Built | undefined;
  const lastAsk = (r: Built): number => r.start + loop.ask.afterMs + Math.max(0, loop.ask.times - 1) * loop.ask.everyMs;
  for (const it of items) {
    if (it.kind === "fire") {
      if (cur === undefined || cur.outcome !== undefined || it.at >= lastAsk(cur)) runs.push((cur = { start: it.at, threshold: it.threshold, by: null }));
    } else if (cur !== undefined && cur.outcome === undefined && loop.outcomes.includes(it.outcome)) {
      cur.outcome = it.outcome;
      cur.outcomeAt = it.at;
      cur.by = it.by;
    }
  }
  return runs;
}

/** Every MQL run of the given loops whose alert is at or after `since` (ms), oldest first. */
export async function readFeedbackRuns(db: Db, loops: readonly ReportLoop[], since: number): Promise<ReportRun[]> {
  const thresholds = loops.flatMap((l) => l.thresholds);
  if (thresholds.length === 0) return [];
  // Every fire of the contacts with an alert since `since`: earlier runs decide whether a later fire starts one.
  const fires = await db.query<{ contact: string; threshold: string; at: Date }>(
    `SELECT contact, threshold, at FROM threshold_fires
      WHERE threshold IN ${IN_IDS}
        AND contact IN (SELECT contact FROM threshold_fires WHERE threshold IN ${IN_IDS} AND at >= $2)
      ORDER BY contact, at, seq`,
    [ids(thresholds), new Date(since).toISOString()],
  );
  if (fires.length === 0) return [];
  const contacts = ids(fires.map((f) => f.contact));
  const [given, asks, people] = await Promise.all([
    db.query<{ contact: string; at: Date; loop: string | null; outcome: string | null; by: string | null }>(
      `SELECT contact, at, props ->> 'loop' AS loop, props ->> 'outcome' AS outcome, props ->> 'by' AS by FROM events
        WHERE type = 'feedback.given' AND contact IN ${IN_IDS} ORDER BY contact, at, id`,
      [contacts],
    ),
    db.query<{ key: string }>(`SELECT key FROM outbox WHERE kind = 'feedback' AND contact IN ${IN_IDS}`, [contacts]),
    db.query<{ id: string; deleted_at: Date | null; email: string | null }>(
      `SELECT id, deleted_at, fields ->> 'email' AS email FROM contacts WHERE id IN ${IN_IDS}`,
      [contacts],
    ),
  ]);
  // Ask keys are `feedback:<loop>:<contact>:<start ISO>:ask:<n>`: count them per run prefix.
  const asksPerRun = new Map<string, number>();
  for (const { key } of asks) {
    const m = /:ask:\d+$/.exec(key);
    if (m !== null) asksPerRun.set(key.slice(0, m.index), (asksPerRun.get(key.slice(0, m.index)) ?? 0) + 1);
  }
  const person = new Map(people.map((p) => [p.id, p]));
  const out: ReportRun[] = [];
  for (const loop of loops) {
    const starts = new Set(loop.thresholds);
    const perContact = new Map<string, Item[]>();
    const itemsOf = (c: string): Item[] => perContact.get(c) ?? (perContact.set(c, []).get(c) as Item[]);
    for (const f of fires) if (starts.has(f.threshold)) itemsOf(f.contact).push({ kind: "fire", at: f.at.getTime(), threshold: f.threshold });
    for (const g of given) {
      if (g.loop === loop.name && g.outcome !== null && perContact.has(g.contact)) itemsOf(g.contact).push({ kind: "given", at: g.at.getTime(), outcome: g.outcome, by: g.by });
    }
    for (const [contact, items] of perContact) {
      // Stable sort: a fire and an outcome at the same instant keep fire first.
      items.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === "fire" ? -1 : 1));
      const p = person.get(contact);
      for (const r of replayRuns(loop, items)) {
        if (r.start < since) continue;
        const startIso = new Date(r.start).toISOString();
        out.push({
          loop: loop.name,
          contact,
          email: p?.email ?? null,
          threshold: r.threshold,
          alertAt: startIso,
          asks: asksPerRun.get(`feedback:${loop.name}:${contact}:${startIso}`) ?? 0,
          outcome: r.outcome ?? null,
          outcomeAt: r.outcomeAt === undefined ? null : new Date(r.outcomeAt).toISOString(),
          by: r.by,
          deleted: p?.deleted_at !== null && p?.deleted_at !== undefined,
        });
      }
    }
  }
  return out.sort((a, b) => (a.alertAt < b.alertAt ? -1 : a.alertAt > b.alertAt ? 1 : a.contact < b.contact ? -1 : a.contact > b.contact ? 1 : 0));
}

/** Counts runs per (loop, period of the alert), oldest period first. */
export function summarizeRuns(loops: readonly ReportLoop[], runs: readonly ReportRun[], by: ReportPeriod): SummaryRow[] {
  const rows = new Map<string, SummaryRow>();
  const outcomesOf = new Map(loops.map((l) => [l.name, l.outcomes]));
  for (const r of runs) {
    const period = periodOf(Date.parse(r.alertAt), by);
    const id = `${period}\u0000${r.loop}`;
    let row = rows.get(id);
    if (row === undefined) {
      const outcomes = Object.fromEntries((outcomesOf.get(r.loop) ?? []).map((o) => [o, 0]));
      rows.set(id, (row = { loop: r.loop, period, mqls: 0, outcomes, unanswered: 0, asks: 0 }));
    }
    row.mqls++;
    row.asks += r.asks;
    if (r.outcome === null) row.unanswered++;
    else row.outcomes[r.outcome] = (row.outcomes[r.outcome] ?? 0) + 1;
  }
  return [...rows.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.loop < b.loop ? -1 : 1));
}

/** Most ledger rows per contact in the diagnostic: the newest ones. */
export const DIAGNOSTIC_LEDGER_LIMIT = 1000;

/** Each contact's score history, oldest first (at most the newest `limit` rows each). */
export async function readLedgers(db: Db, contacts: readonly string[], limit = DIAGNOSTIC_LEDGER_LIMIT): Promise<Map<string, LedgerRow[]>> {
  const out = new Map<string, LedgerRow[]>(contacts.map((c) => [c, []]));
  if (contacts.length === 0) return out;
  const rows = await db.query<{ contact: string; score: string; key: string; delta: number; value: number; reason: string; event_id: string | null; at: Date }>(
    `SELECT contact, score, key, delta, value, reason, event_id, at FROM (
       SELECT l.*, row_number() OVER (PARTITION BY contact ORDER BY at DESC, seq DESC) AS n
         FROM ledger l WHERE contact IN ${IN_IDS}) t
      WHERE n <= $2 ORDER BY contact, at, seq`,
    [ids(contacts), limit],
  );
  for (const r of rows) {
    out.get(r.contact)?.push({ score: r.score, key: r.key, delta: r.delta, value: r.value, reason: r.reason, event: r.event_id, at: r.at.toISOString() });
  }
  return out;
}
