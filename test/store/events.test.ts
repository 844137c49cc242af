import { describe, expect, it } from "vitest";
import type { Db } from "../../runtime/store/db.js";
import { contactEvents, insertEvents, type NewEvent } from "../../runtime/store/events.js";
import { BACKENDS, sharedMigratedDb, truncateAll } from "./backends.js";

const T = Date.UTC(2026, 2, 1, 9, 0, 0);
const ev = (id: string, contact: string, minutes: number, props: Record<string, unknown> = {}): NewEvent => ({
  id,
  type: "page.visited",
  contact,
  at: T + minutes * 60_000,
  props: { url: "/pricing", ...props },
});

describe.each(BACKENDS)("events on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateAll);

  it("a batch returns the new ids in batch order; re-sending it inserts nothing", async () => {
    const batch = [ev("e2", "ann", 5), ev("e1", "ann", 1), ev("e3", "bob", 2)];
    expect(await db.transaction((tx) => insertEvents(tx, batch, { configHash: "a".repeat(64) }))).toEqual(["e2", "e1", "e3"]);
    expect(await db.transaction((tx) => insertEvents(tx, batch))).toEqual([]);
    const [{ n } = { n: -1 }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events");
    expect(n).toBe(3);
  });

  it("a batch mixing old, new and repeated ids inserts each new id once and keeps the first copy", async () => {
    await insertEvents(db, [ev("e1", "ann", 1)]);
    const fresh = await insertEvents(db, [ev("e1", "ann", 1, { url: "/changed" }), ev("e4", "ann", 3), ev("e4", "ann", 9, { url: "/second" })]);
    expect(fresh).toEqual(["e4"]);
    const history = await contactEvents(db, "ann");
    expect(history.map((e) => [e.id, e.at, e.props])).toEqual([
      ["e1", T + 60_000, { url: "/pricing" }],
      ["e4", T + 180_000, { url: "/pricing" }],
    ]);
  });

  it("reads one contact's history in time order, from a given time", async () => {
    await insertEvents(db, [ev("b", "ann", 10), ev("a", "ann", 10), ev("c", "ann", 1), ev("x", "bob", 5)], {
      configHash: "b".repeat(64),
      receivedAt: T + 3_600_000,
    });
    const all = await contactEvents(db, "ann");
    expect(all.map((e) => e.id)).toEqual(["c", "a", "b"]);
    expect(all[0]).toEqual({ ...ev("c", "ann", 1), receivedAt: T + 3_600_000, configHash: "b".repeat(64) });
    expect((await contactEvents(db, "ann", T + 10 * 60_000)).map((e) => e.id)).toEqual(["a", "b"]);
  });

  it("a failed ingest transaction writes nothing, so the same batch can be sent again", async () => {
    const batch = [ev("e1", "ann", 1), ev("e2", "bob", 2)];
    await expect(
      db.transaction(async (tx) => {
        await insertEvents(tx, batch);
        throw new Error("engine failed");
      }),
    ).rejects.toThrow("engine failed");
    expect(await contactEvents(db, "ann")).toEqual([]);
    expect(await db.transaction((tx) => insertEvents(tx, batch))).toEqual(["e1", "e2"]);
  });

  it("props with quotes, unicode and SQL-looking text are stored as data", async () => {
    const nasty = { url: "/x'); DROP TABLE events; --", name: "Zoë \"quoted\" \\ back", n: 1.25, list: ["a", null] };
    await insertEvents(db, [{ id: "it's-1", type: "form.submitted", contact: "o'brien", at: T, props: nasty }]);
    const [stored] = await contactEvents(db, "o'brien");
    expect(stored).toMatchObject({ id: "it's-1", props: nasty });
  });
});
