/**
 * Faults, against the Temporal dev server with a persisted database file, a PostgreSQL server
 * that can be stopped, and `funnelform worker` as a child process: SIGKILL the worker in the
 * middle of a decay sweep and in the middle of feedback loops, restart the Temporal server,
 * restart PostgreSQL during ingest. After each recovery every event is scored once, every
 * tick applied once, every message is in the outbox once and delivered, the ledger sums to
 * every score, and in the end the database is where `simulate` says.
 *
 * Real time here (no time skipping): the histories are back-dated, so their decay ticks and
 * feedback asks are due when the worker starts, and the next ones are hours away.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compileModel, simulate } from "../../runtime/engine/index.js";
import { ingestBatch, readContactSummary } from "../../runtime/ingest/index.js";
import { freePort } from "../../runtime/servers/postgres.js";
import { startRestartablePostgres, type RestartablePostgres } from "../../runtime/servers/restartable-postgres.js";
import { openPostgres, type Db } from "../../runtime/store/db.js";
import { migrate } from "../../runtime/store/migrate.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { compileDsl, ledgerVsScores } from "../ingest/helpers.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

const DAY = 86_400_000;

/** Decay every day, an MQL threshold with a webhook and a daily feedback ask (log channel). */
const WORKSPACE = `
version "faults-1"
field manager: string
channel email { type log }
channel crm { type webhook  url env("FAULT_WEBHOOK_URL") }
score engagement "Engagement" { kind engagement  limit 0..100  decay 10 every 1d }
rule "Webinar" on webinar.attended engagement +40
rule "Demo" on form.submitted if form == "demo" engagement +55
threshold hot when engagement >= 50 {
  webhook crm
  feedback quality
}
feedback quality {
  ask owner via email after 1d, then every 1d, at most 5 times, then escalate to manager
  good_lead -> tag good
  bad_timing -> tag later
  bad_fit -> tag no
  junk -> tag junk
}
`;
const ir = compileDsl(WORKSPACE);
const model = compileModel(ir);

interface Ev {
  id: string;
  type: string;
  contact: string;
  at: string;
  props: Record<string, unknown>;
}

let pg: RestartablePostgres;
let db: Db;
let hook: WebhookReceiver;
let temporalDir: string;
let temporalPort: number;
let env: TestWorkflowEnvironment;
let workerEnv: Record<string, string>;
/** Every worker process this file started (their log lines count as deliveries). */
const workers: WorkerProcess[] = [];
let current: WorkerProcess | undefined;
/** Everything ingested, for the final comparison with simulate. */
const history: Ev[] = [];

const startTemporal = async (): Promise<TestWorkflowEnvironment> =>
  TestWorkflowEnvironment.createLocal({ server: { executable: inject("temporalDevServer"), dbFilename: join(temporalDir, "temporal.db"), port: temporalPort } });

function startWorker(): WorkerProcess {
  const w = spawnWorker(workerEnv);
  workers.push(w);
  current = w;
  return w;
}

beforeAll(async () => {
  pg = await startRestartablePostgres();
  db = openPostgres(pg.url, { max: 3 });
  await migrate(db);
  await applyVersion(db, { ir, appliedBy: "fault tests" });
  hook = await startWebhookReceiver();
  temporalDir = mkdtempSync(join(tmpdir(), "ff-temporal-"));
  temporalPort = await freePort();
  env = await startTemporal();
  workerEnv = { DATABASE_URL: pg.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: "default", FAULT_WEBHOOK_URL: hook.url, FUNNELFORM_SECRET: "fault-tests-secret" };
}, 120_000);

afterAll(async () => {
  for (const w of workers) await w.stop();
  await env?.teardown();
  await db?.close();
  await pg?.dispose();
  await hook?.close();
  if (temporalDir !== undefined) rmSync(temporalDir, { recursive: true, force: true });
}, 120_000);

