/**
 * A runtime under time skipping for workflow tests: a fresh migrated PostgreSQL database with
 * one applied version, the real time-skipping test server, and a worker running the real
 * workflows and activities on its own task queue.
 */
import { randomBytes } from "node:crypto";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { Worker } from "@temporalio/worker";
import { inject } from "vitest";
import { WAKE_SIGNAL } from "../../workflows/names.js";
import { compileModel, type Model } from "../../runtime/engine/index.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import { createActivities } from "../../runtime/temporal/activities/index.js";
import { dispatchOnce, type DispatchReport } from "../../runtime/temporal/dispatcher.js";
import { ensureLoops, loopIds } from "../../runtime/temporal/loops.js";
import { workflowsPath } from "../../runtime/temporal/workflows-path.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { BACKENDS, type Backend } from "../store/backends.js";

export const DAY = 86_400_000;

export interface Harness {
  env: TestWorkflowEnvironment;
  db: Db;
  model: Model;
  ir: CompiledIr;
  taskQueue: string;
  /** Ingests events (throws on a refused batch). */
  ingest(events: readonly unknown[]): Promise<void>;
  /** Hands the pending workflow rows to Temporal once. */
  dispatch(): Promise<DispatchReport>;
  /** Starts the decay and refresh loops (if absent) and wakes them: new work may be due earlier. */
  loops(): Promise<void>;
  /** Skips `ms` of server time (workflows run as it passes). */
  skip(ms: number): Promise<void>;
  now(): Promise<number>;
  /** Stops the worker only (no workflow runs afterwards); the database stays readable. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The SDK gives the Java test server 5 s to listen; on a loaded 2-core machine (two test files
 * starting JVMs at once) it sometimes needs longer. A second try then finds the CPU freer.
 */
async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: inject("timeSkippingServer") } });
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !/did not start/.test(error.message)) throw error;
    }
  }
}

export async function startHarness(ir: CompiledIr): Promise<Harness> {
  const backend: Backend = (BACKENDS[0] as { make: () => Backend }).make();
  const db = await backend.migrated();
  await applyVersion(db, { ir, appliedBy: "workflow tests" });
  const model = compileModel(ir);
  const env = await timeSkippingEnv();
  const taskQueue = `wf-${randomBytes(4).toString("hex")}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: workflowsPath(), activities: createActivities({ db }) });
  const running = worker.run();
  const stopWorker = async (): Promise<void> => {
    if (worker.getState() === "RUNNING") worker.shutdown();
    await running;
  };
  // Long sleeps: the tests wake the loops after every ingest, as the worker does when ingest creates an earlier timer.
  const loopInput = { maxSleepMs: 60 * DAY };
  return {
    env,
    db,
    model,
    ir,
    taskQueue,
    async ingest(events) {
      const r = await ingestBatch(db, events, { model });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
    },
    dispatch: () => dispatchOnce({ db, client: env.client, taskQueue }),
    async loops() {
      // No gap between refresh sweeps: every timer fires at its own time before the tests compare.
      await ensureLoops(env.client, model, { taskQueue, decay: loopInput, refresh: { ...loopInput, minGapMs: 0 } });
      for (const id of loopIds(model)) await env.client.workflow.getHandle(id).signal(WAKE_SIGNAL);
    },
    skip: (ms) => env.sleep(ms),
    now: () => env.currentTimeMs(),
    stopWorker,
    async stop() {
      await stopWorker();
      await env.teardown();
      await backend.dispose();
    },
  };
}

/** Everything the database says about one contact that a user would look at. */
export async function contactRows(db: Db, contact: string) {
  const ledger = await db.query<{ score: string; delta: number; value: number; reason: string; at: Date }>(
    "SELECT score, delta, value, reason, at FROM ledger WHERE contact = $1 ORDER BY seq",
    [contact],
  );
  const outbox = await db.query<{ key: string; kind: string; payload: { at: string } }>(
    "SELECT key, kind, payload FROM outbox WHERE contact = $1 ORDER BY key",
    [contact],
  );
  const scores = await db.query<{ score: string; value: number }>("SELECT score, value FROM scores WHERE contact = $1 ORDER BY score", [contact]);
  const [row] = await db.query<{ deleted_at: Date | null }>("SELECT deleted_at FROM contacts WHERE id = $1", [contact]);
  return { ledger, outbox, scores, deletedAt: row?.deleted_at?.getTime() ?? null, exists: row !== undefined };
}
