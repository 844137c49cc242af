import { describe, expect, it } from "vitest";
import { compileModel, simulate } from "../../runtime/engine/index.js";
import { ingestBatch, readContactSummary } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { BACKENDS, sharedMigratedDb } from "../store/backends.js";
import { compileDsl, countRows, ledgerVsScores, truncateState } from "./helpers.js";

const ir = compileDsl(`
version "1"
field plan: string
score engagement { limit 0..1000  decay 10 every 7d }
rule "Visit" on page.visited engagement +1
rule "Demo" on form.submitted if form == "demo" engagement +60
threshold mql when engagement >= 60 {
  notify owner "mql-alert"
  tag hot
}
`);
const model = compileModel(ir);
const T = Date.parse("2026-03-01T09:00:00Z");
const MIN = 60_000;
const visit = (id: string, contact: string, minutes: number): Record<string, unknown> => ({
  id,
  type: "page.visited",
  contact,
  at: new Date(T + minutes * MIN).toISOString(),
  props: { url: "/blog" },
});

describe.each(BACKENDS)("ingestBatch on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateState);

  it("a batch with bad events is rejected whole, one error per bad event, and writes nothing", async () => {
    const batch: unknown[] = [
      visit("ok-1", "ann", 0),
      { id: "u1", type: "page.visit", contact: "ann", at: T, props: {} },
      { id: "p1", type: "form.submitted", contact: "ann", at: T, props: { form: 3 } },
      { type: "page.visited", contact: "ann", at: T, props: {} },
      { id: "c1", type: "page.visited", at: T, props: {} },
      { id: "t1", type: "page.visited", contact: "ann", props: {} },
      { id: "big", type: "page.visited", contact: "ann", at: T, props: { url: "x".repeat(70_000) } },
      visit("ok-2", "bob", 1),
    ];
    const r = await ingestBatch(db, batch, { model });
    expect(r).toMatchObject({
      ok: false,
      errors: [
        { index: 1, id: "u1" },
        { index: 2, id: "p1" },
        { index: 3, id: null },
        { index: 4, id: "c1" },
        { index: 5, id: "t1" },
        { index: 6, id: "big" },
      ],
    });
    const reasons = r.ok ? [] : r.errors.map((e) => e.reason);
    expect(reasons[0]).toContain("unknown event type");
    expect(reasons[1]).toContain('"form"');
    expect(reasons[5]).toContain("bytes");
    expect(await countRows(db, "events")).toBe(0);
    expect(await countRows(db, "contacts")).toBe(0);
  });

  it("a batch larger than the limit is refused with a clear error", async () => {
    const r = await ingestBatch(db, [visit("a", "ann", 0), visit("b", "ann", 1), visit("c", "ann", 2)], { model, maxBatch: 2 });
    expect(r).toMatchObject({ ok: false, errors: [{ index: 2, id: "c" }] });
    expect(await countRows(db, "events")).toBe(0);
  });

  it("applies a batch: state, ledger, threshold fire and outbox match simulate; re-sending changes nothing", async () => {
    const batch = [
      { id: "o1", type: "contact.updated", contact: "ann", at: new Date(T).toISOString(), props: { owner: "sam@example.com" } },
      visit("v1", "ann", 1),
      { id: "f1", type: "form.submitted", contact: "ann", at: new Date(T + 2 * MIN).toISOString(), props: { form: "demo" } },
      visit("v2", "bob", 3),
    ];
    expect(await ingestBatch(db, batch, { model })).toEqual({ ok: true, accepted: 4, duplicates: 0, contacts: 2, refused: [] });
    const before = { ledger: await countRows(db, "ledger"), outbox: await countRows(db, "outbox"), events: await countRows(db, "events") };
    expect(await ingestBatch(db, batch, { model })).toMatchObject({ ok: true, accepted: 0, duplicates: 4 });
    expect({ ledger: await countRows(db, "ledger"), outbox: await countRows(db, "outbox"), events: await countRows(db, "events") }).toEqual(before);

    const now = T + 10 * MIN;
    const sim = simulate(ir, batch, { until: now });
    for (const c of sim.contacts) expect(await readContactSummary(db, model, c.id, now)).toEqual(c);
    const keys = await db.query<{ key: string }>("SELECT key FROM outbox ORDER BY key");
    expect(keys.map((k) => k.key)).toEqual(sim.outbox.map((o) => o.key).sort());
    expect(keys).toHaveLength(1);
    for (const row of await ledgerVsScores(db)) expect(row.sum).toBeCloseTo(row.value, 6);
  });

  it("a duplicate id within one batch is applied once (the first copy)", async () => {
    const r = await ingestBatch(db, [visit("d1", "ann", 0), visit("d1", "ann", 5), visit("d2", "ann", 6)], { model });
    expect(r).toMatchObject({ ok: true, accepted: 2, duplicates: 1 });
    expect(await readContactSummary(db, model, "ann", T + 10 * MIN)).toMatchObject({ scores: { engagement: 2 } });
  });

  it("strings that look like SQL are stored as data", async () => {
    const id = "x'); DROP TABLE contacts; --";
    const r = await ingestBatch(db, [{ ...visit("e'1", id, 0), props: { url: "'; DELETE FROM ledger; --" } }], { model });
    expect(r).toMatchObject({ ok: true, accepted: 1 });
    expect(await readContactSummary(db, model, id, T)).toMatchObject({ id, scores: { engagement: 1 } });
    expect(await countRows(db, "ledger")).toBe(1);
  });

  it("two concurrent batches on the same contacts lose no update", async () => {
    // On PostgreSQL the pool gives each batch its own connection, so the transactions overlap
    // (contacts locked in opposite batch order); PGlite serialises them.
    const contacts = Array.from({ length: 20 }, (_, i) => `c${String(i).padStart(2, "0")}`);
    const batchOf = (tag: string, reverse: boolean): Record<string, unknown>[] => {
      const list = reverse ? [...contacts].reverse() : contacts;
      return list.flatMap((c) => Array.from({ length: 25 }, (_, i) => visit(`${tag}-${c}-${i}`, c, i + 1)));
    };
    // The contacts exist already: only the row locks (not the insert of new rows) order the two.
    expect(await ingestBatch(db, contacts.map((c) => visit(`seed-${c}`, c, 0)), { model })).toMatchObject({ ok: true });
    const [a, b] = await Promise.all([ingestBatch(db, batchOf("a", false), { model }), ingestBatch(db, batchOf("b", true), { model })]);
    expect(a).toMatchObject({ ok: true, accepted: 500 });
    expect(b).toMatchObject({ ok: true, accepted: 500 });
    for (const c of contacts) {
      expect(await readContactSummary(db, model, c, T + 30 * MIN)).toMatchObject({ scores: { engagement: 51 } });
    }
    for (const row of await ledgerVsScores(db)) expect(row.sum).toBeCloseTo(row.value, 6);
    expect(await countRows(db, "ledger")).toBe(1020);
  });
});
