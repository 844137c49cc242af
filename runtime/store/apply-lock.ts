import { randomUUID } from "node:crypto";
import type { Db } from "./db.js";
import { ApplyLockedError, ApplyLockLostError, type LockHolder } from "./errors.js";

/** A lock this process holds; the token tells it apart from a later holder's. */
export interface HeldApplyLock extends LockHolder {
  token: string;
}

interface LockRow {
  holder: string;
  since: Date;
  token: string;
}

const toHolder = (row: LockRow): LockHolder => ({ holder: row.holder, since: row.since.getTime() });

/** Who holds the apply lock now, if anyone. */
export async function applyLockHolder(db: Db): Promise<LockHolder | undefined> {
  const [row] = await db.query<LockRow>("SELECT holder, since, token FROM apply_lock WHERE name = 'apply'");
  return row && toHolder(row);
}

/**
 * Takes the apply lock in its own committed statement, so others see the holder while the
 * apply runs. Throws `ApplyLockedError` naming the current holder when it is taken.
 */
export async function acquireApplyLock(db: Db, holder: string): Promise<HeldApplyLock> {
  const token = randomUUID();
  // The holder can release between our insert and our read: then try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [mine] = await db.query<LockRow>(
      `INSERT INTO apply_lock (name, holder, since, token) VALUES ('apply', $1, now(), $2)
       ON CONFLICT (name) DO NOTHING RETURNING holder, since, token`,
      [holder, token],
    );
    if (mine) return { ...toHolder(mine), token };
    const current = await applyLockHolder(db);
    if (current) throw new ApplyLockedError(current);
  }
  throw new Error("the apply lock changed hands repeatedly; try again");
}

/**
 * Inside the apply transaction: locks the lock row and checks it is still ours. A
 * force-unlock during the apply makes it fail here instead of racing the next holder.
 */
export async function assertApplyLockHeld(tx: Db, lock: HeldApplyLock): Promise<void> {
  const [row] = await tx.query<LockRow>("SELECT holder, since, token FROM apply_lock WHERE name = 'apply' FOR UPDATE");
  if (row?.token !== lock.token) throw new ApplyLockLostError(row && toHolder(row));
}

/** Releases the lock if it is still ours (after a force-unlock it may be someone else's). */
export async function releaseApplyLock(db: Db, lock: HeldApplyLock): Promise<void> {
  await db.query("DELETE FROM apply_lock WHERE name = 'apply' AND token = $1", [lock.token]);
}

/** Runs `fn` holding the apply lock, and releases it however `fn` ends. */
export async function withApplyLock<T>(db: Db, holder: string, fn: (lock: HeldApplyLock) => Promise<T>): Promise<T> {
  const lock = await acquireApplyLock(db, holder);
  try {
    return await fn(lock);
  } finally {
    await releaseApplyLock(db, lock);
  }
}

/**
 * Removes the apply lock whoever holds it — for a holder that crashed. Returns the holder it
 * removed (undefined when nothing was locked). An apply that is still running either fails
 * without changing anything (`ApplyLockLostError`, when it has not reached its transaction)
 * or finishes first (its transaction holds the lock row, and the unlock waits for it).
 */
export async function forceUnlock(db: Db): Promise<LockHolder | undefined> {
  const [row] = await db.query<LockRow>("DELETE FROM apply_lock WHERE name = 'apply' RETURNING holder, since, token");
  return row && toHolder(row);
}
