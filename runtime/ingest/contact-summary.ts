/**
 * A contact read back from the database in the shape `simulate` prints one element of
 * `contacts` (SPEC section 6: `contact show --format json`), so the two compare directly.
 */
import { summarizeContact, type ContactSummary, type Model } from "../engine/index.js";
import type { ThresholdEffect } from "../engine/types.js";
import { readAccountStages } from "../store/account-stages.js";
import { loadContacts } from "../store/contact-load.js";
import type { Db } from "../store/db.js";

/** The contact's view at `now` (scores decayed to `now`); undefined when it does not exist. */
export async function readContactSummary(db: Db, model: Model, id: string, now: number): Promise<ContactSummary | undefined> {
  const st = (await loadContacts(db, [id])).get(id);
  if (st === undefined) return undefined;
  const rows = await db.query<{ threshold: string; key: string; at: Date }>(
    "SELECT threshold, key, at FROM threshold_fires WHERE contact = $1 ORDER BY seq",
    [id],
  );
  const fires: ThresholdEffect[] = rows.map((r) => ({ type: "threshold", contact: id, name: r.threshold, key: r.key, at: r.at.getTime() }));
  // The contact's account's stages (account pipelines), as `simulate` lists them.
  const account = st.fields["account"];
  const withAccount = model.accountPipelines.length > 0 && typeof account === "string" && account !== "";
  return summarizeContact(model, st, fires, now, withAccount ? await readAccountStages(db, account) : undefined);
}
