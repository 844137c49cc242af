import { describe, expect, it } from "vitest";
import { compileModel } from "../../runtime/engine/index.js";
import type { ContactState } from "../../runtime/engine/types.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import { loadContacts, lockContacts, saveContacts } from "../../runtime/store/index.js";
import type { Db } from "../../runtime/store/db.js";
import { BACKENDS, sharedMigratedDb } from "../store/backends.js";
import { compileDsl, truncateState } from "./helpers.js";

const model = compileModel(
  compileDsl(`
version "1"
field job_title: string
score engagement { limit 0..100 }
score fit { kind fit  limit 0..100 }
rule "Visit" on page.visited engagement +1
rule "Senior" when job_title matches "vp|director" fit +30
`),
);
const T = Date.parse("2026-03-01T09:00:00Z");

/** A state with every optional member present, as the engine could leave it. */
function richState(id: string): ContactState {
  return {
    id,
    createdAt: T,
    lastActiveAt: T + 5,
    updatedAt: T + 9,
    deletedAt: T + 9,
    fields: { job_title: "VP Sales", tags_seen: ["a", "b"], size: 120, active: true },
    tags: ["alpha", "beta"],
    scores: { engagement: { "": { value: 12.5, asOf: T + 1, increasedAt: T } }, fit: { "": { value: 30, asOf: T, increasedAt: null, matched: ["Senior"] } } },
    stages: { lifecycle: { "": { stage: "lead", since: T, lock: { by: "sam", at: T + 2, until: T + 86_400_000 }, edges: 5 } } },
    segments: ["hot", "vip"],
    thresholds: { mql: { "": { state: "fired", lastFiredAt: T + 3 }, crm: { state: "off" } } },
    rules: { Visit: { times: [T, T + 1] } },
    history: { g0: { times: [T], values: [1], count: 1, sum: 1 } },
    feedback: { mql_review: { startedAt: T, asks: 1, nextAskAt: T + 86_400_000 } },
    campaigns: { nurture: { active: { enteredAt: T, pc: [1, 0], waitUntil: T + 3_600_000 }, entries: 1 } },
    timers: [{ at: T + 3_600_000, kind: "campaign", name: "nurture" }],
  };
}

describe.each(BACKENDS)("contact rows on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateState);

  it("a state read back is exactly the state saved, optional members included", async () => {
    const st = richState("o'neil");
    await db.transaction(async (tx) => {
      await lockContacts(tx, [st.id], true);
      await saveContacts(tx, model, [{ before: undefined, after: st }], []);
    });
    expect((await loadContacts(db, [st.id, "nobody"])).get(st.id)).toEqual(st);
    expect((await loadContacts(db, ["nobody"])).size).toBe(0);
  });

  it("removed cells are deleted and a stub row is not a contact", async () => {
    const st = richState("ann");
    await saveContacts(db, model, [{ before: undefined, after: st }], []);
    const after = structuredClone(st);
    delete after.scores["fit"];
    after.segments = ["vip"];
    after.feedback = {};
    after.campaigns = {};
    await saveContacts(db, model, [{ before: st, after }], []);
    expect((await loadContacts(db, ["ann"])).get("ann")).toEqual(after);
    await db.transaction((tx) => lockContacts(tx, ["zed"], true));
    expect((await loadContacts(db, ["zed"])).size).toBe(0);
  });

  it("a batch rewrites only the rows that changed", async () => {
    const ev = (id: string, type: string, props: Record<string, unknown>, s: number) => ({ id, type, contact: "ann", at: new Date(T + s * 1000).toISOString(), props });
    await ingestBatch(db, [ev("u1", "contact.updated", { job_title: "VP" }, 0), ev("v1", "page.visited", {}, 1)], { model });
    const version = async (score: string): Promise<string | undefined> =>
      (await db.query<{ v: string }>("SELECT xmin::text AS v FROM scores WHERE contact = 'ann' AND score = $1", [score]))[0]?.v;
    const [fit, engagement] = [await version("fit"), await version("engagement")];
    expect(await ingestBatch(db, [ev("v2", "page.visited", {}, 2)], { model })).toMatchObject({ ok: true, accepted: 1 });
    expect(await version("fit")).toBe(fit);
    expect(await version("engagement")).not.toBe(engagement);
  });
});
