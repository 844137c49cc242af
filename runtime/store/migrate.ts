import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Umzug, type RunnableMigration, type UmzugStorage } from "umzug";
import type { Db } from "./db.js";

/** Arbitrary constant key of the session advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 7_270_001;

const MIGRATION_FILE = /^\d{4}-[a-z0-9-]+\.sql$/;

/**
 * The folder of `NNNN-name.sql` files: next to this module when run from source; from the
 * compiled `dist/runtime/store/` the build does not copy `.sql`, so fall back to the
 * package's source tree (the package ships `runtime/`).
 */
export function migrationsDir(): string {
  const candidates = [
    fileURLToPath(new URL("./migrations/", import.meta.url)),
    fileURLToPath(new URL("../../../runtime/store/migrations/", import.meta.url)),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (found === undefined) throw new Error(`funnelform's SQL migrations are missing (looked in ${candidates.join(", ")})`);
  return found;
}

/** The migration files in the order they run (their names sort by their number). */
export function migrationNames(dir: string = migrationsDir()): string[] {
  return readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
}

function sqlMigration(dir: string, file: string, applied: string[]): RunnableMigration<Db> {
  const name = file.replace(/\.sql$/, "");
  const path = join(dir, file);
  return {
    name,
    path,
    // The script and its schema_migrations row commit together, so a crash leaves either
    // both or neither. The re-check under the transaction makes a migrator that lost a race
    // (PGlite: two callers in one session share the advisory lock) skip instead of failing.
    up: ({ context }) =>
      context.transaction(async (tx) => {
        const done = await tx.query("SELECT 1 FROM schema_migrations WHERE name = $1 FOR UPDATE", [name]);
        if (done.length > 0) return;
        await tx.exec(readFileSync(path, "utf8"));
        await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [name]);
        applied.push(name);
      }),
  };
}

/** Reads what has run from `schema_migrations`; the row itself is written by the migration. */
const storage: UmzugStorage<Db> = {
  logMigration: () => Promise.resolve(),
  unlogMigration: () => Promise.reject(new Error("migrations are forward only")),
  executed: async ({ context }) =>
    (await context.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name")).map((r) => r.name),
};

export interface MigrateOptions {
  /** Another folder of migrations (tests); default the runtime's own. */
  dir?: string;
}

/**
 * Brings the schema up to date and returns the names of the migrations it ran (none when
 * it already was). Idempotent, and safe when several processes start at once: they queue
 * on a session advisory lock and the later ones find nothing left to do. Each migration
 * runs in its own transaction; one that fails leaves the earlier ones applied and rethrows.
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<string[]> {
  const dir = options.dir ?? migrationsDir();
  return db.session(async (conn) => {
    await conn.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    try {
      await conn.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const applied: string[] = [];
      const umzug = new Umzug<Db>({
        migrations: migrationNames(dir).map((file) => sqlMigration(dir, file, applied)),
        context: conn,
        storage,
        logger: undefined,
      });
      await umzug.up();
      return applied;
    } finally {
      await conn.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
    }
  });
}
