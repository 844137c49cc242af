import type { Db } from "./db.js";

/** One row of a bulk statement: plain JSON. */
export type Row = Record<string, unknown>;

/** Runs `sql` with the rows as `$1` (one JSON text: `json_to_recordset($1::json)`), skipping empty batches. */
export async function bulk(tx: Db, sql: string, rows: readonly Row[]): Promise<void> {
  // `ord` lets append statements keep the effects' order in their sequence numbers.
  if (rows.length > 0) await tx.query(sql, [JSON.stringify(rows.map((r, ord) => ({ ...r, ord })))]);
}

/** Runs the statements one after another: a transaction is one connection. */
export async function inOrder(steps: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) await step();
}
