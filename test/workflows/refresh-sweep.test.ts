/**
 * The segment-refresh activity on both backends: at the moment a buyer has been quiet for
 * 90 days it fires the engine's re-check, the contact moves to the lapsed stage and segment,
 * and it enters the win-back campaign, whose waits the same sweep ends (no workflow per enrollment).
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

  const waitUntil = async (): Promise<number | undefined> =>
    (await db.query<{ cell: { active?: { waitUntil?: number } } }>("SELECT cell FROM campaign_enrollments WHERE contact = 'r1' AND campaign = 'win_back_buyers'"))[0]?.cell.active
      ?.waitUntil;
  const winBackMail = async (): Promise<number> =>
    (await db.query("SELECT key FROM outbox WHERE contact = 'r1' AND key LIKE 'campaign:win_back_buyers:%'")).length;

  it("at 90 quiet days moves the buyer to the lapsed stage and into the win-back campaign, whose wait the same sweep ends on time", async () => {
    const acts = createActivities({ db });
    const at = T0 + 1 + 90 * DAY;
    const due = await acts.dueTimersSweep({ at, runKey: "due", fullRefresh: true });
    expect(due.processed).toBe(1);
    expect(await stage()).toBe("reactivate_1");
    // No workflow per enrollment: nothing is queued for Temporal.
    expect(await pendingDispatch(db)).toEqual([]);
    const wait = await waitUntil();
    expect(wait).toBeGreaterThan(at);
    // The loop wakes no later than the wait's end.
    expect(due.nextDueAt).toBeLessThanOrEqual(wait ?? 0);
    // Entered on a Sunday: the send window (mon-sat) holds the first email until Monday 08:00 (Berlin, summer time).
    const sent = await winBackMail();
    expect(sent).toBe(0);
    expect(new Date(wait ?? 0).toISOString()).toBe("2026-06-01T06:00:00.000Z");
    await acts.dueTimersSweep({ at: (wait ?? 0) - 1, runKey: "just-before" });
    expect(await winBackMail()).toBe(sent);
    await acts.dueTimersSweep({ at: wait ?? 0, runKey: "wait-over" });
    expect(await winBackMail()).toBe(sent + 1);
    expect(await waitUntil()).toBeGreaterThan(wait ?? 0);
  });
});
