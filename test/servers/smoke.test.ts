import { createRequire } from "node:module";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { Worker } from "@temporalio/worker";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import * as activities from "./smoke-activities.js";
import { greetViaActivity, sleepThirtyDays } from "./smoke-workflows.js";

const workflowsPath = createRequire(import.meta.url).resolve("./smoke-workflows.ts");

async function runOn<T>(env: TestWorkflowEnvironment, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `smoke-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  try {
    return await worker.runUntil(fn(taskQueue));
  } finally {
    await env.teardown();
  }
}

describe("the real servers the tests run against", () => {
  it("time-skipping test server: a 30-day sleep finishes in seconds", async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: inject("timeSkippingServer") },
    });
    const started = Date.now();
    const result = await runOn(env, (taskQueue) =>
      env.client.workflow.execute(sleepThirtyDays, { taskQueue, workflowId: `sleep-${Date.now()}` }),
    );
    expect(result).toBe("woke after 30 days");
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it("Temporal dev server (the CLI built from the Go module): a workflow calls an activity", async () => {
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: inject("temporalDevServer") },
    });
    const result = await runOn(env, (taskQueue) =>
      env.client.workflow.execute(greetViaActivity, { taskQueue, workflowId: `greet-${Date.now()}`, args: ["funnel"] }),
    );
    expect(result).toBe("hello funnel");
  }, 120_000);

  it("PostgreSQL server: answers a query", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const r = await client.query<{ n: number }>("select 1 + 1 as n");
      expect(r.rows[0]?.n).toBe(2);
    } finally {
      await client.end();
    }
  });
});
