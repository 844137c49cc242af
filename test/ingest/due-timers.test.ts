import { describe, expect, it } from "vitest";
import { compileModel, simulate } from "../../runtime/engine/index.js";
import { ingestBatch, readContactSummary, runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { BACKENDS, sharedMigratedDb } from "../store/backends.js";
import { compileDsl, truncateState } from "./helpers.js";

const ir = compileDsl(`
version "1"
score engagement { limit 0..70  decay 10 every 7d }
rule "Demo" on form.submitted engagement +60
threshold mql when engagement >= 60 { notify owner "mql-alert" }
`);
const model = compileModel(ir);
const T = Date.parse("2026-03-01T09:00:00Z");
const DAY = 86_400_000;
const demo = (id: string, contact: string, at: number) => ({ id, type: "form.submitted", contact, at: new Date(at).toISOString(), props: {} });

describe.each(BACKENDS)("due timers on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateState);

  it("decay re-arms a threshold between batches, so a comeback alerts again, as simulate does", async () => {
    const first = [demo("d1", "ann", T), demo("d2", "bob", T)];
    const later = [demo("d3", "ann", T + 20 * DAY)];
    await ingestBatch(db, first, { model });
    expect(await runDueTimers(db, model, T + 10 * DAY, { chunk: 1 })).toBe(2);
    expect(await runDueTimers(db, model, T + 10 * DAY)).toBe(0);
    await ingestBatch(db, later, { model });
    const until = T + 30 * DAY;
    await runDueTimers(db, model, until);
    const sim = simulate(ir, [...first, ...later], { until });
    for (const c of sim.contacts) expect(await readContactSummary(db, model, c.id, until)).toEqual(c);
    expect(sim.contacts.find((c) => c.id === "ann")?.thresholds).toHaveLength(2);
    const keys = await db.query<{ key: string }>("SELECT key FROM outbox ORDER BY key");
    expect(keys.map((k) => k.key)).toEqual(sim.outbox.map((o) => o.key).sort());
  });

  it("the decay boundary is queryable: next_transition_at is when the value drops below 60", async () => {
    await ingestBatch(db, [demo("d1", "ann", T)], { model });
    const rows = await db.query<{ at: Date }>("SELECT next_transition_at AS at FROM scores WHERE contact = 'ann'");
    expect(rows.map((r) => r.at.toISOString())).toEqual([new Date(T + 7 * DAY).toISOString()]);
  });
});
