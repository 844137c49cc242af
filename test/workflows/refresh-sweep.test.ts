/**
 * The segment-refresh activity on both backends: at the moment a buyer has been quiet for
 * 90 days it fires the engine's re-check, the contact moves to the lapsed stage and segment,
 * and the campaign entries that follow are queued for the dispatcher in the same transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileModel } from "../../runtime/engine/index.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { pendingDispatch } from "../../runtime/store/workflow-dispatch.js";
import { createActivities } from "../../runtime/temporal/activities/index.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { compileExample } from "../ingest/helpers.js";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-02T10:00:00Z");

describe.each(BACKENDS)("dueTimersSweep on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    const ir = compileExample("webshop");
    await applyVersion(db, { ir, appliedBy: "refresh tests" });
    const r = await ingestBatch(
      db,
      [
        { id: "r1-profile", type: "contact.updated", contact: "r1", at: T0, props: { email: "r1@example.com" } },
        { id: "r1-buy", type: "purchase.completed", contact: "r1", at: T0 + 1, props: { amount: 80, product: "boots" } },
      ],
      { model: compileModel(ir) },
    );
    expect(r.ok).toBe(true);
  }, HOOK_TIMEOUT);
  afterAll(() => backend?.dispose(), HOOK_TIMEOUT);

  const stage = async (): Promise<string | undefined> =>
    (await db.query<{ stage: string }>("SELECT stage FROM stages WHERE contact = 'r1' AND pipeline = 'shop'"))[0]?.stage;

  it("fires nothing before a re-check is due, and says when the next one is", async () => {
    const acts = createActivities({ db });
    const early = await acts.dueTimersSweep({ at: T0 + 30 * DAY, runKey: "early", fullRefresh: true });
    expect(early.processed).toBe(0);
    // The engine's own next re-check of this contact (a 30-day window ends first).
    const [row] = await db.query<{ timers: { at: number; kind: string }[] }>("SELECT timers FROM contacts WHERE id = 'r1'");
    const recheck = row?.timers.find((t) => t.kind === "recheck")?.at;
    expect(recheck).toBeGreaterThan(T0 + 30 * DAY);
    expect(early.nextDueAt).toBe(recheck);
    expect(await stage()).toBe("has_purchased");
  });

  it("at 90 quiet days moves the buyer to the lapsed stage and queues the win-back campaign's workflow", async () => {
    const acts = createActivities({ db });
    const due = await acts.dueTimersSweep({ at: T0 + 1 + 90 * DAY, runKey: "due", fullRefresh: true });
    expect(due.processed).toBe(1);
    expect(await stage()).toBe("reactivate_1");
    expect((await pendingDispatch(db)).map((r) => r.key)).toEqual([`start:campaign:win_back_buyers:r1:${new Date(T0 + 1 + 90 * DAY).toISOString()}`]);
  });
});
