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
});
