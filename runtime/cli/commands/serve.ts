/** `funnelform serve`: runs the HTTP API until interrupted. */
import type { FastifyInstance } from "fastify";
import { buildApi } from "../../api/server.js";
import { consoleEnv } from "../../console/console-env.js";
import { openDatabase, openFailure } from "../database.js";

/** The API's port when FUNNELFORM_PORT is not set. */
export const DEFAULT_PORT = 7270;

type Env = Record<string, string | undefined>;

export interface RunningServer {
  app: FastifyInstance;
  /** The address clients use, e.g. http://127.0.0.1:7270. */
  url: string;
  /** Where the data lives, for the user. */
  where: string;
  /** Stops listening and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database and starts listening (on 127.0.0.1 unless `FUNNELFORM_HOST`, port
 * `FUNNELFORM_PORT`, 0 for any free port). Returns an error message for what the user must fix.
 */
export async function startServer(env: Env = process.env): Promise<RunningServer | { error: string }> {
  const token = env["FUNNELFORM_TOKEN"];
  if (token === undefined || token.length < 16)
    return { error: "set FUNNELFORM_TOKEN to a secret of at least 16 characters: clients send it as Authorization: Bearer <token>" };
  const consoleSettings = consoleEnv(env, token);
  if ("error" in consoleSettings) return consoleSettings;
  const host = env["FUNNELFORM_HOST"] || "127.0.0.1";
  const portText = env["FUNNELFORM_PORT"] || String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return { error: `FUNNELFORM_PORT must be a port number, got "${portText}"` };
  let opened;
  try {
    opened = await openDatabase(env);
  } catch (error) {
    return { error: openFailure(error, env) };
  }
  const { db, where } = opened;
  const app = await buildApi({
    db,
    token,
    ...consoleSettings,
    ...(env["FUNNELFORM_SECRET"] ? { feedbackSecret: env["FUNNELFORM_SECRET"] } : {}),
    onError: (error) => process.stderr.write(`${new Date().toISOString()} request failed: ${error.stack ?? error.message}\n`),
  });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await db.close();
    return { error: `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const address = app.server.address();
  const bound = address !== null && typeof address === "object" ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    app,
    url: `http://${shownHost}:${bound}`,
    where,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** Runs until SIGINT or SIGTERM, then finishes the requests in flight and exits 0. */
export async function serveCommand(): Promise<number> {
  const running = await startServer();
  if ("error" in running) {
    process.stderr.write(`serve: ${running.error}\n`);
    return 1;
  }
  process.stderr.write(`funnelform console ${running.url}/ (sign in with FUNNELFORM_TOKEN)\n`);
  process.stderr.write(`funnelform API listening on ${running.url}, data in ${running.where} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  process.stderr.write("stopping: finishing the requests in flight\n");
  await running.close();
  return 0;
}