async function count(sql: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql);
  return row?.n ?? -1;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 200_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    const exit = current?.exit() ?? null;
    if (exit !== null) throw new Error(`the worker exited (${String(exit)}) while waiting for ${what}:\n${current?.stderr().slice(-3000) ?? ""}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; worker said:\n${current?.stderr().slice(-3000) ?? ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Ingests in batches as a client does; a failed batch is sent again (the event ids make that safe). */
async function ingest(events: Ev[], batch = 500): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const part = events.slice(i, i + batch);
    await eventually("an ingest batch", async () => {
      const r = await ingestBatch(db, part, { model });
      if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
      return true;
    }, 60_000);
  }
  history.push(...events);
}

/** `n` contacts `prefix0001…`, each with one event of `type`, `ago` before now (one second apart). */
function population(prefix: string, n: number, ago: number, type: "webinar.attended" | "form.submitted"): Ev[] {
  const t = Date.now() - ago;
  return Array.from({ length: n }, (_, i) => {
    const contact = `${prefix}${String(i).padStart(4, "0")}`;
    const props = type === "form.submitted" ? { form: "demo" } : { webinar: "launch" };
    return { id: `${contact}-${type}`, type, contact, at: new Date(t - i * 1000).toISOString(), props };
  });
}

const DECAY = "SELECT count(*)::int AS n FROM ledger WHERE reason = 'decay'";
const ASKS = "SELECT count(*)::int AS n FROM outbox WHERE key LIKE 'feedback:%:ask:%'";

/** The database's invariants: one row per tick and per scored event, and the ledger sums to every score. */
async function expectInvariants(): Promise<void> {
  expect(await count("SELECT count(*)::int AS n FROM (SELECT 1 FROM ledger WHERE reason = 'decay' GROUP BY contact, score, key, at HAVING count(*) > 1) d")).toBe(0);
  expect(await count("SELECT count(*)::int AS n FROM (SELECT 1 FROM ledger WHERE reason LIKE 'rule:%' GROUP BY event_id, score, key HAVING count(*) > 1) d")).toBe(0);
  for (const row of await ledgerVsScores(db)) expect(row.sum, `${row.contact} ${row.score}`).toBeCloseTo(row.value, 6);
}

/** Kills the worker as soon as `sql` counts more than 0 and fewer than `total` rows; returns the count then. */
async function killMidway(sql: string, total: number): Promise<number> {
  const n = await eventually("the first committed chunk", async () => {
    const v = await count(sql);
    return v > 0 ? v : undefined;
  }, 120_000);
  await current?.kill9();
  expect(n, "the work finished before the kill: make the population larger").toBeLessThan(total);
  return n;
}

describe("faults: kill -9, Temporal and PostgreSQL restarts", () => {
  it("kill -9 in the middle of a decay sweep: after a restart every tick is applied once", async () => {
    // 3,000 contacts at 40 points, 10.5 days ago: four ticks each are due (40 → 0).
    const events = population("d", 3000, 10.5 * DAY, "webinar.attended");
    await ingest(events);
    const expected = (simulate(ir, events, { until: Date.now(), ledger: true }).ledger ?? []).filter((r) => r.reason === "decay").length;
    expect(expected).toBe(4 * 3000);

    startWorker();
    const atKill = await killMidway(DECAY, expected);
    expect(await count(DECAY)).toBe(atKill);

    startWorker();
    await eventually("every tick", async () => ((await count(DECAY)) === expected ? true : undefined));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await count(DECAY)).toBe(expected);
    await expectInvariants();
  }, 300_000);

  it("kill -9 in the middle of feedback loops: every ask is written once, and every loop runs", async () => {
    // 300 MQLs 3.5 days ago: three asks each are due now, the fourth in half a day.
    const events = population("f", 300, 3.5 * DAY, "form.submitted");
    await ingest(events);
    const sim = simulate(ir, events, { until: Date.now() });
    const asks = sim.outbox.filter((o) => o.key.includes(":ask:")).length;
    expect(asks).toBe(3 * 300);

    await killMidway(ASKS, asks);
    startWorker();
    await eventually("every ask", async () => ((await count(ASKS)) === asks ? true : undefined));
    const running = await eventually("every feedback loop", async () => {
      const n = (await env.client.workflow.count("WorkflowType = 'feedbackLoop' AND ExecutionStatus = 'Running'")).count;
      return n === 300 ? n : undefined;
    });
    expect(running).toBe(300);
    expect(await count("SELECT count(*)::int AS n FROM workflow_dispatch WHERE done_at IS NULL")).toBe(0);
    await expectInvariants();
  }, 300_000);

  it("a Temporal server restart keeps the running loops, and the worker carries on", async () => {
    await env.teardown();
    env = await startTemporal();
    expect((await env.client.workflow.count("WorkflowType = 'feedbackLoop' AND ExecutionStatus = 'Running'")).count).toBe(300);
    expect((await env.client.workflow.getHandle("decay:engagement").describe()).status.name).toBe("RUNNING");

    const events = population("t", 50, 3.5 * DAY, "form.submitted");
    await ingest(events);
    await eventually("the new MQLs' asks", async () => ((await count("SELECT count(*)::int AS n FROM outbox WHERE key LIKE 'feedback:%:t0%:ask:%'")) === 150 ? true : undefined));
    expect(current?.exit(), current?.stderr().slice(-2000)).toBeNull();
    await expectInvariants();
  }, 300_000);

  it("a PostgreSQL restart during ingest: every event is scored once, and the database ends where simulate says", async () => {
    // 2,000 contacts 2.5 days ago: a webinar each, and a demo request for every fourth.
    const base = population("p", 2000, 2.5 * DAY, "webinar.attended");
    const demos = population("p", 2000, 2.5 * DAY - 60_000, "form.submitted").filter((_, i) => i % 4 === 0);
    const events = [...base, ...demos].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const half = Math.floor(events.length / 2);
    await ingest(events.slice(0, 500));
    // One batch is in flight when the server goes down: it committed or it did not; the client sends it again.
    // Its outcome is taken at once: a rejection while the server stops is expected, not unhandled.
    const inflight = ingestBatch(db, events.slice(500, half), { model }).then(
      () => "committed",
      () => "failed",
    );
    await new Promise((r) => setTimeout(r, 30));
    await pg.stop();
    await inflight;
    await expect(ingestBatch(db, events.slice(half, half + 10), { model })).rejects.toThrow();
    await pg.start();
    await ingest(events.slice(500));
    expect(await count("SELECT count(*)::int AS n FROM events")).toBe(new Set(history.map((e) => e.id)).size);
    await eventually("the new MQLs' asks", async () => {
      const pAsks = await count("SELECT count(*)::int AS n FROM outbox WHERE key LIKE 'feedback:%:p%:ask:%'");
      return pAsks === 2 * demos.length ? true : undefined;
    });
    await eventually("every message sent", async () => ((await count("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL")) === 0 ? true : undefined));
    await expectInvariants();

    const until = Date.now();
    const sim = simulate(ir, history, { until });
    expect(sim.errors).toEqual([]);
    expect(sim.contacts).toHaveLength(new Set(history.map((e) => e.contact)).size);
    const mismatches: unknown[] = [];
    for (const c of sim.contacts) {
      const stored = await readContactSummary(db, model, c.id, until);
      if (JSON.stringify(stored) !== JSON.stringify(c)) mismatches.push({ simulate: c, database: stored });
    }
    expect(mismatches.slice(0, 2)).toEqual([]);
    const keys = (await db.query<{ key: string }>("SELECT key FROM outbox ORDER BY key")).map((r) => r.key);
    expect(keys).toEqual(sim.outbox.map((o) => o.key).sort());

    // Delivered: every webhook and every log line, each key at least once. A key twice is the
    // sender's one documented window (killed after the receiver got it, before it was marked
    // sent; receivers dedupe on Idempotency-Key): at most one claimed batch (20) per fault.
    const webhookKeys = sim.outbox.filter((o) => o.channel === "crm").map((o) => o.key).sort();
    expect([...hook.seen.keys()].sort()).toEqual(webhookKeys);
    const logged = new Map<string, number>();
    for (const w of workers) for (const k of w.logKeys) logged.set(k, (logged.get(k) ?? 0) + 1);
    expect([...logged.keys()].sort()).toEqual(sim.outbox.filter((o) => o.channel !== "crm").map((o) => o.key).sort());
    const twice = [...hook.seen.values(), ...logged.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(3 * 20);
  }, 300_000);
});
