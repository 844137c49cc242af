/**
 * Part 3 of the workflow benchmark: `loops` b2b contacts become MQLs at once (ingested through
 * `ingestBatch`, which writes one feedback start per MQL to `workflow_dispatch`); then the
 * real `funnelform worker` process (built CLI: worker, dispatcher, loops, channel sender) hands
 * them to Temporal and runs them until each has made its first tick and parked on its timer
 * (the first ask is 3 days out). Measured: the start rate (rows dispatched per second), the
 * time until all are parked, and the worker process's RSS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { ingestBatch } from "../../runtime/ingest/index.js";
import { TASK_QUEUE } from "../../workflows/names.js";
import { loadAverage, startB2bDatabase, startDevServer } from "./env.js";

export interface LoopsOptions {
  loops: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface LoopsReport {
  loops: number;
  ingestMs: number;
  /** Worker process start → every start dispatched (null: not within the time limit). */
  dispatchMs: number | null;
  /** First start dispatched → last (the dispatcher's own pace). */
  dispatchSpanMs: number;
  /** Worker start → every loop made its first tick (parked). */
  parkedMs: number | null;
  dispatched: number;
  /** The worker process's RSS at the end (all loops parked, or the time limit), and the highest sampled (each second). */
  rssAfterMb: number;
  rssPeakMb: number;
  load: { before: string; after: string };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const BIN = fileURLToPath(new URL("../../bin/funnelform.js", import.meta.url));
/** b2b's channels need these to start; nothing listens there (sends fail and are retried, which these loops never reach: their first ask is 3 days out). */
const CHANNEL_ENV = { SMTP_URL: "smtp://127.0.0.1:9", CRM_WEBHOOK_URL: "http://127.0.0.1:9/crm", CRM_WEBHOOK_SECRET: "bench-secret-bench-secret", FUNNELFORM_SECRET: "bench-link-secret-bench-link-secret", FUNNELFORM_URL: "http://127.0.0.1:9" };

function mqlEvents(n: number, at: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const contact = `loop-${i}`;
    out.push(
      { id: `${contact}-profile`, type: "contact.updated", contact, at, props: { job_title: "VP Sales", company_size: 200, industry: "software", email: `${contact}@acme.example`, owner: "owner@acme.example" } },
      { id: `${contact}-demo`, type: "form.submitted", contact, at: at + 1, props: { form: "demo" } },
    );
  }
  return out;
}

/** The child's RSS (VmRSS) and CPU time so far (ms), from /proc. */
function childStats(pid: number): { rssMb: number; cpuMs: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { rssMb: rss === null ? Number.NaN : Number(rss[1]) / 1024, cpuMs: (Number(f[11]) + Number(f[12])) * 10 };
  } catch {
    return { rssMb: Number.NaN, cpuMs: Number.NaN };
  }
}

/** Tasks waiting on the task queue (workflow + activity), as the server estimates them. */
async function backlog(env: TestWorkflowEnvironment, taskQueue: string): Promise<number> {
  let total = 0;
  for (const taskQueueType of [1, 2]) {
    const r = await env.client.workflowService.describeTaskQueue({ namespace: env.namespace ?? "default", taskQueue: { name: taskQueue }, taskQueueType, reportStats: true });
    total += Number(r.stats?.approximateBacklogCount ?? 0);
  }
  return total;
}

export async function runLoops(opts: LoopsOptions): Promise<LoopsReport> {
  const loadBefore = loadAverage();
  const base = await startB2bDatabase(20);
  const { db, model, pg } = base;
  const env = await startDevServer(opts.log);
  let child: ChildProcess | undefined;
  try {
    opts.log(`ingesting ${opts.loops} MQLs…`);
    const events = mqlEvents(opts.loops, Date.now());
    const i0 = performance.now();
    for (let i = 0; i < events.length; i += 2000) {
      const r = await ingestBatch(db, events.slice(i, i + 2000), { model });
      if (!r.ok) throw new Error(`a batch was refused: ${JSON.stringify(r.errors).slice(0, 300)}`);
    }
    const ingestMs = performance.now() - i0;

    // The worker as users run it: `funnelform worker` (the built CLI) in its own process.
    const t0 = performance.now();
    child = spawn(process.execPath, [BIN, "worker"], {
      env: { ...process.env, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? "default", ...CHANNEL_ENV },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-6000);
    });
    const pid = child.pid ?? 0;
    let rssPeakMb = 0;
    let dispatchMs: number | null = null;
    let parkedMs: number | null = null;
    let dispatched = 0;
    let lastCpu = 0;
    let quiet = 0;
    while (performance.now() - t0 < opts.timeoutMs && parkedMs === null && child.exitCode === null) {
      await sleep(1000);
      const st = childStats(pid);
      rssPeakMb = Math.max(rssPeakMb, st.rssMb);
      const [row] = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM workflow_dispatch WHERE done_at IS NOT NULL");
      dispatched = Number(row?.n ?? 0);
      if (dispatchMs === null && dispatched >= opts.loops) dispatchMs = performance.now() - t0;
      // Parked: all handed over, nothing waiting on the queue, and the worker idle (< 5% CPU) twice in a row.
      const idle = st.cpuMs - lastCpu < 50;
      lastCpu = st.cpuMs;
      quiet = dispatchMs !== null && idle && (await backlog(env, TASK_QUEUE)) === 0 ? quiet + 1 : 0;
      if (quiet >= 2) parkedMs = performance.now() - t0 - 2000;
    }
    if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}): ${stderr.trim().split("\n").filter((l) => !l.includes("[INFO]")).slice(-6).join(" / ")}`);
    const rssAfterMb = childStats(pid).rssMb;
    const [span] = await db.query<{ ms: string | null }>(
      "SELECT (extract(epoch FROM max(done_at) - min(done_at)) * 1000)::text AS ms FROM workflow_dispatch WHERE done_at IS NOT NULL",
    );
    return {
      loops: opts.loops,
      ingestMs,
      dispatchMs,
      dispatchSpanMs: Number(span?.ms ?? Number.NaN),
      parkedMs,
      dispatched,
      rssAfterMb,
      rssPeakMb,
      load: { before: loadBefore, after: loadAverage() },
    };
  } finally {
    if (child !== undefined && child.exitCode === null) {
      child.kill("SIGTERM");
      await Promise.race([once(child, "exit"), sleep(30_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await env.teardown().catch(() => undefined);
    await base.stop();
  }
}
