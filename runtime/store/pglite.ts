import type { PGlite, Transaction } from "@electric-sql/pglite";
import { connectionDb, type Connection } from "./connection.js";
import type { Db } from "./db.js";

function txConnection(tx: Transaction): Connection {
  return {
    query: async (sql, params) => (await tx.query(sql, [...params])).rows,
    exec: async (sql) => {
      await tx.exec(sql);
    },
  };
}

/**
 * Opens PGlite (PostgreSQL in WASM, in process): persisted in `dataDir`, or in memory when
 * none is given. One session: statements from concurrent callers are serialised, and a
 * transaction holds the database until it ends. The module is loaded on first use, so a
 * server-backed process never pays for the WASM.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite: PGliteClass } = await import("@electric-sql/pglite");
  const pglite: PGlite = dataDir === undefined ? new PGliteClass() : new PGliteClass(dataDir);
  await pglite.waitReady;
  const db: Db = {
    kind: "pglite",
    query: async <R>(sql: string, params: readonly unknown[] = []) => (await pglite.query<R>(sql, [...params])).rows,
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    // PGlite's own transaction holds its mutex for the whole callback; BEGIN through
    // `query` would let other callers' statements interleave.
    transaction: (fn) => pglite.transaction((tx) => fn(connectionDb("pglite", txConnection(tx), 1))),
    session: (fn) => fn(db),
    close: () => pglite.close(),
  };
  return db;
}
