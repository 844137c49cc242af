/**
 * The README's first command: `npx funnelform dev examples/b2b --demo` brings up the whole
 * runtime on this machine — a throwaway PostgreSQL server, the Temporal dev server, the
 * worker, the channel sender and the API — feeds the sample history, and shows the MQLs,
 * the feedback requests and the feedback report. Run through the built CLI, as a user does.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin", "funnelform.js");

function runDev(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "dev", ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("funnelform dev", () => {
  it("runs examples/b2b end to end and shows MQLs, feedback requests with signed links, and the report", async () => {
    const server = inject("temporalDevServer");
    const r = await runDev(["examples/b2b", "--demo", "--once"], {
      DATABASE_URL: undefined,
      TEMPORAL_ADDRESS: undefined,
      FUNNELFORM_PORT: "0",
      FUNNELFORM_TOKEN: undefined,
      FUNNELFORM_SECRET: undefined,
      ...(server.type === "existing-path" ? { TEMPORAL_CLI_PATH: server.path } : {}),
    });
    expect(r.stderr).toMatch(/funnelform dev is running examples\/b2b, data in a throwaway PostgreSQL server/);
    expect(r.stderr).toMatch(/API {14}http:\/\/127\.0\.0\.1:\d+ {3}\(Authorization: Bearer \S{16,}\)/);
    expect(r.stderr).toMatch(/Temporal {9}127\.0\.0\.1:\d+ {3}UI http:\/\/127\.0\.0\.1:\d+/);
    expect(r.code).toBe(0);
    // The sample's ten MQLs (the same as `simulate` of the sample gives), asked about and reported.
    expect(r.stdout).toMatch(/^MQLs: 10 contacts crossed a threshold/m);
    const asks = /^Feedback requests: (\d+) sent to .*northwind\.example/m.exec(r.stdout);
    expect(Number(asks?.[1])).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/^ {4}good_lead {3}http:\/\/127\.0\.0\.1:\d+\/feedback\/\S+$/m);
    expect(r.stdout).toMatch(/^ {2}total +11 /m);
    // Every ask went out through the log channel, with one link per outcome.
    expect(r.stdout.match(/kind=feedback .*link\.good_lead=http/g)?.length).toBe(Number(asks?.[1]));
  }, 240_000);

  it("says which workspace has no sample to feed", async () => {
    const server = inject("temporalDevServer");
    const r = await runDev(["examples/webshop", "--demo", "--once"], {
      DATABASE_URL: undefined,
      TEMPORAL_ADDRESS: undefined,
      FUNNELFORM_PORT: "0",
      ...(server.type === "existing-path" ? { TEMPORAL_CLI_PATH: server.path } : {}),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/examples\/webshop has no samples\/events\.ndjson to feed; examples\/b2b has one/);
  }, 240_000);
});
