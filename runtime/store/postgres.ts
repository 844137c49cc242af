import pg from "pg";
import { connectionDb, type Connection } from "./connection.js";
import type { Db, QueryOptions } from "./db.js";

const INT8_OID = 20;

/**
 * pg returns int8 as a string (it may exceed 2^53); PGlite returns a number. Counts and ids
 * in this store stay far below 2^53, so both backends agree on numbers. Per pool, so other
 * users of `pg` in the process are unaffected.
 */
function getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
  if (oid === INT8_OID && format !== "binary") return (value) => Number(value);
  return pg.types.getTypeParser(oid, format ?? "text") as (value: string) => unknown;
}
const types: pg.CustomTypesConfig = { getTypeParser: getTypeParser as pg.CustomTypesConfig["getTypeParser"] };

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Tag shown in `pg_stat_activity.application_name` (default "funnelform"). */
  applicationName?: string;
}

const names = new Map<string, string>();

/**
 * A prepared statement's name, from its text: pg keeps one prepared statement per name and
 * connection and refuses a name reused with another text, so equal names must mean equal
 * texts: two independent 32-bit hashes of the text (FNV-1a and a shifted variant).
 */
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ 0x5bd1e995;
    for (let i = 0; i < sql.length; i++) {
      const c = sql.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    name = `ff_${(a >>> 0).toString(36)}_${(b >>> 0).toString(36)}`;
    names.set(sql, name);
  }
  return name;
}

function run(target: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[], options?: QueryOptions): Promise<pg.QueryResult> {
  return options?.prepare === true ? target.query({ name: statementName(sql), text: sql, values: [...params] }) : target.query(sql, [...params]);
}

function clientConnection(client: pg.PoolClient): Connection {
  return {
    query: async (sql, params, options) => (await run(client, sql, params, options)).rows as unknown[],
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

/** Opens a pool on a real PostgreSQL server (14+). Connections are made lazily. */
export function openPostgres(url: string, options: PostgresOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "funnelform",
    types,
  });
  // An idle connection that breaks is dropped by the pool and the next query gets a fresh
  // one; without a listener the error event would crash the process.
  pool.on("error", () => undefined);

  async function withClient<T>(fn: (conn: Db) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A checked-out client has no pool listener: a server that goes away mid-transaction
    // would crash the process with an unhandled error event. The pending query fails with
    // the same error, and the connection is dropped below.
    const onError = (): void => undefined;
    client.on("error", onError);
    let broken = false;
    try {
      return await fn(connectionDb("postgres", clientConnection(client), 0));
    } catch (error) {
      // A connection left inside a transaction (e.g. ROLLBACK itself failed) must not be reused.
      broken = await client.query("SELECT 1").then(
        () => false,
        () => true,
      );
      throw error;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  return {
    kind: "postgres",
    query: async <R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) => (await run(pool, sql, params, options)).rows as R[],
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: (fn) => withClient((conn) => conn.transaction(fn)),
    session: (fn) => withClient(fn),
    close: () => pool.end(),
  };
}
