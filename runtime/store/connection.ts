import type { Db, DbKind, QueryOptions } from "./db.js";

/** What a single connection can do: run a statement, run a script. */
export interface Connection {
  query(sql: string, params: readonly unknown[], options?: QueryOptions): Promise<unknown[]>;
  exec(sql: string): Promise<void>;
}

/**
 * A `Db` bound to one connection. At depth 0 `transaction` opens one with BEGIN; deeper it
 * nests with savepoints, so helpers that open their own transaction compose with callers
 * that already hold one.
 */
export function connectionDb(kind: DbKind, conn: Connection, depth: number): Db {
  const self: Db = {
    kind,
    query: async <R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) => (await conn.query(sql, params, options)) as R[],
    exec: (sql) => conn.exec(sql),
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const savepoint = `ff_sp_${depth}`;
      await conn.exec(depth === 0 ? "BEGIN" : `SAVEPOINT ${savepoint}`);
      let result: T;
      try {
        result = await fn(connectionDb(kind, conn, depth + 1));
      } catch (error) {
        // A failed ROLLBACK means a broken connection (the pool discards it); the caller
        // needs the error that caused the rollback, not that one.
        await conn.exec(depth === 0 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
        throw error;
      }
      await conn.exec(depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT ${savepoint}`);
      return result;
    },
    session: (fn) => fn(self),
    close: () => Promise.reject(new Error("close the database, not a transaction or session handle")),
  };
  return self;
}
