import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "../../runtime/store/db.js";
import { insertEvents, contactEvents } from "../../runtime/store/events.js";
import { migrate } from "../../runtime/store/migrate.js";
import type { Db } from "../../runtime/store/db.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "./backends.js";

describe.each(BACKENDS)("the database handle on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  beforeAll(async () => {
    backend = make();
    db = (await backend.fresh()).db;
    await db.exec("CREATE TABLE t (id int PRIMARY KEY, at timestamptz, big bigint, doc jsonb)");
  }, HOOK_TIMEOUT);
  afterAll(() => backend.dispose(), HOOK_TIMEOUT);

  it("a transaction that fails writes nothing and rethrows the error", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t (id) VALUES ($1)", [1]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.query("SELECT id FROM t WHERE id = 1")).toEqual([]);
  });

  it("a nested transaction that fails rolls back only its own writes", async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (2)");
      await expect(
        tx.transaction(async (inner) => {
          await inner.query("INSERT INTO t (id) VALUES (3)");
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
    });
    expect(await db.query("SELECT id FROM t WHERE id IN (2, 3) ORDER BY id")).toEqual([{ id: 2 }]);
  });

  it("values come back alike on both backends: timestamptz as Date, bigint as number, jsonb parsed", async () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    await db.query("INSERT INTO t (id, at, big, doc) VALUES ($1, $2::timestamptz, $3, $4::jsonb)", [
      4,
      new Date(at).toISOString(),
      9_007_199_254_740_991,
      JSON.stringify({ tags: ["a", "b"], n: 1.5 }),
    ]);
    const [row] = await db.query<{ at: Date; big: number; doc: unknown }>("SELECT at, big, doc FROM t WHERE id = 4");
    expect(row?.at).toBeInstanceOf(Date);
    expect(row?.at.getTime()).toBe(at);
    expect(row?.big).toBe(9_007_199_254_740_991);
    expect(row?.doc).toEqual({ tags: ["a", "b"], n: 1.5 });
  });

  it("a session keeps one connection for its statements", async () => {
    const pids = await db.session(async (conn) => {
      const [a] = await conn.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const [b] = await conn.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      return [a?.pid, b?.pid];
    });
    expect(pids[0]).toBeDefined();
    expect(pids[0]).toBe(pids[1]);
  });

  it("a transaction handle cannot close the database", async () => {
    await expect(db.transaction((tx) => tx.close())).rejects.toThrow(/close the database/);
    expect(await db.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });
});

describe("the embedded store (PGlite) in a data directory", () => {
  it("keeps what was committed across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-pglite-"));
    try {
      const first = await openPglite(dir);
      await migrate(first);
      await insertEvents(first, [{ id: "e1", type: "page.visited", contact: "ann", at: Date.UTC(2026, 0, 1), props: {} }]);
      await first.close();
      const second = await openPglite(dir);
      expect(await migrate(second)).toEqual([]);
      expect((await contactEvents(second, "ann")).map((e) => e.id)).toEqual(["e1"]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
