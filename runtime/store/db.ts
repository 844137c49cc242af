/**
 * The one database interface the runtime uses. Two implementations: a real PostgreSQL server
 * through a `pg` pool (`openPostgres`) and PGlite, PostgreSQL compiled to WASM running in
 * process (`openPglite`, the embedded default). The same SQL runs unchanged on both, so
 * store code never branches on `kind`; `kind` is there for diagnostics and tests.
 *
 * Rules every caller follows:
 * - parameterised queries only (`$1`, `$2`, …); identifiers never come from input;
 * - inside `transaction(fn)` use the `tx` handed to `fn`, never the outer handle (on PGlite
 *   the outer handle waits for the transaction to end, which would deadlock);
 * - JSON goes in as a string (`JSON.stringify(x)`) cast with `$n::jsonb` — the two drivers
 *   serialise objects and arrays differently, strings the same;
 * - times go in as ISO strings or epoch-ms converted by the caller, and `timestamptz` comes
 *   back as a `Date` on both; `bigint` (int8) comes back as a `number` on both.
 */
export type DbKind = "postgres" | "pglite";

/** How to run one statement. */
export interface QueryOptions {
  /**
   * Keep the statement prepared on the connection and reuse it (PostgreSQL: a named prepared
   * statement, so the server parses and plans it once per connection; PGlite ignores it). For
   * hot statements whose text is fixed — never for text built per call, as each text is kept.
   */
  prepare?: boolean;
}

export interface Db {
  readonly kind: DbKind;
  /** Runs one statement with parameters; returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: committed when `fn` resolves, rolled back (and the error
   * rethrown) when it rejects, so a failed transaction writes nothing. Called on a
   * transaction handle it nests with a savepoint.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one dedicated connection, for session state such as
   * `pg_advisory_lock`. PGlite has a single session, so there it is the database itself.
   */
  session<T>(fn: (conn: Db) => Promise<T>): Promise<T>;
  /** Closes the pool or the embedded database; a transaction or session handle refuses. */
  close(): Promise<void>;
}

export { openPostgres, type PostgresOptions } from "./postgres.js";
export { openPglite } from "./pglite.js";
