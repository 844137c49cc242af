import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, migrationNames } from "../../runtime/store/migrate.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "./backends.js";

const ALL = migrationNames().map((file) => file.replace(/\.sql$/, ""));

describe.each(BACKENDS)("migrations on $kind", ({ make }) => {
  let backend: Backend;
  beforeAll(() => {
    backend = make();
  });
  afterAll(() => backend.dispose(), HOOK_TIMEOUT);

  it("run once: a second migrate finds nothing to do", async () => {
    const { db } = await backend.fresh();
    expect(ALL.length).toBeGreaterThan(0);
    expect(await migrate(db)).toEqual(ALL);
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name");
    expect(rows.map((r) => r.name)).toEqual(ALL);
    // The tables the store relies on exist.
    for (const table of ["config_versions", "config_activations", "apply_lock", "events", "outbox"]) {
      expect(await db.query(`SELECT count(*)::int AS n FROM ${table}`)).toEqual([{ n: 0 }]);
    }
  });

  it("several processes migrating at once apply each migration exactly once", async () => {
    const fresh = await backend.fresh();
    const handles = [fresh.db, ...(await Promise.all([1, 2, 3].map(() => fresh.another())))];
    // Connected beforehand, so the migrators really start together.
    await Promise.all(handles.map((h) => h.query("SELECT 1")));
    const applied = await Promise.all(handles.map((h) => migrate(h)));
    expect(applied.flat().sort()).toEqual(ALL);
    const rows = await fresh.db.query<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
    expect(rows).toEqual([{ n: ALL.length }]);
  });

  it("a failing migration leaves the earlier ones applied, writes nothing of its own, and is retried next time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-migrations-"));
    writeFileSync(join(dir, "0001-good.sql"), "CREATE TABLE good (id int);");
    writeFileSync(join(dir, "0002-bad.sql"), "CREATE TABLE half (id int);\nSELECT no_such_function();");
    const { db } = await backend.fresh();
    await expect(migrate(db, { dir })).rejects.toThrow(/0002-bad/);
    const applied = await db.query<{ name: string }>("SELECT name FROM schema_migrations");
    expect(applied.map((r) => r.name)).toEqual(["0001-good"]);
    expect(await db.query("SELECT to_regclass('half') IS NULL AS missing")).toEqual([{ missing: true }]);
    writeFileSync(join(dir, "0002-bad.sql"), "CREATE TABLE half (id int);");
    expect(await migrate(db, { dir })).toEqual(["0002-bad"]);
  });
});
