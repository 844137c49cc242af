import { idList } from "./contact-load.js";
import type { Db } from "./db.js";

/**
 * Locks the rows of `ids` for the rest of the transaction, always in id order, so two
 * transactions touching overlapping contacts wait for each other instead of deadlocking
 * or losing an update. With `create`, rows missing for new contacts are inserted first as
 * stubs (created_at NULL: no state yet), also in id order, so there is a row to lock.
 * Returns the ids now locked, sorted.
 */
export async function lockContacts(tx: Db, ids: readonly string[], create: boolean): Promise<string[]> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return [];
  const p = [idList(sorted)];
  if (create) {
    // One statement inserts the missing stubs and locks the rows already there: ON CONFLICT
    // DO UPDATE locks the conflicting row even when its WHERE is false (nothing is written).
    // Rows are taken in id order, so the locks are too. Every id then has a locked row.
    await tx.query(
      `INSERT INTO contacts AS t (id)
       SELECT x.id FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS x(id, ord) ORDER BY x.ord
       ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id WHERE false`,
      p,
      { prepare: true },
    );
    return sorted;
  }
  const rows = await tx.query<{ id: string }>(
    `SELECT c.id FROM contacts c
      WHERE c.id IN (SELECT jsonb_array_elements_text($1::jsonb))
      ORDER BY c.id COLLATE "C" FOR UPDATE`,
    p,
  );
  return rows.map((r) => r.id);
}
