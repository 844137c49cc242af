import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "./run-command.js";

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries installed the Debian way, if any. */
export function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a PostgreSQL server in a temporary directory, for tests and `dev`. PostgreSQL
 * refuses to run as root, so as root it runs as the unprivileged `postgres` user.
 * Trust authentication on 127.0.0.1 and a private socket directory: nothing else on the
 * machine can reach it, and it is deleted on stop.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql; set DATABASE_URL");
  const dir = mkdtempSync(join(tmpdir(), "funnelform-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  const run = (exe: string, args: string[]) =>
    asRoot ? runCommand("runuser", ["-u", "postgres", "--", join(bin, exe), ...args]) : runCommand(join(bin, exe), args);
  await run("initdb", ["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "-D", data]);
  const port = await freePort();
  await run("pg_ctl", [
    "-D",
    data,
    "-l",
    join(dir, "server.log"),
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
    "-w",
    "start",
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([runCommand("id", ["-u", "postgres"]), runCommand("id", ["-g", "postgres"])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
