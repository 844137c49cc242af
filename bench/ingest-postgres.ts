/**
 * A throwaway PostgreSQL server for the ingest benchmark with DURABLE commits: unlike
 * `startThrowawayPostgres` (tests, `fsync=off`), every commit waits for its WAL to reach the
 * disk (`fsync=on`, `synchronous_commit=on`), as a production server would.
 */
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPostgresBin, freePort } from "../runtime/servers/postgres.js";
import { runCommand } from "../runtime/servers/run-command.js";

export interface DurablePostgres {
  url: string;
  /** The postmaster's pid: its children are the server's processes (for their CPU time). */
  pid: number;
  /** The server's log file (removed by `stop`). */
  log: string;
  stop(): Promise<void>;
}

/**
 * Starts the server in a temporary directory (as the `postgres` user when run as root).
 * `extra` adds `-c name=value` settings (the profiler loads `pg_stat_statements` and
 * `auto_explain` this way).
 */
export async function startDurablePostgres(extra: readonly string[] = []): Promise<DurablePostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql");
  const dir = mkdtempSync(join(tmpdir(), "funnelform-bench-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [uid, gid] = await Promise.all([runCommand("id", ["-u", "postgres"]), runCommand("id", ["-g", "postgres"])]);
    chownSync(dir, Number(uid.trim()), Number(gid.trim()));
  }
  const run = (exe: string, args: string[]): Promise<string> =>
    asRoot ? runCommand("runuser", ["-u", "postgres", "--", join(bin, exe), ...args]) : runCommand(join(bin, exe), args);
  await run("initdb", ["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "-D", data]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=on",
    "-c synchronous_commit=on",
    "-c full_page_writes=on",
    "-c shared_buffers=512MB",
    "-c max_wal_size=4GB",
    ...extra.map((x) => `-c ${x}`),
  ].join(" ");
  await run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", settings, "-w", "start"]);
  const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid,
    log: join(dir, "server.log"),
    async stop() {
      if (stopped) return;
      stopped = true;
      await run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
