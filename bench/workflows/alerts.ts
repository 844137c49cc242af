/**
 * Part 2 of the workflow benchmark: a b2b history ingested at a steady rate into a runtime
 * made of the real worker (`startFunnelformWorker`: workflows, activities, dispatcher, loops)
 * and the real outbox sender (log senders writing nowhere). Measured:
 *   - Temporal actions per ingested event, counted from the server: every execution's history
 *     (starts, signals, activities, timers, search-attribute upserts, continue-as-new);
 *   - MQL alert latency: the event's ingest call starts → its feedback workflow started
 *     (dispatch row done) and the owner's `mql-alert` sent (outbox row sent), the later of the two.
 *
 * The history's events keep their order but get the wall clock as their time when sent, so
 * days of history arrive in seconds (no decay happens meanwhile; rate limits still apply).
 */
import { Writable } from "node:stream";
import { performance } from "node:perf_hooks";
import type { Client } from "@temporalio/client";
import { generateHistory, type HistoryEvent } from "../history/generate.js";
import { createLogSender } from "../../runtime/channels/log-sender.js";
import { runOutboxSender } from "../../runtime/channels/run-sender.js";
import type { ChannelSender } from "../../runtime/channels/types.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import { startFunnelformWorker } from "../../runtime/temporal/worker.js";
import type { Db } from "../../runtime/store/db.js";
import { loadAverage, startB2bDatabase, startDevServer } from "./env.js";

export interface AlertsOptions {
  events: number;
  /** Events per second to sustain. */
  rate: number;
  log: (line: string) => void;
}

export interface AlertsReport {
  events: number;
  /** Achieved ingest rate (events/s). */
  rate: number;
  ingestMs: number;
  executions: number;
  actions: number;
  historyEvents: number;
  byType: Record<string, { executions: number; actions: number }>;
  /** Actions by workflow type and history event kind (`feedbackLoop timerStarted` …). */
  byKind: Record<string, number>;
  /** Alert latencies (ms), ascending: the later of the two below. */
  latencies: number[];
  /** Ingest start → feedback workflow started (ms), ascending. */
  startLatencies: number[];
  /** Ingest start → owner's alert sent (ms), ascending. */
  alertLatencies: number[];
  /** MQLs whose alert or workflow start did not happen within the wait. */
  unfinished: number;
  load: { before: string; after: string };
}

const BATCH_EVERY_MS = 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The first `n` events of a b2b history (in time order), enough contacts to be realistic. */
function historyEvents(n: number): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const e of generateHistory({ workspace: "b2b", contacts: Math.max(100, Math.ceil(n / 8)), days: 60, seed: 7 })) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

/** History event types that a Temporal Cloud bill counts as actions. */
const ACTION_ATTRIBUTES = [
  "workflowExecutionStartedEventAttributes",
  "workflowExecutionSignaledEventAttributes",
  "activityTaskScheduledEventAttributes",
  "timerStartedEventAttributes",
  "upsertWorkflowSearchAttributesEventAttributes",
  "workflowExecutionContinuedAsNewEventAttributes",
  "markerRecordedEventAttributes",
] as const;

interface ActionCount {
  executions: number;
  actions: number;
  historyEvents: number;
  /** Per workflow type: executions and actions. */
  byType: Record<string, { executions: number; actions: number }>;
  byKind: Record<string, number>;
}

async function countActions(client: Client): Promise<ActionCount> {
  const out: ActionCount = { executions: 0, actions: 0, historyEvents: 0, byType: {}, byKind: {} };
  for await (const wf of client.workflow.list()) {
    const t = (out.byType[wf.type] ??= { executions: 0, actions: 0 });
    out.executions++;
    t.executions++;
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    for (const e of history.events ?? []) {
      out.historyEvents++;
      const kind = ACTION_ATTRIBUTES.find((k) => e[k] !== undefined && e[k] !== null);
      if (kind !== undefined) {
        out.actions++;
        t.actions++;
        const name = `${wf.type} ${kind.replace(/EventAttributes$/, "")}`;
        out.byKind[name] = (out.byKind[name] ?? 0) + 1;
      }
    }
  }
  return out;
}

