import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../runtime/cli/commands/serve.js";
import { simulate } from "../../runtime/engine/index.js";
import { compileText, history, LAST, serveFresh, WORKSPACE, type ServedDatabase } from "../api/fixtures.js";
import { runCli } from "./run-cli.js";

const TOKEN = "serve-client-token-0123";
const ir = compileText(WORKSPACE);

function ndjsonFile(lines: readonly unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "ff-events-")), "events.ndjson");
  writeFileSync(file, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return file;
}

describe("funnelform serve with events send and contact show", () => {
  let served: ServedDatabase;
  let server: RunningServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    served = await serveFresh(ir, TOKEN);
    ({ server } = served);
    env = { FUNNELFORM_URL: server.url, FUNNELFORM_TOKEN: TOKEN };
  });
  afterAll(() => served.close());

  it("refuses to start without a token", async () => {
    const r = await startServer({ FUNNELFORM_PORT: "0" });
    expect(r).toMatchObject({ error: expect.stringContaining("FUNNELFORM_TOKEN") as unknown });
  });

  it("sends a file, then again as duplicates; contact show --format json matches simulate's contact", async () => {
    const events = history();
    const file = ndjsonFile(events);
    const first = await runCli(["events", "send", file], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("8 accepted, 0 duplicates, 0 rejected");
    const again = await runCli(["events", "send", file], env);
    expect(again.stdout).toContain("0 accepted, 8 duplicates, 0 rejected");
    for (const c of simulate(ir, events).contacts) {
      const shown = await runCli(["contact", "show", c.id, "--format", "json", "--at", new Date(LAST).toISOString()], env);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout)).toEqual(c);
    }
  });

  it("reports the bad lines of a rejected batch by number and exits 1", async () => {
    const events: unknown[] = history().map((e) => ({ ...e, id: `b-${String(e["id"])}` }));
    events[3] = { id: "b-bad", type: "page.visited", contact: "ann", at: "not a time" };
    const r = await runCli(["events", "send", ndjsonFile(events)], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("0 accepted, 0 duplicates, 8 rejected");
    expect(r.stderr).toMatch(/events\.ndjson:4: /);
    const nothing = await runCli(["contact", "show", "ann", "--format", "json", "--explain"], env);
    const ledger = (JSON.parse(nothing.stdout) as { ledger: { event: string | null }[] }).ledger;
    expect(ledger.length).toBeGreaterThan(0);
    expect(ledger.some((l) => l.event?.startsWith("b-"))).toBe(false);
  });

  it("names a line that is not JSON and sends nothing", async () => {
    const r = await runCli(["events", "send", ndjsonFile([history()[0], "{not json"])], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/events\.ndjson:2: /);
  });

  it("contact show --explain lists the score changes with reasons and times, readable", async () => {
    const r = await runCli(["contact", "show", "ann", "--explain"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("contact ann");
    expect(r.stdout).toContain("score changes");
    expect(r.stdout).toMatch(/2026-03-01 09:00:00 UTC {2}engagement \+1 → 1 {2}rule "Visit" \(event e1\)/);
    expect(r.stdout).toContain("stage history");
  });

  it("a wrong token or an unknown contact exits 1 with the reason", async () => {
    const wrong = await runCli(["contact", "show", "ann"], { ...env, FUNNELFORM_TOKEN: "wrong" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("token");
    const unknown = await runCli(["contact", "show", "nobody"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("nobody");
    const noServer = await runCli(["contact", "show", "ann"], { ...env, FUNNELFORM_URL: "http://127.0.0.1:9" });
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain("funnelform serve");
  });
});
