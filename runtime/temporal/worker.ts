/**
 * The funnelform worker process: the Temporal worker (task queue `funnelform`, the workflows
 * and their activities), the dispatcher that hands ingest's workflow rows to Temporal, and
 * the loops every deployment needs (started if absent, again whenever the active version
 * changes). Stateless: run as many copies as needed.
 */
import type { Client } from "@temporalio/client";
import { Worker, type NativeConnection } from "@temporalio/worker";
import { compileModel } from "../engine/index.js";
import type { Db } from "../store/db.js";
import { getVersion } from "../store/versions.js";
import { SEGMENT_REFRESH_ID, TASK_QUEUE, WAKE_SIGNAL } from "../../workflows/names.js";
import { earliestCampaignWait } from "./earliest-wait.js";
import { createActivities } from "./activities/index.js";
import { runDispatcher } from "./dispatcher.js";
import { ensureLoops, loopIds as loopIdsOf, type LoopOptions } from "./loops.js";
import { ensureSearchAttributes } from "./search-attributes.js";
import { workflowsPath } from "./workflows-path.js";

export interface FunnelformWorkerOptions {
  db: Db;
  connection: NativeConnection;
  client: Client;
  namespace: string;
  taskQueue?: string;
  /** The workflows' entry file (default: found next to the code, see workflows-path.ts). */
  workflowsPath?: string;
  /** How often to look for a newly applied version and for new earliest timers (default 5 s). */
  versionPollMs?: number;
  /** Dispatcher poll when idle (default 50 ms). */
  dispatchIntervalMs?: number;
  loops?: Omit<LoopOptions, "taskQueue" | "searchAttributes">;
  /** Workflows kept in memory between their tasks (default 100; the rest are replayed when they wake). */
  maxCachedWorkflows?: number;
  /** Operator messages (started loops, retries, problems). */
  log?: (message: string) => void;
}

export interface RunningWorker {
  /** Resolves when the worker has stopped (after `shutdown`, or a signal). */
  done: Promise<void>;
  /** Stops polling, lets running activities finish, stops the dispatcher. */
  shutdown(): Promise<void>;
}

/** Creates the worker (bundling the workflows) and starts everything. */
export async function startFunnelformWorker(opts: FunnelformWorkerOptions): Promise<RunningWorker> {
  const log = opts.log ?? (() => undefined);
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  const sa = await ensureSearchAttributes(opts.client, opts.namespace);
  if (sa.note !== undefined) log(sa.note);
  const worker = await Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue,
    workflowsPath: opts.workflowsPath ?? workflowsPath(),
    activities: createActivities({ db: opts.db }),
    // Parked feedback loops wake every few days: keeping each one's state in memory (the
    // SDK's default cache) cost about 300 KB per loop, 1.3 GB at 10,000 loops, and 1,000
    // cached still left the worker at 1 GB. An evicted workflow is replayed from its short
    // history (a dozen events) when it wakes.
    maxCachedWorkflows: opts.maxCachedWorkflows ?? 100,
  });
  const stop = new AbortController();
  const loopOptions: LoopOptions = { ...opts.loops, taskQueue, searchAttributes: sa.available };

  // The loops follow the active version: checked now and every few seconds (one indexed row).
  let seenHash: string | undefined;
  const checkVersion = async (): Promise<void> => {
    const [row] = await opts.db.query<{ hash: string }>("SELECT hash FROM config_versions WHERE active");
    if (row === undefined || row.hash === seenHash) return;
    const version = await getVersion(opts.db, row.hash);
    if (version === undefined) return;
    const model = compileModel(version.ir);
    const started = await ensureLoops(opts.client, model, loopOptions);
    seenHash = row.hash;
    loopIds = loopIdsOf(model);
    if (started.length > 0) log(`started ${started.join(", ")} for version ${row.hash.slice(0, 12)}`);
  };
  // The loops sleep until the due work they know of (at most `maxSleepMs`). When ingest
  // creates a timer earlier than every stored one, wake them now rather than at their cap:
  // one indexed read per poll, and signals only when the earliest timer moves earlier.
  let earliest = Infinity;
  let loopIds: string[] = [];
  // Campaign waits are fired by the refresh loop: a new wait earlier than every other (say a
  // send window opening in a minute) wakes it too (one index probe, migration 0008).
  let earliestWait = Infinity;
  const wake = (id: string): Promise<unknown> => opts.client.workflow.getHandle(id).signal(WAKE_SIGNAL).catch(() => undefined);
  const nudge = async (): Promise<void> => {
    const [row] = await opts.db.query<{ next: Date | null }>("SELECT min(next_timer_at) AS next FROM contacts");
    const next = row?.next?.getTime() ?? Infinity;
    const moved = next < earliest;
    earliest = next;
    const wait = (await earliestCampaignWait(opts.db)) ?? Infinity;
    const waitMoved = wait < earliestWait;
    earliestWait = wait;
    for (const id of loopIds) if (moved || (waitMoved && id === SEGMENT_REFRESH_ID)) await wake(id);
  };
  const versionLoop = (async () => {
    while (!stop.signal.aborted) {
      try {
        await checkVersion();
        await nudge();
      } catch (error) {
        log(`could not start the decay and refresh loops yet (will retry): ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.versionPollMs ?? 5_000);
        stop.signal.addEventListener("abort", () => {
          clearTimeout(t);
          resolve();
        }, { once: true });
      });
    }
  })();
  const dispatcher = runDispatcher({
    db: opts.db,
    client: opts.client,
    taskQueue,
    searchAttributes: sa.available,
    intervalMs: opts.dispatchIntervalMs,
    signal: stop.signal,
    onError: log,
  });
  const running = worker.run();
  const done = (async () => {
    try {
      await running;
    } finally {
      stop.abort();
      await Promise.allSettled([versionLoop, dispatcher]);
    }
  })();
  return {
    done,
    async shutdown() {
      stop.abort();
      if (worker.getState() === "RUNNING") worker.shutdown();
      await done;
    },
  };
}
