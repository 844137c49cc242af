import { describe, expect, it } from "vitest";
import { compileModel } from "../../runtime/engine/index.js";
import type { ContactState } from "../../runtime/engine/types.js";
import { contactEvents, insertEvents, loadContacts, lockContacts, saveContacts } from "../../runtime/store/index.js";
import type { Db } from "../../runtime/store/db.js";
import { compileDsl, truncateState } from "../ingest/helpers.js";
import { BACKENDS, sharedMigratedDb } from "./backends.js";

// Bulk writes send each column as one JSON array and text[] values as array literals
// (runtime/store/bulk.ts): these strings look like the syntax of both.
const AWKWARD = ['say "hi"', "back\\slash", "{a,b}", "a,b", "NULL", "", " padded ", "ünï ✓ 🦊", "line\nbreak", "tab\there", '\\"{'];

const model = compileModel(
  compileDsl(`
version "1"
field job_title: string
score engagement { limit 0..100 }
rule "Visit" on page.visited engagement +1
`),
);

function awkwardState(id: string, at: number): ContactState {
  return {
    id,
    createdAt: at,
    lastActiveAt: at,
    updatedAt: at,
    fields: { job_title: AWKWARD[0] ?? "", list: AWKWARD, n: 0.1 + 0.2, big: 1e21, tiny: -5e-324, yes: false },
    tags: AWKWARD,
    scores: { engagement: { [AWKWARD[2] ?? "k"]: { value: 12.345678901234567, asOf: at, increasedAt: null, matched: AWKWARD } } },
    stages: { lifecycle: { "": { stage: AWKWARD[1] ?? "s", since: at, lock: { by: AWKWARD[0] ?? "by", at } } } },
    segments: [AWKWARD[3] ?? "seg"],
    thresholds: { mql: { [AWKWARD[4] ?? "k"]: { state: "off" } } },
    rules: { [AWKWARD[0] ?? "r"]: { times: [at] } },
    history: { [AWKWARD[2] ?? "h"]: { times: [at], values: [1.5] } },
    feedback: {},
    campaigns: {},
    timers: [],
  };
}

describe.each(BACKENDS)("bulk values on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateState);

  it("strings that look like array or JSON syntax, and edge numbers, read back exactly as saved", async () => {
    const at = Date.parse("2026-03-01T09:00:00.123Z");
    const st = awkwardState('o"neil\\{1,2}', at);
    await db.transaction(async (tx) => {
      await lockContacts(tx, [st.id], true);
      await saveContacts(tx, model, [{ before: undefined, after: st }], []);
    });
    expect((await loadContacts(db, [st.id])).get(st.id)).toEqual(st);
    // An update writes only the changed columns; the rest is kept as stored.
    const after = structuredClone(st);
    after.tags = [...AWKWARD].reverse();
    after.updatedAt = at + 1;
    await saveContacts(db, model, [{ before: st, after }], []);
    expect((await loadContacts(db, [st.id])).get(st.id)).toEqual(after);
  });

  it("times keep their millisecond across years, leap days and the epoch", async () => {
    const times = ["0001-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "2000-02-29T12:34:56.789Z", "2100-03-01T00:00:00.001Z", "9999-12-31T23:59:59.999Z"];
    const events = times.map((t, i) => ({ id: `e${i}`, type: "page.visited", contact: "ann", at: Date.parse(t), props: { url: AWKWARD[i] ?? "" } }));
    expect(await insertEvents(db, events)).toEqual(events.map((e) => e.id));
    // Read as epoch ms by the server: PGlite's driver parses year 1 as 2001 when it builds a Date.
    const stored = await db.query<{ id: string; ms: number; props: unknown }>(
      "SELECT id, (extract(epoch from at) * 1000)::float8 AS ms, props FROM events ORDER BY id",
    );
    expect(stored.map((e) => [e.id, e.ms, e.props])).toEqual(events.map((e) => [e.id, e.at, e.props]));
    expect((await contactEvents(db, "ann", Date.parse("1970-01-01T00:00:00.000Z"))).map((e) => e.id)).toEqual(["e2", "e3", "e4", "e5"]);
  });
});
