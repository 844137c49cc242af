/**
 * The activities called directly (as a retried activity would be), on a real PostgreSQL:
 * a sweep is idempotent per run key, and a loop learns that its score stopped decaying.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileModel } from "../../runtime/engine/index.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { createActivities } from "../../runtime/temporal/activities/index.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkspace } from "../../dsl/index.js";
import { compileExample } from "../ingest/helpers.js";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-02T10:00:00Z");

describe.each(BACKENDS)("activities on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    const ir = compileExample("b2b");
    await applyVersion(db, { ir, appliedBy: "activity tests" });
    const r = await ingestBatch(db, [{ id: "a1-demo", type: "form.submitted", contact: "a1", at: T0, props: { form: "demo" } }], { model: compileModel(ir) });
    expect(r.ok).toBe(true);
  }, HOOK_TIMEOUT);
  afterAll(() => backend?.dispose(), HOOK_TIMEOUT);

  const decayRows = async (): Promise<number> =>
    (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM ledger WHERE contact = 'a1' AND reason = 'decay'"))[0]?.n ?? -1;

  describe("activities", () => {
    it("a decay sweep retried under the same run key answers from the store and writes nothing again", async () => {
      const acts = createActivities({ db });
      const first = await acts.decaySweep({ score: "engagement", at: T0 + 8 * DAY, runKey: "run-1" });
      expect(first.processed).toBe(1);
      const [row] = await db.query<{ next: Date }>("SELECT next_transition_at AS next FROM scores WHERE contact = 'a1' AND score = 'engagement'");
      expect(first.nextDueAt).toBe(row?.next.getTime());
      expect(first.nextDueAt).toBeGreaterThan(T0 + 8 * DAY);
      const rows = await decayRows();
      expect(rows).toBeGreaterThan(0);

      // Retried much later (its completion was lost): the same answer, and no sweep at the later time.
      const retried = await acts.decaySweep({ score: "engagement", at: T0 + 60 * DAY, runKey: "run-1" });
      expect(retried).toEqual(first);
      expect(await decayRows()).toBe(rows);
      // A new run key at that time does sweep.
      expect((await acts.decaySweep({ score: "engagement", at: T0 + 60 * DAY, runKey: "run-2" })).processed).toBe(1);
      expect(await decayRows()).toBeGreaterThan(rows);
    });

    it("a loop for a score that does not decay in the active version is told to end", async () => {
      const acts = createActivities({ db });
      expect(await acts.decaySweep({ score: "fit", at: T0, runKey: "fit-1" })).toMatchObject({ processed: 0, retired: true });
    });

    it("a feedback or campaign tick for a contact that does not exist ends its workflow", async () => {
      const acts = createActivities({ db });
      expect(await acts.feedbackTick({ contact: "nobody", loop: "mql_quality", startedAt: T0, at: T0 })).toMatchObject({ state: "over" });
      expect(await acts.enrollmentTick({ contact: "nobody", campaign: "nurture", at: T0 })).toMatchObject({ state: "ended" });
    });

    it("a newly applied version is used from the next call on: its hash, and a score that stopped decaying ends its loop", async () => {
      const acts = createActivities({ db });
      const dir = join(import.meta.dirname, "../../examples/b2b");
      const files = readdirSync(dir)
        .filter((f) => f.endsWith(".funnel"))
        .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8").replace("decay 10 every 7d", "") }));
      const changed = compileWorkspace(files).value?.ir;
      if (changed === undefined) throw new Error("the changed workspace does not compile");
      const before = await acts.decaySweep({ score: "engagement", at: T0 + 61 * DAY, runKey: "v-1" });
      expect(before.retired).toBeUndefined();
      await applyVersion(db, { ir: changed, appliedBy: "activity tests" });
      const after = await acts.decaySweep({ score: "engagement", at: T0 + 62 * DAY, runKey: "v-2" });
      expect(after).toMatchObject({ retired: true, configHash: changed.hash });
      expect(after.configHash).not.toBe(before.configHash);
    });
  });
});
