/**
 * `funnelform worker` as users run it — the esbuild-bundled CLI in dist/ — against the real
 * Temporal dev server and PostgreSQL: it finds and bundles the workflow code, registers the
 * search attributes, starts the decay and refresh loops, hands ingest's workflow starts to
 * Temporal, and stops cleanly on SIGTERM. (Needs `npm run build`, which `npm test` runs first.)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compileModel } from "../../runtime/engine/index.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import { openPostgres, type Db } from "../../runtime/store/db.js";
import { migrate } from "../../runtime/store/migrate.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { feedbackLoopId } from "../../runtime/temporal/workflow-ids.js";
import { CONFIG_HASH_KEY } from "../../workflows/names.js";
import { compileExample } from "../ingest/helpers.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin", "funnelform.js");

let env: TestWorkflowEnvironment;
let admin: Db;
let db: Db;
let dbName: string;
let dbUrl: string;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: inject("temporalDevServer") } });
  admin = openPostgres(inject("databaseUrl"), { max: 1 });
  dbName = `ff_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  db = openPostgres(dbUrl, { max: 2 });
  await migrate(db);
}, 120_000);

afterAll(async () => {
  await db?.close();
  if (dbName !== undefined) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.close();
  await env?.teardown();
}, 60_000);

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("funnelform worker (bundled CLI)", () => {
  it("runs the loops and the workflows ingest asked for, and exits 0 on SIGTERM", async () => {
    expect(existsSync(join(root, "dist", "cli", "main.js")), "run npm run build first").toBe(true);
    const ir = compileExample("b2b");
    await applyVersion(db, { ir, appliedBy: "worker test" });
    const at = Date.now();
    const r = await ingestBatch(
      db,
      [
        { id: "w1-profile", type: "contact.updated", contact: "w1", at, props: { job_title: "CTO", company_size: 300, industry: "software" } },
        { id: "w1-demo", type: "form.submitted", contact: "w1", at: at + 1, props: { form: "demo" } },
      ],
      { model: compileModel(ir) },
    );
    expect(r.ok).toBe(true);

    const child = spawn(process.execPath, [bin, "worker"], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: "default",
        // The worker also sends the channels' messages: b2b's need these.
        FUNNELFORM_SECRET: "a-secret-for-feedback-links-0123456789",
        CRM_WEBHOOK_URL: "http://127.0.0.1:9/crm",
        CRM_WEBHOOK_SECRET: "crm-secret-0123456789",
        SMTP_URL: "smtp://127.0.0.1:9",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const client = env.client;
      // The feedback run ingest started, handed over by the worker's dispatcher.
      const feedback = client.workflow.getHandle(feedbackLoopId("mql_quality", "w1", at + 1));
      await eventually("the feedback loop", async () => ((await feedback.describe()).status.name === "RUNNING" ? true : undefined));
      // The decay loop ran its first sweep (an activity completed) and carries the config hash.
      const decay = client.workflow.getHandle("decay:engagement");
      await eventually("the decay loop's first sweep", async () => {
        const history = await decay.fetchHistory();
        return history.events?.some((e) => e.activityTaskCompletedEventAttributes) === true ? true : undefined;
      });
      const described = await decay.describe();
      expect(described.typedSearchAttributes.get(CONFIG_HASH_KEY)).toBe(ir.hash);
      expect((await client.workflow.getHandle("segment-refresh").describe()).status.name).toBe("RUNNING");
      const [pending] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM workflow_dispatch WHERE done_at IS NULL");
      expect(pending?.n).toBe(0);
    } finally {
      child.kill("SIGTERM");
    }
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), 30_000))]);
    expect(code, stderr).toBe(0);
  }, 180_000);
});
