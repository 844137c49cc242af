/**
 * The dispatcher hands ingest's workflow rows to Temporal durably: a start written while
 * Temporal cannot be reached stays pending with its error, and is started later, once.
 */
import { Client, Connection, WorkflowNotFoundError } from "@temporalio/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchOnce } from "../../runtime/temporal/dispatcher.js";
import { feedbackLoopId } from "../../runtime/temporal/workflow-ids.js";
import { pendingDispatch } from "../../runtime/store/workflow-dispatch.js";
import { compileExample } from "../ingest/helpers.js";
import { contactRows, DAY, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(compileExample("b2b"));
}, 120_000);
afterAll(() => h?.stop(), 60_000);

describe("dispatcher", () => {
  it("a feedback start made while Temporal is unreachable waits in the database and is started later, exactly once", async () => {
    const t0 = await h.now();
    const events = [
      { id: "p1-profile", type: "contact.updated", contact: "p1", at: t0, props: { job_title: "Founder", company_size: 80, industry: "logistics" } },
      { id: "p1-demo", type: "form.submitted", contact: "p1", at: t0 + 1, props: { form: "demo" } },
    ];
    await h.ingest(events);
    const id = feedbackLoopId("mql_quality", "p1", t0 + 1);

    // Nothing listens on port 1; no retries, so the failure is immediate.
    const down = new Client({ connection: Connection.lazy({ address: "127.0.0.1:1", interceptors: [] }) });
    const failed = await dispatchOnce({ db: h.db, client: down, taskQueue: h.taskQueue });
    expect(failed).toMatchObject({ done: 0, failed: 1 });
    expect(await pendingDispatch(h.db)).toMatchObject([{ key: `start:${id}`, attempts: 1 }]);
    expect((await pendingDispatch(h.db))[0]?.lastError).toBeTruthy();
    await expect(h.env.client.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // Re-sending the same events queues nothing new.
    await h.ingest(events);
    expect(await pendingDispatch(h.db)).toHaveLength(1);

    // Temporal is back (after the row's retry backoff).
    const later = () => Date.now() + 120_000;
    expect(await dispatchOnce({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, now: later })).toMatchObject({ done: 1, failed: 0 });
    expect(await pendingDispatch(h.db)).toEqual([]);
    const first = await h.env.client.workflow.getHandle(id).describe();
    expect(first.status.name).toBe("RUNNING");

    // A dispatcher that died after starting but before marking the row done: the retry is a no-op.
    await h.db.query("UPDATE workflow_dispatch SET done_at = NULL WHERE key = $1", [`start:${id}`]);
    expect(await dispatchOnce({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, now: later })).toMatchObject({ done: 1, failed: 0 });
    expect(await dispatchOnce({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, now: later })).toMatchObject({ done: 0, failed: 0 });
    const after = await h.env.client.workflow.getHandle(id).describe();
    expect(after.runId).toBe(first.runId);

    // One loop asks once on day 3, not twice.
    await h.skip(4 * DAY);
    const asks = (await contactRows(h.db, "p1")).outbox.filter((r) => /:ask:\d+$/.test(r.key));
    expect(asks).toHaveLength(1);
  }, 120_000);

  it("a burst of MQLs is handed over in one pass, and an outcome's signal never overtakes its workflow's start", async () => {
    const t0 = await h.now();
    const burst = Array.from({ length: 40 }, (_, i) => [
      { id: `b${i}-profile`, type: "contact.updated", contact: `b${i}`, at: t0, props: { job_title: "Founder", company_size: 80, industry: "logistics" } },
      { id: `b${i}-demo`, type: "form.submitted", contact: `b${i}`, at: t0 + 1, props: { form: "demo" } },
    ]).flat();
    // The first contact's owner answers in the same batch: its start and its signal are claimed together.
    const verdict = { id: "b0-verdict", type: "feedback.given", contact: "b0", at: t0 + 2, props: { loop: "mql_quality", outcome: "good_lead", by: "owner" } };
    await h.ingest([...burst, verdict]);
    expect(await h.dispatch()).toMatchObject({ done: 41, failed: 0 });
    expect(await pendingDispatch(h.db)).toEqual([]);
    for (const i of [0, 17, 39]) expect((await h.env.client.workflow.getHandle(feedbackLoopId("mql_quality", `b${i}`, t0 + 1)).describe()).status.name).toMatch(/RUNNING|COMPLETED/);
    const answered = h.env.client.workflow.getHandle(feedbackLoopId("mql_quality", "b0", t0 + 1));
    expect(await answered.result()).toBe("answered: good_lead");
    // The signal reached the running workflow (sent after its start, not lost as "not found").
    const history = await answered.fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionSignaledEventAttributes)).toBe(true);
    // Answered before the first ask: no ask ever went out.
    expect((await contactRows(h.db, "b0")).outbox.filter((r) => /:ask:\d+$/.test(r.key))).toEqual([]);
  }, 120_000);
});
