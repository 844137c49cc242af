/**
 * `plan --base deployed --from-db`: the runtime's event log and its work in flight, read
 * from a real PostgreSQL server after a real apply and ingest, give the same impact as the
 * pure engine's replay of the same events.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { compileModel } from "../../runtime/engine/index.js";
import { computeImpact, type Impact } from "../../runtime/impact/impact.js";
import { ingestBatch, runDueTimers } from "../../runtime/ingest/index.js";
import { openPostgres, type Db } from "../../runtime/store/db.js";
import { migrate } from "../../runtime/store/migrate.js";
import { parseNdjson } from "../../runtime/scenario/ndjson.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { freshDatabaseUrl } from "../api/fixtures.js";
import { exampleHistory } from "../plan-golden/history.js";
import { runCli } from "./run-cli.js";

const B2B = join(import.meta.dirname, "../../examples/b2b");

function compileDir(dir: string): CompiledIr {
  const files = ["feedback.funnel", "lifecycle.funnel", "model.funnel", "nurture.funnel", "scoring.funnel"].map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value.ir;
}

/** b2b with the welcome campaign's second email removed and the feedback loop's asks halved. */
function changedB2b(): string {
  const dir = mkdtempSync(join(tmpdir(), "ff-from-db-"));
  cpSync(B2B, dir, { recursive: true });
  const nurture = join(dir, "nurture.funnel");
  writeFileSync(nurture, readFileSync(nurture, "utf8").replace('  best_of: send email "welcome-best-of-blog"\n', ""));
  const lifecycle = join(dir, "lifecycle.funnel");
  writeFileSync(lifecycle, readFileSync(lifecycle, "utf8").replace("threshold mql when engagement >= 60", "threshold mql when engagement >= 70"));
  return dir;
}

function shiftedToNow(events: unknown[]): Record<string, unknown>[] {
  const records = events as Record<string, unknown>[];
  const last = Math.max(...records.map((e) => Date.parse(String(e["at"]))));
  const by = Date.now() - 3_600_000 - last;
  return records.map((e) => ({ ...e, at: new Date(Date.parse(String(e["at"])) + by).toISOString() }));
}

describe("plan --from-db on a real PostgreSQL server", () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  // The example's history, moved to end an hour ago, and three newsletter sign-ups a day
  // before that: their welcome series waits days, so they are in flight now.
  const events = shiftedToNow([
    ...parseNdjson(exampleHistory(B2B)).events,
    ...["n1", "n2", "n3"].map((c, i) => ({ id: `nl-${c}`, type: "form.submitted", contact: c, at: new Date(Date.parse("2026-06-01T10:00:00Z") + i * 60_000).toISOString(), props: { form: "newsletter" } })),
  ]);
  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl());
    db = openPostgres(url, { max: 2 });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it("replays the runtime's own history and counts the enrollments it really holds", async () => {
    const channels = { CRM_WEBHOOK_URL: "http://127.0.0.1:9/crm", CRM_WEBHOOK_SECRET: "test-secret-0123456789", SMTP_URL: "smtp://127.0.0.1:2525" };
    const applied = await runCli(["apply", B2B, "--yes"], { DATABASE_URL: url, FUNNELFORM_USER: "tester", ...channels });
    expect(applied.code).toBe(0);
    const model = compileModel(compileDir(B2B));
    const ingested = await ingestBatch(db, events, { model });
    expect(ingested).toMatchObject({ ok: true, accepted: events.length });
    await runDueTimers(db, model, Date.now());

    const head = changedB2b();
    const r = await runCli(["plan", head, "--base", "deployed", "--from-db", "--format", "json", "--detailed-exitcode"], { DATABASE_URL: url });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);
    const { impact } = JSON.parse(r.stdout) as { impact: Impact };
    expect(impact.inFlightFrom).toBe("runtime");
    expect(impact.events).toBe(events.length);

    // The same events through the pure engine, replayed to (about) the same moment.
    const expected = computeImpact(compileDir(B2B), compileDir(head), events, Date.parse(impact.until ?? ""));
    expect(impact.before).toEqual(expected.before);
    expect(impact.after).toEqual(expected.after);
    expect(impact.noLongerQualifying).toEqual(expected.noLongerQualifying);
    expect(impact.noLongerQualifying.count).toBeGreaterThan(0);
    // In flight: read from the runtime's tables, equal to the replay's end state.
    expect(impact.campaigns).toEqual(expected.campaigns);
    expect(impact.campaigns).toMatchObject([{ campaign: "welcome", policy: "keep", inFlight: 3, first: ["n1", "n2", "n3"] }]);
  });

  it("says plainly when --from-db has no database to read", async () => {
    const r = await runCli(["plan", B2B, "--base", B2B, "--from-db"], { DATABASE_URL: undefined, FUNNELFORM_DATA_DIR: join(tmpdir(), "ff-no-such-dir-xyz") });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--from-db needs the runtime's database/);
  });

  it("refuses --events together with --from-db", async () => {
    const r = await runCli(["plan", B2B, "--base", B2B, "--from-db", "--events", "x.ndjson"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/either --events FILE or --from-db/);
  });
});
