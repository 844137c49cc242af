/**
 * Measuring helpers of the ingest benchmark: a `Db` wrapper that counts and times every
 * statement (by its first words), and the CPU time of a PostgreSQL server's processes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Db, QueryOptions } from "../runtime/store/db.js";

/** Per statement kind: how many ran and their total wall time. */
export type QueryStats = Record<string, { n: number; ms: number }>;

const label = (sql: string): string => sql.replace(/\s+/g, " ").trim().slice(0, 60);

function note(stats: QueryStats, sql: string, ms: number): void {
  const k = label(sql);
  const s = (stats[k] ??= { n: 0, ms: 0 });
  s.n++;
  s.ms += ms;
}

/** `db`, with every statement (transaction handles included) recorded in `stats`. */
export function timedDb(db: Db, stats: QueryStats): Db {
  const wrap = (inner: Db): Db => ({
    kind: inner.kind,
    async query<R>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]> {
      const t = performance.now();
      try {
        return await inner.query<R>(sql, params, options);
      } finally {
        note(stats, sql, performance.now() - t);
      }
    },
    async exec(sql: string): Promise<void> {
      const t = performance.now();
      try {
        await inner.exec(sql);
      } finally {
        note(stats, sql, performance.now() - t);
      }
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    session: (fn) => inner.session((conn) => fn(wrap(conn))),
    close: () => inner.close(),
  });
  return wrap(db);
}

/** CPU time (ms, user + system) of the postmaster `pid` and its children so far (Linux `/proc`). */
export function serverCpuMs(pid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(f[1]);
    if (Number(entry) !== pid && ppid !== pid) continue;
    total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick;
  }
  return total;
}
