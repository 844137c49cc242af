import type { Db } from "./db.js";

/** One row of a bulk statement: plain JSON. */
export type Row = Record<string, unknown>;

/**
 * One part of a chained write: a statement that reads its rows as `$1`
 * (`json_to_recordset($1::json)`), and those rows.
 */
export interface Part {
  sql: string;
  rows: readonly Row[];
}

// `ord` lets append statements keep the effects' order in their sequence numbers.
const rowsParam = (rows: readonly Row[]): string => JSON.stringify(rows.map((r, ord) => ({ ...r, ord })));

/** Runs `sql` with the rows as `$1` (one JSON text: `json_to_recordset($1::json)`), skipping empty batches. */
export async function bulk(tx: Db, sql: string, rows: readonly Row[]): Promise<void> {
  if (rows.length > 0) await tx.query(sql, [rowsParam(rows)]);
}

/**
 * Runs the non-empty parts as ONE statement (one round trip): each becomes a data-modifying
 * CTE with its own parameter. All parts see the same snapshot and foreign keys are checked
 * at the end of the statement, so the parts must not touch the same rows (a delete and an
 * upsert of one table take disjoint keys) and no part may read what another writes.
 */
export async function chain(tx: Db, parts: readonly Part[]): Promise<void> {
  const live = parts.filter((p) => p.rows.length > 0);
  if (live.length === 0) return;
  if (live.length === 1 && live[0] !== undefined) return bulk(tx, live[0].sql, live[0].rows);
  const ctes = live.map((p, i) => `w${i} AS (${p.sql.replaceAll("$1::json", `$${i + 1}::json`)})`);
  await tx.query(`WITH ${ctes.join(",\n")}\nSELECT 1`, live.map((p) => rowsParam(p.rows)));
}

/** Runs the statements one after another: a transaction is one connection. */
export async function inOrder(steps: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) await step();
}
