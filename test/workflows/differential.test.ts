/**
 * The main differential test of the workflows: a generated examples/b2b history with every
 * kind of timer (decay ticks, feedback asks and escalation, outcomes with a delayed deletion,
 * campaign waits with `wait until mon 09:00` and send windows, cooldowns, manual locks that
 * expire, a time-relative segment) goes through the runtime under the time-skipping server,
 * and PostgreSQL must end exactly where `simulate` says, contact by contact.
 *
 * How events meet their times: the history starts after the server's clock; before each
 * 6-hour window of events the test skips server time to just before the window's first event
 * (the workflows fire every timer due by then, at their own times), then ingests the window,
 * hands the workflow starts to Temporal and wakes the loops — as the worker does. The test
 * never fires a timer itself: what ingest does not fire (a contact's timers due before its
 * own event) the workflows must.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../bench/history/generate.js";
import { simulate } from "../../runtime/engine/index.js";
import { readContactSummary } from "../../runtime/ingest/index.js";
import { ledgerVsScores } from "../ingest/helpers.js";
import { DAY, startHarness, type Harness } from "./harness.js";
import { b2bWithLockIr, timerHistory } from "./timer-history.js";

const WINDOW = 6 * 3_600_000;
/** Server time stays this far before the next event while a window is ingested (real seconds pass meanwhile). */
const MARGIN = 10 * 60_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(b2bWithLockIr());
}, 120_000);
afterAll(() => h?.stop(), 60_000);

/** The history cut into windows of WINDOW ms (time order kept). */
function windows(events: readonly HistoryEvent[], start: number): HistoryEvent[][] {
  const out = new Map<number, HistoryEvent[]>();
  for (const e of events) {
    const k = Math.floor((Date.parse(e.at) - start) / WINDOW);
    const w = out.get(k);
    if (w === undefined) out.set(k, [e]);
    else w.push(e);
  }
  return [...out.keys()].sort((a, b) => a - b).map((k) => out.get(k) ?? []);
}

async function skipTo(target: number): Promise<void> {
  const now = await h.now();
  if (target > now) await h.skip(target - now);
}

/** Hands every pending workflow row to Temporal; a row Temporal refused is a failure. */
async function dispatchAll(): Promise<void> {
  for (;;) {
    const r = await h.dispatch();
    expect(r.errors).toEqual([]);
    if (r.done === 0) return;
  }
}

describe("workflows vs simulate", () => {
  it("a b2b history with every timer kind leaves PostgreSQL as simulate prints it, contact by contact", async () => {
    const t0 = await h.now();
    // Whole seconds, so the end time below (half a second past) is never a timer's time.
    const start = Math.ceil((t0 + DAY) / DAY) * DAY;
    const { events } = timerHistory(h.ir, { contacts: 150, days: 70, seed: 7, start });
    const last = Date.parse(events.at(-1)?.at ?? "");
    const until = last + 21 * DAY + 500;
    const sim = simulate(h.ir, events, { until, ledger: true });
    expect(sim.errors).toEqual([]);
    // Every timer kind is exercised, or agreement would prove little.
    const keys = sim.outbox.map((o) => o.key);
    for (const pattern of [/:ask:\d+$/, /:escalate$/, /^campaign:nurture:/, /^campaign:pricing_follow_up:.*:call:/, /^threshold:mql:/]) {
      expect(keys.some((k) => pattern.test(k)), String(pattern)).toBe(true);
    }
    const reasons = new Set((sim.ledger ?? []).map((r) => r.reason));
    expect(reasons.has("decay")).toBe(true);
    expect(sim.contacts.some((c) => c.deleted !== undefined)).toBe(true);
    expect(events.some((e) => e.type === "stage.set")).toBe(true);

    await h.loops();
    for (const batch of windows(events, start)) {
      await skipTo(Date.parse(batch[0]?.at ?? "") - MARGIN);
      await dispatchAll();
      await h.ingest(batch);
      await dispatchAll();
      await h.loops();
    }
    // Three weeks after the last event: the open asks, waits, locks and deletions run out.
    for (let t = last + DAY; t < until; t += DAY) {
      await skipTo(t);
      await dispatchAll();
    }
    await skipTo(until);
    await h.stopWorker();

    // No timer fired after `until` (the comparison time); the clock ran on for a moment only.
    const [late] = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM ledger WHERE at > $1::timestamptz", [new Date(until).toISOString()]);
    expect(late?.n).toBe(0);

    const mismatches: unknown[] = [];
    for (const c of sim.contacts) {
      const stored = await readContactSummary(h.db, h.model, c.id, until);
      if (JSON.stringify(stored) !== JSON.stringify(c)) mismatches.push({ simulate: c, database: stored });
    }
    expect(mismatches.slice(0, 2)).toEqual([]);
    expect(mismatches).toHaveLength(0);

    const stored = await h.db.query<{ key: string }>("SELECT key FROM outbox ORDER BY key");
    expect(stored.map((r) => r.key)).toEqual(keys.sort());
    for (const row of await ledgerVsScores(h.db)) expect(row.sum, `${row.contact} ${row.score}`).toBeCloseTo(row.value, 6);
    // Every ledger row, ticks included (each once, at its own time), as simulate wrote it.
    const ledger = await h.db.query<{ contact: string; score: string; key: string; delta: number; value: number; reason: string; event: string | null; hash: string; at: Date }>(
      "SELECT contact, score, key, delta, value, reason, event_id AS event, config_hash AS hash, at FROM ledger",
    );
    const sorted = (rows: readonly unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(ledger.map((r) => ({ ...r, at: r.at.toISOString() })))).toEqual(sorted(sim.ledger ?? []));
  }, 240_000);
});
