/**
 * Which database the runtime commands use (SPEC section 6): a PostgreSQL server when
 * `DATABASE_URL` is set, otherwise PGlite embedded in a data folder, so `apply` and `serve`
 * work on a laptop with nothing installed. The schema is migrated on open.
 */
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openPglite, openPostgres, type Db } from "../store/db.js";
import { migrate, migrationsDir } from "../store/migrate.js";

/** The embedded database's folder when `FUNNELFORM_DATA_DIR` is not set, relative to the current folder. */
export const DEFAULT_DATA_DIR = ".funnelform/data";

export interface OpenedDatabase {
  db: Db;
  /** Where the data lives, for the user: "PostgreSQL at host:5432/db" or "the embedded database in DIR". */
  where: string;
}

type Env = Record<string, string | undefined>;

/**
 * The SQL migrations. The bundled CLI (`dist/cli/`) is not where the store module's own
 * lookup expects to be, but from both `dist/cli/` and `runtime/cli/` the source tree's
 * folder is two levels up.
 */
function migrationsFolder(): string {
  try {
    return migrationsDir();
  } catch {
    return fileURLToPath(new URL("../../runtime/store/migrations/", import.meta.url));
  }
}

/** The server URL without its password: safe to print. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.host}${u.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

/** Where `openDatabase` would store data, without opening anything. */
export function databaseLocation(env: Env = process.env): string {
  const url = env["DATABASE_URL"];
  if (url !== undefined && url !== "") return describePostgresUrl(url);
  return `the embedded database in ${env["FUNNELFORM_DATA_DIR"] || DEFAULT_DATA_DIR}`;
}

/**
 * Opens and migrates the runtime's database. Throws only for failures the user cannot fix
 * in the configuration (unreachable server, unreadable folder); callers print the message.
 */
export async function openDatabase(env: Env = process.env): Promise<OpenedDatabase> {
  const url = env["DATABASE_URL"];
  let db: Db;
  if (url !== undefined && url !== "") {
    db = openPostgres(url);
  } else {
    const dir = env["FUNNELFORM_DATA_DIR"] || DEFAULT_DATA_DIR;
    mkdirSync(resolve(dir), { recursive: true });
    db = await openPglite(resolve(dir));
  }
  try {
    await migrate(db, { dir: migrationsFolder() });
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return { db, where: databaseLocation(env) };
}

/**
 * For commands that only read (plan --base deployed, force-unlock): undefined when the
 * embedded database was never created, so reading does not leave an empty one behind.
 */
export async function openExistingDatabase(env: Env = process.env): Promise<OpenedDatabase | undefined> {
  const url = env["DATABASE_URL"];
  if ((url === undefined || url === "") && !existsSync(resolve(env["FUNNELFORM_DATA_DIR"] || DEFAULT_DATA_DIR))) return undefined;
  return openDatabase(env);
}

/** Why the database could not be opened, in plain words. */
export function openFailure(error: unknown, env: Env = process.env): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `cannot open ${databaseLocation(env)}: ${detail}`;
}
