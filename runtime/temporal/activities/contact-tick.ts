/**
 * One contact's due timers, fired at the workflow's time, and where its feedback run or
 * campaign enrollment stands afterwards. The contact is locked (waiting, not skipping: the
 * loop needs the answer), so ingest and sweeps on the same contact serialise with it.
 */
import type { EnrollmentStatus, FeedbackStatus } from "../../../workflows/activity-types.js";
import type { Model } from "../../engine/index.js";
import type { ContactState } from "../../engine/types.js";
import { fireTimers, openWorkingSet, saveWorkingSet } from "../../ingest/working-set.js";
import { lockContacts } from "../../store/contact-lock.js";
import type { Db } from "../../store/db.js";

/** Fires `contact`'s timers due at or before `at`; the state afterwards (undefined: no such contact). */
export async function tickContact(db: Db, model: Model, contact: string, at: number): Promise<ContactState | undefined> {
  return db.transaction(async (tx) => {
    const ids = await lockContacts(tx, [contact], false);
    if (ids.length === 0) return undefined;
    const w = await openWorkingSet(tx, model, ids);
    await fireTimers(w, contact, at);
    await saveWorkingSet(w);
    return w.states.get(contact);
  });
}

/** Where the feedback run `loop` started at `startedAt` stands in `st`. */
export function feedbackStatus(st: ContactState | undefined, loop: string, startedAt: number, configHash: string | null): FeedbackStatus {
  const cell = st?.feedback[loop];
  if (st === undefined || st.deletedAt !== undefined || cell === undefined || cell.startedAt !== startedAt) return { state: "over", configHash };
  if (cell.outcome !== undefined) {
    const del = st.timers.find((t) => t.kind === "delete");
    return { state: "answered", outcome: cell.outcome, deleteAt: del?.at ?? null, configHash };
  }
  return { state: "waiting", nextAt: cell.nextAskAt ?? null, configHash };
}

/** Where the contact's enrollment in `campaign` stands in `st`. */
export function enrollmentStatus(st: ContactState | undefined, campaign: string, configHash: string | null): EnrollmentStatus {
  const active = st?.deletedAt === undefined ? st?.campaigns[campaign]?.active : undefined;
  if (active === undefined) return { state: "ended", configHash };
  return { state: "enrolled", enteredAt: active.enteredAt, waitUntil: active.waitUntil ?? null, configHash };
}
