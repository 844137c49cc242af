/**
 * A throwaway PostgreSQL server that can be stopped and started again on the same data
 * directory and port — for fault tests (a database restart during ingest) and nothing else:
 * `startThrowawayPostgres` deletes its data on stop.
 */
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPostgresBin, freePort } from "./postgres.js";
import { runCommand } from "./run-command.js";

export interface RestartablePostgres {
  url: string;
  /** Stops the server at once (`-m immediate`: like a crash, no clean shutdown); the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same data and port. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
}

/** Creates, starts and returns a restartable server in a new temporary directory. */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql");
  const dir = mkdtempSync(join(tmpdir(), "funnelform-pg-restart-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [uid, gid] = await Promise.all([runCommand("id", ["-u", "postgres"]), runCommand("id", ["-g", "postgres"])]);
    chownSync(dir, Number(uid.trim()), Number(gid.trim()));
  }
  // As root, PostgreSQL runs as the unprivileged `postgres` user (it refuses root).
  const run = (exe: string, args: string[]) =>
    asRoot ? runCommand("runuser", ["-u", "postgres", "--", join(bin, exe), ...args]) : runCommand(join(bin, exe), args);
  await run("initdb", ["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "-D", data]);
  const port = await freePort();
  const start = async (): Promise<void> => {
    await run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "-w", "start"]);
  };
  const stop = async (): Promise<void> => {
    await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  };
  await start();
  let disposed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
