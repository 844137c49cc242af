import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { ingestBatch, readContactSummary } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { refreshSegments } from "../../runtime/store/segment-sql/index.js";
import { BACKENDS, sharedMigratedDb } from "../store/backends.js";
import { truncateState } from "../ingest/helpers.js";
import { DAY, history, ir, model, T0, type RawEvent } from "./workspace.js";

const at = (ms: number): string => new Date(ms).toISOString();
const visit = (id: string, contact: string, t: number, url = "/pricing"): RawEvent => ({ id, type: "page.visited", contact, at: at(t), props: { url } });

async function segmentHistory(db: Db): Promise<{ contact: string; segment: string; entered: boolean; at: string }[]> {
  const rows = await db.query<{ contact: string; segment: string; entered: boolean; at: Date }>(
    "SELECT contact, segment, entered, at FROM segment_history ORDER BY seq",
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** Every contact as the database holds it at `until` equals `simulate` up to `until`. */
async function expectSimulated(db: Db, events: readonly RawEvent[], until: number): Promise<void> {
  const sim = simulate(ir, [...events], { until });
  for (const c of sim.contacts) expect(await readContactSummary(db, model, c.id, until)).toEqual(c);
}

describe.each(BACKENDS)("refreshSegments on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateState);

  it("a pricing visit leaves its 5-day window at the exact millisecond, and a demo request decays out of `hot`", async () => {
    const events = [visit("v1", "ann", T0), visit("v2", "bob", T0 + DAY, "/"), { id: "d1", type: "form.submitted", contact: "cat", at: at(T0), props: { form: "demo" } }];
    expect((await ingestBatch(db, events, { model })).ok).toBe(true);
    const now = T0 + 22 * DAY;
    const r = await refreshSegments(db, model, now, { chunk: 1 });
    expect(r.segments.find((s) => s.segment === "pricing")).toMatchObject({ via: "sql", candidates: 1 });
    expect(r.unexplained).toEqual([]);
    const exits = (await segmentHistory(db)).filter((h) => !h.entered);
    expect(exits).toEqual(
      expect.arrayContaining([
        { contact: "ann", segment: "pricing", entered: false, at: at(T0 + 5 * DAY) },
        // 60 → 50 → 40 → 30: below 40 at the third weekly tick.
        { contact: "cat", segment: "hot", entered: false, at: at(T0 + 21 * DAY) },
      ]),
    );
    await expectSimulated(db, events, now);

    const before = await segmentHistory(db);
    const again = await refreshSegments(db, model, now);
    expect(again).toMatchObject({ woken: 0, entered: 0, exited: 0, unexplained: [] });
    expect(await segmentHistory(db)).toEqual(before);
  });

  it("agrees with simulate on random histories, and a second run changes nothing", async () => {
    let runs = 0;
    let woken = 0;
    await fc.assert(
      fc.asyncProperty(history, fc.integer({ min: 0, max: 40 * DAY }), fc.integer({ min: 1, max: 4 }), async (events, later, chunk) => {
        runs++;
        await truncateState(db);
        expect((await ingestBatch(db, events, { model })).ok).toBe(true);
        const now = Math.max(...events.map((e) => Date.parse(e.at))) + later;
        const first = await refreshSegments(db, model, now, { chunk });
        expect(first.unexplained).toEqual([]);
        expect(first.skipped).toBe(0);
        woken += first.woken;
        // Every contact's segments are simulate's. Contacts with nothing left due (the woken
        // ones among them) equal simulate whole; the others still have other due work (a
        // half-life value read in one step can differ by a cent from one written on the way).
        const sim = simulate(ir, [...events], { until: now });
        const caughtUp = new Set(
          (await db.query<{ id: string }>("SELECT id FROM contacts WHERE next_timer_at IS NULL OR next_timer_at > $1::timestamptz", [at(now)])).map((r) => r.id),
        );
        for (const c of sim.contacts) {
          const got = await readContactSummary(db, model, c.id, now);
          if (caughtUp.has(c.id)) expect(got).toEqual(c);
          else expect(got?.segments).toEqual(c.segments);
        }
        const rows = await segmentHistory(db);
        const second = await refreshSegments(db, model, now, { chunk });
        expect(second).toMatchObject({ woken: 0, entered: 0, exited: 0, unexplained: [] });
        expect(await segmentHistory(db)).toEqual(rows);
      }),
      { numRuns: 15, endOnFailure: true },
    );
    expect(runs).toBe(15);
    expect(woken).toBeGreaterThan(0);
  });
});

describe("refreshSegments beside another process (postgres)", () => {
  const [pg] = BACKENDS;
  let db: Db;
  sharedMigratedDb(pg?.make ?? (() => { throw new Error("no postgres backend"); }), (d) => (db = d), truncateState);

  it("skips a contact another transaction holds and finishes it on the next run", async () => {
    const events = [visit("v1", "ann", T0), visit("v2", "bob", T0)];
    expect((await ingestBatch(db, events, { model })).ok).toBe(true);
    const now = T0 + 6 * DAY;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.query("SELECT id FROM contacts WHERE id = 'bob' FOR UPDATE");
      locked();
      await held;
    });
    await isLocked;
    const first = await refreshSegments(db, model, now);
    expect(first).toMatchObject({ skipped: 1, woken: 1, exited: 1 });
    release();
    await holder;
    const second = await refreshSegments(db, model, now);
    expect(second).toMatchObject({ skipped: 0, woken: 1, exited: 1 });
    await expectSimulated(db, events, now);
  });
});
