/**
 * Decay and MQL feedback loops of examples/b2b under time skipping: weeks of workflow time in
 * seconds, against the real time-skipping server and PostgreSQL; the database must end where
 * `simulate` says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { signalFeedbackRecorded } from "../../runtime/temporal/feedback-signal.js";
import { feedbackLoopId } from "../../runtime/temporal/workflow-ids.js";
import { compileExample } from "../ingest/helpers.js";
import { contactRows, DAY, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(compileExample("b2b"));
}, 120_000);
afterAll(() => h?.stop(), 60_000);

const iso = (ms: number): string => new Date(ms).toISOString();

/** A decision-maker at a mid-sized software company asks for a demo: an MQL at `at`. */
function mqlEvents(contact: string, at: number): unknown[] {
  return [
    { id: `${contact}-profile`, type: "contact.updated", contact, at, props: { job_title: "VP Sales", company_size: 200, industry: "software", email: `${contact}@acme.example` } },
    { id: `${contact}-demo`, type: "form.submitted", contact, at: at + 1, props: { form: "demo" } },
  ];
}

const asks = (outbox: { key: string }[]): string[] => outbox.filter((r) => /:ask:\d+$/.test(r.key)).map((r) => r.key);

describe("decayLoop", () => {
  it("ten quiet weeks at the cap: the stored score and its decay ledger rows equal simulate's, one row per tick", async () => {
    const t0 = await h.now();
    const events = [
      { id: "d1-demo", type: "form.submitted", contact: "d1", at: t0, props: { form: "demo" } },
      { id: "d1-webinar", type: "webinar.attended", contact: "d1", at: t0, props: { webinar: "launch" } },
    ];
    await h.ingest(events);
    await h.loops();
    await h.skip(70 * DAY);

    const sim = simulate(h.ir, events, { until: t0 + 70 * DAY, ledger: true });
    const db = await contactRows(h.db, "d1");
    expect(db.scores.find((s) => s.score === "engagement")?.value).toBe(sim.contacts.find((c) => c.id === "d1")?.scores["engagement"]);
    const decayDb = db.ledger.filter((r) => r.reason === "decay").map((r) => ({ delta: r.delta, value: r.value, at: r.at.toISOString() }));
    const decaySim = (sim.ledger ?? []).filter((r) => r.contact === "d1" && r.reason === "decay").map((r) => ({ delta: r.delta, value: r.value, at: r.at }));
    expect(decayDb).toEqual(decaySim);
    // 70 → 0 in steps of 10, each tick once, at last increase + k·7d.
    expect(decayDb.map((r) => r.at)).toEqual([1, 2, 3, 4, 5, 6, 7].map((k) => iso(t0 + k * 7 * DAY)));
    expect(db.ledger.reduce((sum, r) => sum + r.delta, 0)).toBe(0);
  }, 120_000);
});

describe("feedbackLoop", () => {
  it("asks the owner on day 3, 6 and 9, and never again once the outcome is recorded", async () => {
    const t0 = await h.now();
    const events = mqlEvents("f1", t0);
    await h.ingest(events);
    expect((await h.dispatch()).done).toBe(1);
    await h.skip(10 * DAY);
    expect(asks((await contactRows(h.db, "f1")).outbox)).toHaveLength(3);

    const given = { id: "f1-verdict", type: "feedback.given", contact: "f1", at: await h.now(), props: { loop: "mql_quality", outcome: "good_lead", by: "owner" } };
    await h.ingest([given]);
    expect(await signalFeedbackRecorded(h.env.client, h.db, "f1", "mql_quality")).toBe(true);
    const handle = h.env.client.workflow.getHandle(feedbackLoopId("mql_quality", "f1", t0 + 1));
    expect(await handle.result()).toBe("answered: good_lead");
    await h.skip(20 * DAY);

    const db = await contactRows(h.db, "f1");
    const sim = simulate(h.ir, [...events, given], { until: t0 + 30 * DAY });
    const simAsks = sim.outbox.filter((r) => r.contact === "f1" && /:ask:\d+$/.test(r.key));
    expect(asks(db.outbox)).toEqual(simAsks.map((r) => r.key).sort());
    expect(db.outbox.filter((r) => /:ask:\d+$/.test(r.key)).map((r) => r.payload.at)).toEqual([3, 6, 9].map((d) => iso(t0 + 1 + d * DAY)));
    // The outcome's own dispatch row (a signal to a finished workflow) is handed over without error.
    expect((await h.dispatch()).failed).toBe(0);
  }, 120_000);

  it("junk: the contact is kept for the 30-day grace period, then deleted, and the loop ends", async () => {
    const t0 = await h.now();
    await h.ingest(mqlEvents("j1", t0));
    await h.dispatch();
    await h.skip(4 * DAY);
    const outcomeAt = await h.now();
    await h.ingest([{ id: "j1-verdict", type: "feedback.given", contact: "j1", at: outcomeAt, props: { loop: "mql_quality", outcome: "junk" } }]);
    await h.dispatch();
    const handle = h.env.client.workflow.getHandle(feedbackLoopId("mql_quality", "j1", t0 + 1));

    await h.skip(29 * DAY);
    expect((await contactRows(h.db, "j1")).deletedAt).toBeNull();
    expect((await handle.describe()).status.name).toBe("RUNNING");

    await h.skip(2 * DAY);
    expect((await contactRows(h.db, "j1")).deletedAt).toBe(outcomeAt + 30 * DAY);
    expect(await handle.result()).toBe("over");
    expect(asks((await contactRows(h.db, "j1")).outbox)).toHaveLength(1);
  }, 120_000);
});

describe("decayLoop, long-running", () => {
  // Last in the file: the extra loop keeps waking every skipped day until teardown.
  it("continues as new after its iterations, and keeps running", async () => {
    const handle = await h.env.client.workflow.start("decayLoop", {
      taskQueue: h.taskQueue,
      workflowId: `decay-continue-${Date.now()}`,
      args: [{ score: "engagement", iterations: 2, maxSleepMs: DAY }],
    });
    await h.skip(3 * DAY);
    const now = await h.env.client.workflow.getHandle(handle.workflowId).describe();
    expect(now.runId).not.toBe(handle.firstExecutionRunId);
    expect(now.status.name).toBe("RUNNING");
  }, 60_000);
});
