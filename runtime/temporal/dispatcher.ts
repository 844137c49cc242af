/**
 * The dispatcher: hands `workflow_dispatch` rows to Temporal — the transactional-outbox way.
 * Ingest and timer sweeps write a row in the transaction that started a feedback run or
 * enrolled a contact; here rows are claimed with a lease (`FOR UPDATE SKIP LOCKED`, so any
 * number of workers share the work), the workflow is started or signalled under its
 * deterministic id, and the row is marked done. A start whose id already ran counts as done
 * (nothing starts twice); a signal to a workflow that has finished or never existed counts as
 * done too. Temporal unreachable: the row stays, with the error, and is retried with backoff.
 */
import { hostname } from "node:os";
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError, type Client, type WorkflowStartOptions } from "@temporalio/client";
import type { SearchAttributePair } from "@temporalio/common";
import { CAMPAIGN_KEY, CONFIG_HASH_KEY, LOOP_KEY, TASK_QUEUE } from "../../workflows/names.js";
import type { Db } from "../store/db.js";
import { claimDispatch, markDispatchedMany, markDispatchFailed, type ClaimedDispatch, type DispatchSearch } from "../store/workflow-dispatch.js";

export interface DispatcherOptions {
  db: Db;
  client: Client;
  taskQueue?: string;
  /** Start workflows with funnelform's search attributes (only when registered on the namespace). */
  searchAttributes?: boolean;
  /** This dispatcher's name in leases (default host:pid). */
  worker?: string;
  /** Rows per claim (default 200). */
  batch?: number;
  /** Workflows handed over at once (default 32). */
  concurrency?: number;
  /** Lease per claim (default 60 s). */
  leaseMs?: number;
  /** Clock for leases and retries (not semantics). */
  now?: () => number;
}

export interface DispatchReport {
  done: number;
  failed: number;
  /** The errors of failed rows, by key. */
  errors: { key: string; error: string }[];
}

const backoffMs = (attempts: number): number => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempts - 1));

function searchPairs(s: DispatchSearch): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [];
  if (s.configHash !== undefined) pairs.push({ key: CONFIG_HASH_KEY, value: s.configHash });
  if (s.loop !== undefined) pairs.push({ key: LOOP_KEY, value: s.loop });
  if (s.campaign !== undefined) pairs.push({ key: CAMPAIGN_KEY, value: s.campaign });
  return pairs;
}

async function handOver(opts: DispatcherOptions, row: ClaimedDispatch): Promise<void> {
  const { client } = opts;
  const base: Pick<WorkflowStartOptions, "taskQueue" | "workflowId" | "typedSearchAttributes"> = {
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    workflowId: row.workflowId,
  };
  if (opts.searchAttributes === true && row.search !== undefined) base.typedSearchAttributes = searchPairs(row.search);
  if (row.action === "start") {
    try {
      // Ids carry the run's start time: the same id never needs a second run.
      await client.workflow.start(row.workflowType, { ...base, args: [row.args], workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  } else if (row.action === "signal-with-start") {
    await client.workflow.signalWithStart(row.workflowType, { ...base, args: [row.args], signal: row.signal ?? "wake", signalArgs: [] });
  } else {
    try {
      await client.workflow.getHandle(row.workflowId).signal(row.signal ?? "wake");
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight (starts are network round trips:
 * one at a time, a burst of MQLs queued for seconds behind each other).
 */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Rows for the same workflow, its start first: claimed together (an MQL and its outcome in
 * one batch), a signal sent before the start would find no workflow and be dropped as done.
 */
function byWorkflow(rows: readonly ClaimedDispatch[]): ClaimedDispatch[][] {
  const groups = new Map<string, ClaimedDispatch[]>();
  for (const row of rows) {
    const g = groups.get(row.workflowId);
    if (g === undefined) groups.set(row.workflowId, [row]);
    else g.push(row);
  }
  const rank = (r: ClaimedDispatch): number => (r.action === "signal" ? 1 : 0);
  return [...groups.values()].map((g) => g.sort((a, b) => rank(a) - rank(b)));
}

/**
 * Claims due rows once and hands them to Temporal, up to `concurrency` workflows at a time;
 * rows handed over are marked done together. Returns what happened.
 */
export async function dispatchOnce(opts: DispatcherOptions): Promise<DispatchReport> {
  const now = opts.now ?? Date.now;
  const worker = opts.worker ?? `${hostname()}:${process.pid}`;
  const rows = await claimDispatch(opts.db, worker, opts.batch ?? 200, opts.leaseMs ?? 60_000, now());
  const report: DispatchReport = { done: 0, failed: 0, errors: [] };
  const handed: string[] = [];
  await inParallel(byWorkflow(rows), opts.concurrency ?? 32, async (group) => {
    for (const [i, row] of group.entries()) {
      try {
        await handOver(opts, row);
        handed.push(row.key);
      } catch (error) {
        // The rest of this workflow's rows wait too: a signal must not overtake its start.
        const text = error instanceof Error ? error.message : String(error);
        for (const later of group.slice(i)) {
          await markDispatchFailed(opts.db, later.key, worker, later === row ? text : `waits for ${row.key}: ${text}`, now() + backoffMs(later.attempts));
          report.failed++;
          report.errors.push({ key: later.key, error: text });
        }
        return;
      }
    }
  });
  // A row whose lease ran out and that another dispatcher finished first is not counted twice.
  await markDispatchedMany(opts.db, handed, now());
  report.done = handed.length;
  return report;
}

export interface DispatcherLoopOptions extends DispatcherOptions {
  /**
   * Pause between polls when there was nothing to do (default 50 ms: the claim is one
   * index probe of the pending rows, and an MQL alert waits for this poll).
   */
  intervalMs?: number;
  /** Stops the loop (the current batch finishes first). */
  signal: AbortSignal;
  /** Told about rows that failed and database errors (the loop keeps going). */
  onError?: (message: string) => void;
}

/** Polls until aborted; a full batch is followed at once by the next. */
export async function runDispatcher(opts: DispatcherLoopOptions): Promise<void> {
  const interval = opts.intervalMs ?? 50;
  const batch = opts.batch ?? 200;
  while (!opts.signal.aborted) {
    let busy = false;
    try {
      const r = await dispatchOnce(opts);
      busy = r.done + r.failed >= batch;
      for (const e of r.errors) opts.onError?.(`workflow ${e.key} not handed to Temporal yet (will retry): ${e.error}`);
    } catch (error) {
      opts.onError?.(`dispatcher: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!busy) await pause(interval, opts.signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
