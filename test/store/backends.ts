import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { openPglite, openPostgres, type Db, type DbKind } from "../../runtime/store/db.js";
import { migrate } from "../../runtime/store/migrate.js";

/** A fresh, empty database; `another` opens a second handle on it (a second process). */
export interface FreshDb {
  db: Db;
  another(): Promise<Db>;
}

export interface Backend {
  kind: DbKind;
  /** A new empty database, not migrated. */
  fresh(): Promise<FreshDb>;
  /** A new migrated database. */
  migrated(): Promise<Db>;
  /** Closes every handle opened and drops every database created. */
  dispose(): Promise<void>;
}

function postgresBackend(): Backend {
  const adminUrl = inject("databaseUrl");
  const admin = openPostgres(adminUrl, { max: 1 });
  const handles: Db[] = [];
  const databases: string[] = [];
  const open = (name: string): Db => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = openPostgres(url.toString(), { max: 4 });
    handles.push(db);
    return db;
  };
  const fresh = async (): Promise<FreshDb> => {
    // Random lowercase hex: a safe identifier, never from input.
    const name = `ff_${randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE DATABASE ${name}`);
    databases.push(name);
    return { db: open(name), another: () => Promise.resolve(open(name)) };
  };
  return {
    kind: "postgres",
    fresh,
    async migrated() {
      const { db } = await fresh();
      await migrate(db);
      return db;
    },
    async dispose() {
      await Promise.all(handles.map((h) => h.close()));
      for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

function pgliteBackend(): Backend {
  const handles: Db[] = [];
  const fresh = async (): Promise<FreshDb> => {
    const db = await openPglite();
    handles.push(db);
    // PGlite is in process: a second "process" is a second caller on the same instance.
    return { db, another: () => Promise.resolve(db) };
  };
  return {
    kind: "pglite",
    fresh,
    async migrated() {
      const { db } = await fresh();
      await migrate(db);
      return db;
    },
    async dispose() {
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}

/** PGlite takes seconds to start on a busy machine; the default 10 s hook timeout is too short. */
export const HOOK_TIMEOUT = 120_000;

/** Both backends, for `describe.each(BACKENDS)`: every store test runs on each. */
export const BACKENDS: { kind: DbKind; make: () => Backend }[] = [
  { kind: "postgres", make: postgresBackend },
  { kind: "pglite", make: pgliteBackend },
];

/** Empties the store's tables between tests that share one migrated database. */
export async function truncateAll(db: Db): Promise<void> {
  await db.exec("TRUNCATE config_activations, config_versions, apply_lock, events, outbox");
}

/**
 * One migrated database shared by a describe block and emptied by `reset` before each
 * test; `use` receives it once it exists, so tests keep a plain `db` variable.
 */
export function sharedMigratedDb(make: () => Backend, use: (db: Db) => void, reset: (db: Db) => Promise<void>): void {
  let backend: Backend | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    use(db);
  }, HOOK_TIMEOUT);
  afterAll(() => backend?.dispose(), HOOK_TIMEOUT);
  beforeEach(async () => {
    if (db !== undefined) await reset(db);
  });
}
