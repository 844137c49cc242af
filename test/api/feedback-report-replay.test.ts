import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportLoops } from "../../runtime/api/report-route.js";
import { buildApi } from "../../runtime/api/server.js";
import { compileModel } from "../../runtime/engine/index.js";
import { runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { readFeedbackRuns } from "../../runtime/store/feedback-report.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { compileDsl } from "../ingest/helpers.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { DAY, engineRuns, HOUR, postEvents, TOKEN } from "./b2b-history.js";

/** Fires on every visit that lifts the score to 10; an answer-less run is asked 3 times, a day apart. */
const IR = compileDsl(`version "1"
score engagement { limit 0..100 }
rule "Visit" on page.visited engagement +10
rule "Leave" on form.submitted engagement -10
threshold hot when engagement >= 10 { feedback q }
feedback q {
  ask owner via email after 1d, then every 1d, at most 3 times
  good_lead -> tag good
  bad_timing -> tag later
  bad_fit -> tag bad
  junk -> tag junk
}
`);
const MODEL = compileModel(IR);
const T0 = Date.parse("2026-05-04T08:00:00Z");
const UNTIL = T0 + 20 * DAY;

let n = 0;
const ev = (contact: string, t: number, type: string, props: Record<string, unknown> = {}) => ({ id: `r${n++}`, type, contact, at: new Date(t).toISOString(), props });
const visit = (c: string, t: number) => ev(c, t, "page.visited", { url: "/" });
const leave = (c: string, t: number) => ev(c, t, "form.submitted", { form: "x" });
const given = (c: string, t: number, outcome: string) => ev(c, t, "feedback.given", { loop: "q", outcome, by: "sam" });

/**
 * p: a second fire while the first run still waits starts nothing; after the answer, a fire
 * starts a second run. q: once the asks are used up, a fire starts a new run. r: judged
 * without an alert (not an MQL). s: a second answer to the same run is refused.
 */
const HISTORY = [
  visit("p", T0), leave("p", T0 + HOUR), visit("p", T0 + 2 * HOUR), given("p", T0 + 5 * HOUR, "good_lead"),
  leave("p", T0 + 6 * HOUR), visit("p", T0 + 7 * HOUR),
  visit("q", T0), leave("q", T0 + 4 * DAY), visit("q", T0 + 5 * DAY), given("q", T0 + 5 * DAY + HOUR, "bad_fit"),
  given("r", T0, "good_lead"),
  visit("s", T0), given("s", T0 + 2 * DAY, "bad_fit"), given("s", T0 + 3 * DAY, "good_lead"),
];

describe.each(BACKENDS)("feedback runs rebuilt from the logs on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, now: () => UNTIL });
    await applyVersion(db, { ir: IR, appliedBy: "test" });
    await postEvents(app, HISTORY);
    await runDueTimers(db, MODEL, UNTIL);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app.close();
    await backend.dispose();
  }, HOOK_TIMEOUT);

  it("are the runs the engine started, with their asks and first outcome", async () => {
    const expected = engineRuns(HISTORY, UNTIL, MODEL)
      .map((r) => [r.contact, new Date(r.started).toISOString(), r.asks, r.outcome])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));
    // The cases the history is built for.
    expect(expected.map((r) => [r[0], r[3]])).toEqual([
      ["p", "good_lead"],
      ["q", null],
      ["s", "bad_fit"],
      ["p", null],
      ["q", "bad_fit"],
    ]);
    const runs = await readFeedbackRuns(db, reportLoops(MODEL), 0);
    expect(runs.map((r) => [r.contact, r.alertAt, r.asks, r.outcome])).toEqual(expected);
    expect(runs.find((r) => r.contact === "p")?.by).toBe("sam");
  });

  it("since counts a run by its alert date", async () => {
    const runs = await readFeedbackRuns(db, reportLoops(MODEL), T0 + HOUR);
    expect(runs.map((r) => r.contact)).toEqual(["p", "q"]);
  });
});
