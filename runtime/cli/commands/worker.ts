/**
 * `funnelform worker`: runs the Temporal worker, the workflow dispatcher, the long-lived
 * loops and the channels' outbox sender until SIGINT/SIGTERM, then stops taking work, lets running activities finish and
 * exits 0. Configured by environment: DATABASE_URL (else the embedded database), and
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS_CERT/TEMPORAL_TLS_KEY, TEMPORAL_API_KEY.
 */
import { hostname } from "node:os";
import { startChannelSender } from "../../channels/index.js";
import { connectClient, connectFailure, connectWorker, temporalSettings } from "../../temporal/connection.js";
import { startFunnelformWorker } from "../../temporal/worker.js";
import { openDatabase, openFailure } from "../database.js";

type Env = Record<string, string | undefined>;

const say = (message: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
};

export async function workerCommand(env: Env = process.env): Promise<number> {
  const settings = temporalSettings(env);
  if ("error" in settings) {
    process.stderr.write(`worker: ${settings.error}\n`);
    return 1;
  }
  let opened;
  try {
    opened = await openDatabase(env);
  } catch (error) {
    process.stderr.write(`worker: ${openFailure(error, env)}\n`);
    return 1;
  }
  const { db, where } = opened;
  let running;
  try {
    const client = await connectClient(settings);
    const connection = await connectWorker(settings);
    running = await startFunnelformWorker({ db, client, connection, namespace: settings.namespace, log: say });
  } catch (error) {
    await db.close();
    process.stderr.write(`worker: ${connectFailure(settings, error)}\n`);
    return 1;
  }
  // The same process sends the channels' messages: one worker process is the whole back end.
  const senderStop = new AbortController();
  const channels = await startChannelSender({ db, env, worker: `${hostname()}:${process.pid}`, signal: senderStop.signal, log: say });
  if (!channels.ok) {
    for (const e of channels.errors) process.stderr.write(`worker: ${e}\n`);
    await running.shutdown();
    await db.close();
    return 1;
  }
  say(`funnelform worker polling task queue funnelform on ${settings.address} (namespace ${settings.namespace}), data in ${where} (Ctrl-C to stop)`);
  const stop = (): void => {
    say("stopping: finishing the activities in flight");
    void running.shutdown();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await running.done;
    senderStop.abort();
    await channels.done;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await db.close();
  }
  return 0;
}
