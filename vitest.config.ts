import { defineConfig } from "vitest/config";

/** Tests that need real servers (Temporal, PostgreSQL); only they pay for provisioning. */
const SERVER_TESTS = ["test/servers/**/*.test.ts", "test/store/**/*.test.ts", "test/ingest/**/*.test.ts", "test/differential/**/*.test.ts", "test/api/**/*.test.ts", "test/cli/apply.test.ts", "test/cli/serve-client.test.ts", "test/channels/**/*.test.ts", "test/cli/plan-from-db.test.ts", "test/cli/dev.test.ts", "test/segment-sql/**/*.test.ts", "test/workflows/**/*.test.ts", "test/console/**/*.test.ts"];

export default defineConfig({
  test: {
    pool: "threads",
    maxWorkers: 2,
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: SERVER_TESTS } },
      // Separate processes, not threads: the Temporal SDK's native core does not survive being
      // loaded and torn down in worker threads (a segmentation fault took down a whole run).
      {
        extends: true,
        test: { name: "servers", pool: "forks", include: SERVER_TESTS, globalSetup: ["test/global-setup.ts"], setupFiles: ["test/servers/quiet-temporal.ts"], testTimeout: 120_000 },
      },
    ],
  },
});
