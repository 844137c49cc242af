/**
 * `dev`'s database, as SPEC section 6 orders the choices: DATABASE_URL when set; else a
 * throwaway PostgreSQL server when the binaries are installed (the real thing, gone on
 * exit); else PGlite in FUNNELFORM_DATA_DIR (kept between runs). One handle is shared by
 * the API, the worker and the channel sender: PGlite allows one per process.
 */
import { openDatabase, type OpenedDatabase } from "../cli/database.js";
import { findPostgresBin, startThrowawayPostgres } from "../servers/postgres.js";

type Env = Record<string, string | undefined>;

export interface DevDatabase extends OpenedDatabase {
  close(): Promise<void>;
}

export async function openDevDatabase(env: Env, log: (line: string) => void): Promise<DevDatabase> {
  if (!env["DATABASE_URL"] && findPostgresBin() !== undefined) {
    log("starting a throwaway PostgreSQL server (its data is deleted when dev stops; set DATABASE_URL to keep it)");
    const pg = await startThrowawayPostgres();
    let db;
    try {
      ({ db } = await openDatabase({ ...env, DATABASE_URL: pg.url }));
    } catch (error) {
      await pg.stop();
      throw error;
    }
    return {
      db,
      where: "a throwaway PostgreSQL server",
      async close() {
        await db.close();
        await pg.stop();
      },
    };
  }
  const opened = await openDatabase(env);
  return { ...opened, close: () => opened.db.close() };
}