/** Per MQL (a feedback start), the later of its workflow start and its alert sent, minus its ingest start. */
async function alertLatencies(db: Db, sentAt: ReadonlyMap<number, number>): Promise<{ latencies: number[]; startLatencies: number[]; alertLatencies: number[]; unfinished: number }> {
  const starts = await db.query<{ contact: string; started: string; done_at: Date | null }>(
    "SELECT contact, args ->> 'startedAt' AS started, done_at FROM workflow_dispatch WHERE workflow_type = 'feedbackLoop' AND action = 'start'",
  );
  const alerts = await db.query<{ contact: string; at: string; sent_at: Date | null }>(
    "SELECT contact, payload ->> 'at' AS at, sent_at FROM outbox WHERE payload ->> 'template' = 'mql-alert'",
  );
  const sent = new Map(alerts.map((a) => [`${a.contact}|${Date.parse(a.at)}`, a.sent_at?.getTime() ?? null]));
  const latencies: number[] = [];
  const startLatencies: number[] = [];
  const alertLatencies: number[] = [];
  let unfinished = 0;
  for (const s of starts) {
    const at = Number(s.started);
    const alert = sent.get(`${s.contact}|${at}`);
    const ingestStart = sentAt.get(at);
    if (s.done_at === null || alert === null || ingestStart === undefined) {
      unfinished++;
      continue;
    }
    // An MQL without an owner gets no alert row: its latency is the workflow start's alone.
    latencies.push(Math.max(s.done_at.getTime(), alert ?? 0) - ingestStart);
    startLatencies.push(s.done_at.getTime() - ingestStart);
    if (alert !== undefined) alertLatencies.push(alert - ingestStart);
  }
  const up = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  return { latencies: up(latencies), startLatencies: up(startLatencies), alertLatencies: up(alertLatencies), unfinished };
}

async function settled(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: string }>(
    `SELECT ((SELECT count(*) FROM workflow_dispatch WHERE done_at IS NULL) +
             (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL))::text AS n`,
  );
  return Number(row?.n ?? 1) === 0;
}

export async function runAlerts(opts: AlertsOptions): Promise<AlertsReport> {
  const loadBefore = loadAverage();
  const base = await startB2bDatabase(20);
  const { db, model } = base;
  const env = await startDevServer(opts.log);
  const stop = new AbortController();
  const nowhere = new Writable({ write: (_chunk, _enc, cb) => cb() });
  const senders = new Map<string, ChannelSender>([
    ["email", createLogSender("email", { stream: nowhere })],
    ["crm_sync", createLogSender("crm_sync", { stream: nowhere })],
  ]);
  const worker = await startFunnelformWorker({ db, connection: env.nativeConnection, client: env.client, namespace: env.namespace ?? "default", log: opts.log });
  const sender = runOutboxSender({ db, senders, worker: "bench-sender", batch: 100, idleMs: 100, signal: stop.signal, onError: (e) => opts.log(String(e)) });
  try {
    const events = historyEvents(opts.events);
    const perBatch = Math.max(1, Math.round((opts.rate * BATCH_EVERY_MS) / 1000));
    // Event time (the ingest call's start, ms) → that same instant: the latency's origin.
    const sentAt = new Map<number, number>();
    opts.log(`ingesting ${events.length} events at ${opts.rate}/s…`);
    const t0 = performance.now();
    for (let i = 0, k = 0; i < events.length; i += perBatch, k++) {
      const due = t0 + k * BATCH_EVERY_MS;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      // Distinct ms per batch: an MQL is found again by its time.
      let at = Date.now();
      while (sentAt.has(at)) at++;
      sentAt.set(at, Date.now());
      const batch = events.slice(i, i + perBatch).map((e) => ({ ...e, at }));
      const r = await ingestBatch(db, batch, { model });
      if (!r.ok) throw new Error(`a batch was refused: ${JSON.stringify(r.errors).slice(0, 300)}`);
    }
    const ingestMs = performance.now() - t0;
    for (let i = 0; i < 300 && !(await settled(db)); i++) await sleep(100);
    const lat = await alertLatencies(db, sentAt);
    const counted = await countActions(env.client);
    return {
      events: events.length,
      rate: events.length / (ingestMs / 1000),
      ingestMs,
      ...counted,
      ...lat,
      load: { before: loadBefore, after: loadAverage() },
    };
  } finally {
    stop.abort();
    await worker.shutdown().catch(() => undefined);
    await sender.catch(() => undefined);
    await env.teardown().catch(() => undefined);
    await base.stop();
  }
}
