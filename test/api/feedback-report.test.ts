import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeedbackDiagnosticReport, FeedbackSummaryReport } from "../../runtime/api/report-route.js";
import { buildApi } from "../../runtime/api/server.js";
import { simulate } from "../../runtime/engine/index.js";
import { runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { countRows } from "../ingest/helpers.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { auth, B2B, B2B_MODEL, engineRuns, postEvents, REPORT_UNTIL, reportHistory, TOKEN, TRICKY, type EngineRun } from "./b2b-history.js";

const OUTCOMES = ["bad_fit", "bad_timing", "good_lead", "junk"];

/** The rows the report should give, counted from the engine's own feedback effects. */
function expectedRows(runs: readonly EngineRun[], periodOf: (ms: number) => string): unknown[] {
  const rows = new Map<string, { loop: string; period: string; mqls: number; outcomes: Record<string, number>; unanswered: number; asks: number }>();
  for (const r of runs) {
    const period = periodOf(r.started);
    const row = rows.get(period) ?? { loop: r.loop, period, mqls: 0, outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, 0])), unanswered: 0, asks: 0 };
    rows.set(period, row);
    row.mqls++;
    row.asks += r.asks;
    if (r.outcome === null) row.unanswered++;
    else row.outcomes[r.outcome] = (row.outcomes[r.outcome] ?? 0) + 1;
  }
  return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
}

const month = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
/** The Monday of the week, counted back day by day (independent of the code under test). */
function monday(ms: number): string {
  let d = new Date(ms);
  while (d.getUTCDay() !== 1) d = new Date(d.getTime() - 86_400_000);
  return d.toISOString().slice(0, 10);
}

describe.each(BACKENDS)("feedback reports on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  const events = reportHistory();
  const runs = engineRuns(events, REPORT_UNTIL);
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, now: () => REPORT_UNTIL });
    await applyVersion(db, { ir: B2B, appliedBy: "test" });
    await postEvents(app, events);
    await runDueTimers(db, B2B_MODEL, REPORT_UNTIL);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app.close();
    await backend.dispose();
  }, HOOK_TIMEOUT);

  const get = async <T>(query: string): Promise<T> => {
    const res = await app.inject({ method: "GET", url: `/reports/feedback${query}`, headers: auth });
    expect(res.statusCode).toBe(200);
    return res.json<T>();
  };

  it("the history holds the MQL runs the fixture describes (engine's view)", () => {
    expect(runs.map((r) => [r.contact, r.outcome])).toEqual([
      ["ines", "good_lead"],
      [TRICKY, null],
      ["lena", "bad_timing"],
      ["tom", "bad_fit"],
      ["lena", "junk"],
    ]);
    expect(runs.find((r) => r.contact === TRICKY)?.asks).toBe(10);
  });

  it("summary by month and by week: MQLs per outcome, unanswered and asks as the engine counted them", async () => {
    const byMonth = await get<FeedbackSummaryReport>("?by=month");
    expect(byMonth).toMatchObject({ report: "summary", by: "month", since: null, loops: [{ loop: "mql_quality", outcomes: OUTCOMES }] });
    expect(byMonth.rows).toEqual(expectedRows(runs, month));
    expect(byMonth.rows.map((r) => r.period)).toEqual(["2026-03", "2026-04", "2026-05"]);
    const byWeek = await get<FeedbackSummaryReport>("?by=week");
    expect(byWeek.rows).toEqual(expectedRows(runs, monday));
  });

  it("since leaves out earlier alerts; a span counts back from now", async () => {
    const april = await get<FeedbackSummaryReport>("?since=2026-04-01");
    expect(april.rows).toEqual(expectedRows(runs.filter((r) => r.started >= Date.parse("2026-04-01")), month));
    const span = await get<FeedbackSummaryReport>("?since=60d");
    expect(span.rows).toEqual(expectedRows(runs.filter((r) => r.started >= REPORT_UNTIL - 60 * 86_400_000), month));
  });

  it("diagnostic: the contacts of one outcome with their score history, as simulate's ledger", async () => {
    const junk = await get<FeedbackDiagnosticReport>("?outcome=junk");
    expect(junk).toMatchObject({ report: "diagnostic", outcome: "junk", truncated: false });
    expect(junk.contacts).toMatchObject([{ contact: "lena", email: "lena@spedition.example", threshold: "mql", alertAt: "2026-05-20T09:00:00.000Z", outcome: "junk", by: "sam", deleted: true }]);
    const ledger = simulate(B2B, events, { until: REPORT_UNTIL, ledger: true }).ledger?.filter((l) => l.contact === "lena") ?? [];
    expect(ledger.length).toBeGreaterThan(2);
    expect(junk.contacts[0]?.ledger.map((l) => [l.score, l.key, l.delta, l.value, l.reason, l.at])).toEqual(ledger.map((l) => [l.score, l.key, l.delta, l.value, l.reason, l.at]));
    const good = await get<FeedbackDiagnosticReport>("?outcome=good_lead&since=2026-03-01");
    expect(good.contacts.map((c) => c.contact)).toEqual(["ines"]);
  });

  it("refuses unknown parameters' values with 400 and a hint, and needs the token", async () => {
    const bad = async (query: string): Promise<string> => {
      const res = await app.inject({ method: "GET", url: `/reports/feedback${query}`, headers: auth });
      expect(res.statusCode).toBe(400);
      return res.json<{ error: string }>().error;
    };
    expect(await bad("?outcome=good_laed")).toContain("did you mean `good_lead`?");
    expect(await bad("?by=day")).toContain("week or month");
    expect(await bad("?since=yesterday")).toContain("since");
    expect(await bad("?loop=mql_qualty")).toContain("did you mean `mql_quality`?");
    expect((await app.inject({ method: "GET", url: "/reports/feedback" })).statusCode).toBe(401);
  });

  it("treats SQL in every query parameter as data", async () => {
    const before = [await countRows(db, "events"), await countRows(db, "ledger"), await countRows(db, "contacts")];
    for (const sql of ["'; DROP TABLE ledger; --", "x' OR '1'='1", "1); DELETE FROM events; --"]) {
      for (const param of ["since", "by", "outcome", "loop"]) {
        const res = await app.inject({ method: "GET", url: `/reports/feedback?${param}=${encodeURIComponent(sql)}`, headers: auth });
        expect(res.statusCode).toBe(400);
      }
    }
    expect([await countRows(db, "events"), await countRows(db, "ledger"), await countRows(db, "contacts")]).toEqual(before);
  });
});
