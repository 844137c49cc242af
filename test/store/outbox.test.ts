import { describe, expect, it } from "vitest";
import type { Db } from "../../runtime/store/db.js";
import { claimOutbox, enqueue, markFailed, markSent, type OutboxMessage } from "../../runtime/store/outbox.js";
import { BACKENDS, sharedMigratedDb, truncateAll } from "./backends.js";

const T = Date.UTC(2026, 2, 1, 9, 0, 0);
const msg = (key: string, availableAt = T, payload: unknown = { to: "owner@example.com" }): OutboxMessage => ({
  key,
  channel: "sales",
  kind: "notify",
  payload,
  contact: "ann",
  availableAt,
});

describe.each(BACKENDS)("the outbox on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateAll);

  it("ignores duplicate keys, within a call and across calls, keeping the first message", async () => {
    expect(await enqueue(db, [msg("k1"), msg("k2"), msg("k1", T, { to: "dup" })])).toEqual(["k1", "k2"]);
    expect(await enqueue(db, [msg("k2", T, { to: "again" }), msg("k3")])).toEqual(["k3"]);
    const claimed = await claimOutbox(db, "w1", 10, 60_000, T);
    expect(claimed.map((m) => [m.key, m.payload])).toEqual([
      ["k1", { to: "owner@example.com" }],
      ["k2", { to: "owner@example.com" }],
      ["k3", { to: "owner@example.com" }],
    ]);
  });

  it("claims only due messages, oldest first, up to the limit", async () => {
    await enqueue(db, [msg("late", T + 1000), msg("b", T - 10), msg("a", T - 20), msg("c", T)]);
    const first = await claimOutbox(db, "w1", 2, 60_000, T);
    expect(first.map((m) => m.key)).toEqual(["a", "b"]);
    expect(first[0]).toMatchObject({ channel: "sales", kind: "notify", contact: "ann", attempts: 1, claimedUntil: T + 60_000 });
    expect((await claimOutbox(db, "w1", 10, 60_000, T)).map((m) => m.key)).toEqual(["c"]);
    expect(await claimOutbox(db, "w1", 10, 60_000, T)).toEqual([]);
  });

  it("two concurrent claimers get disjoint messages", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, "0")}`);
    await enqueue(db, keys.map((k) => msg(k)));
    // Four pooled connections open beforehand, so the claims really overlap on PostgreSQL.
    await Promise.all([0, 1, 2, 3].map(() => db.query("SELECT pg_sleep(0.05)")));
    const rounds = await Promise.all([0, 1, 2, 3].map((w) => claimOutbox(db, `w${w}`, 15, 60_000, T)));
    const claimed = rounds.flat().map((m) => m.key);
    expect(new Set(claimed).size).toBe(claimed.length);
    const rest = await claimOutbox(db, "w9", 100, 60_000, T);
    expect([...claimed, ...rest.map((m) => m.key)].sort()).toEqual(keys);
  });

  it("an expired lease is reclaimed by another worker; the old worker can no longer fail it", async () => {
    await enqueue(db, [msg("k1")]);
    expect(await claimOutbox(db, "crashed", 10, 1000, T)).toHaveLength(1);
    expect(await claimOutbox(db, "w2", 10, 1000, T + 999)).toEqual([]);
    const again = await claimOutbox(db, "w2", 10, 1000, T + 1000);
    expect(again).toMatchObject([{ key: "k1", attempts: 2 }]);
    expect(await markFailed(db, "k1", "crashed", "timeout", T + 5000)).toBe(false);
    expect(await claimOutbox(db, "w3", 10, 1000, T + 1500)).toEqual([]);
  });

  it("a failed message comes back at retryAt with its error, and attempts are counted", async () => {
    await enqueue(db, [msg("k1")]);
    await claimOutbox(db, "w1", 10, 60_000, T);
    expect(await markFailed(db, "k1", "w1", "HTTP 503 from the CRM", T + 30_000)).toBe(true);
    expect(await claimOutbox(db, "w1", 10, 60_000, T + 29_999)).toEqual([]);
    const retried = await claimOutbox(db, "w2", 10, 60_000, T + 30_000);
    expect(retried).toMatchObject([{ key: "k1", attempts: 2, lastError: "HTTP 503 from the CRM", availableAt: T + 30_000 }]);
  });

  it("a sent message is never claimed again, and marking it twice is harmless", async () => {
    await enqueue(db, [msg("k1"), msg("k2")]);
    await claimOutbox(db, "w1", 10, 1000, T);
    expect(await markSent(db, "k1", T + 10)).toBe(true);
    expect(await markSent(db, "k1", T + 20)).toBe(false);
    expect(await markFailed(db, "k1", "w1", "late failure", T + 100)).toBe(false);
    const later = await claimOutbox(db, "w2", 10, 1000, T + 10_000);
    expect(later.map((m) => m.key)).toEqual(["k2"]);
    expect(await enqueue(db, [msg("k1")])).toEqual([]);
  });

  it("enqueued in a transaction that fails, a message is not queued", async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, [msg("k1")]);
        throw new Error("ingest failed");
      }),
    ).rejects.toThrow("ingest failed");
    expect(await claimOutbox(db, "w1", 10, 1000, T)).toEqual([]);
  });
});
