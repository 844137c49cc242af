/** `funnelform force-unlock`: removes the apply lock of an apply that crashed. */
import { forceUnlock } from "../../store/apply-lock.js";
import { databaseLocation, openExistingDatabase, openFailure } from "../database.js";

/** Exit 0 whether or not a lock was held: afterwards nothing holds it. */
export async function forceUnlockCommand(): Promise<number> {
  let opened;
  try {
    opened = await openExistingDatabase();
  } catch (error) {
    process.stderr.write(`force-unlock: ${openFailure(error)}\n`);
    return 1;
  }
  if (opened === undefined) {
    process.stdout.write(`The apply lock was not held (${databaseLocation()} does not exist yet): nothing to unlock.\n`);
    return 0;
  }
  try {
    const held = await forceUnlock(opened.db);
    if (held === undefined) process.stdout.write(`The apply lock was not held (${opened.where}): nothing to unlock.\n`);
    else process.stdout.write(`Removed the apply lock held by ${held.holder} since ${new Date(held.since).toISOString()} (${opened.where}).\n`);
    return 0;
  } finally {
    await opened.db.close();
  }
}
