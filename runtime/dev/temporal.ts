/**
 * `dev`'s Temporal: TEMPORAL_ADDRESS when set (a cluster, with the worker's TLS settings);
 * else the Temporal dev server with its web UI, started through the SDK's ephemeral server
 * support from the CLI binary that `ensureTemporalCli` finds or builds (no internet needed).
 */
import type { Client } from "@temporalio/client";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import type { NativeConnection } from "@temporalio/worker";
import { ensureTemporalCli } from "../servers/temporal-cli.js";
import { freePort } from "../servers/postgres.js";
import { connectClient, connectWorker, temporalSettings } from "../temporal/connection.js";

type Env = Record<string, string | undefined>;

export interface DevTemporal {
  address: string;
  namespace: string;
  client: Client;
  connection: NativeConnection;
  /** The web UI, when dev started the server. */
  uiUrl?: string;
  close(): Promise<void>;
}

export async function startDevTemporal(env: Env, log: (line: string) => void): Promise<DevTemporal | { error: string }> {
  if (env["TEMPORAL_ADDRESS"]) {
    const settings = temporalSettings(env);
    if ("error" in settings) return settings;
    const client = await connectClient(settings);
    const connection = await connectWorker(settings);
    return {
      address: settings.address,
      namespace: settings.namespace,
      client,
      connection,
      async close() {
        await connection.close();
        await client.connection.close();
      },
    };
  }
  const executable = await ensureTemporalCli(log);
  const uiPort = await freePort();
  log("starting the Temporal dev server (in memory; set TEMPORAL_ADDRESS to use a cluster)");
  const testEnv = await TestWorkflowEnvironment.createLocal({ server: { executable, ui: true, uiPort, log: { format: "pretty", level: "error" } } });
  return {
    address: testEnv.address,
    namespace: testEnv.namespace ?? "default",
    client: testEnv.client,
    connection: testEnv.nativeConnection,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    close: () => testEnv.teardown(),
  };
}
