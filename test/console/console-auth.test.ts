import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffIr } from "../../dsl/plan/diff.js";
import { renderDiffText } from "../../dsl/plan/render-diff.js";
import { buildApi } from "../../runtime/api/server.js";
import type { ScoresReport } from "../../runtime/console/scores.js";
import { SESSION_COOKIE } from "../../runtime/console/sessions.js";
import { runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { feedbackLoopId } from "../../runtime/temporal/workflow-ids.js";
import type { Ir } from "../../schemas/ir.js";
import { auth, B2B, B2B_MODEL, DAY, demo, HOUR, lead, postEvents, REPORT_UNTIL, TOKEN } from "../api/b2b-history.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { consoleHistory } from "./history.js";

const READ_TOKEN = "read-only-token-0123456789";
const UI = "http://temporal-ui.example:8233/namespaces/default";

/** An earlier version of b2b (another label on a score), applied before b2b so the plan has something to show. */
function earlierB2b(): Ir {
  const { hash: _hash, ...ir } = structuredClone(B2B);
  const engagement = ir.scores["engagement"];
  if (engagement === undefined) throw new Error("b2b has no engagement score");
  return { ...ir, version: "0.9", scores: { ...ir.scores, engagement: { ...engagement, label: "Engagement (old)" } } };
}

type Json = Record<string, unknown>;

describe.each(BACKENDS)("console sign-in, CSRF and read-only access on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  let clock = REPORT_UNTIL;
  let earlierHash = "";
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, readToken: READ_TOKEN, temporalUiUrl: UI, now: () => clock });
    earlierHash = (await applyVersion(db, { ir: earlierB2b(), appliedBy: "ops@northwind.example" })).active.hash;
    await applyVersion(db, { ir: B2B, appliedBy: "jane@northwind.example" });
    await postEvents(app, consoleHistory());
    await runDueTimers(db, B2B_MODEL, REPORT_UNTIL);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app?.close();
    await backend?.dispose();
  }, HOOK_TIMEOUT);

  const signIn = async (token: string) => {
    const res = await app.inject({ method: "POST", url: "/api/console/session", headers: { "content-type": "application/json" }, payload: JSON.stringify({ token }) });
    const setCookie = String(res.headers["set-cookie"] ?? "");
    const cookie = setCookie.split(";")[0] ?? "";
    return { status: res.statusCode, body: res.json<Json>(), setCookie, cookie };
  };
  const call = async (method: "GET" | "PUT" | "DELETE" | "POST", url: string, headers: Record<string, string>, payload?: unknown) => {
    const res = await app.inject({ method, url, headers: { ...headers, ...(payload === undefined ? {} : { "content-type": "application/json" }) }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });
    return { status: res.statusCode, body: res.json<Json>(), headers: res.headers };
  };
  const stageOf = async (id: string): Promise<string | undefined> => (await call("GET", `/contacts/${id}`, auth)).body["stages"] === undefined ? undefined : ((await call("GET", `/contacts/${id}`, auth)).body["stages"] as Record<string, string>)["lifecycle"];

  it("trades the token for an HttpOnly, SameSite=Strict session cookie and refuses a wrong token", async () => {
    const wrong = await signIn("not-the-token-not-the-token");
    expect(wrong.status).toBe(401);
    expect(wrong.setCookie).toBe("");
    expect(wrong.body["error"]).toMatch(/token is wrong/);

    const ok = await signIn(TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ access: "write" });
    expect(ok.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,};`));
    expect(ok.setCookie).toMatch(/HttpOnly/);
    expect(ok.setCookie).toMatch(/SameSite=Strict/);
    expect(ok.setCookie).toMatch(/Path=\//);
    // Served over plain http (as `dev` is): a Secure cookie would never come back.
    expect(ok.setCookie).not.toMatch(/Secure/);
    expect(ok.setCookie).not.toContain(TOKEN);

    const data = await call("GET", "/api/console/funnel", { cookie: ok.cookie });
    expect(data.status).toBe(200);
    const me = await call("GET", "/api/console/session", { cookie: ok.cookie });
    expect(me.body).toMatchObject({ access: "write", csrf: ok.body["csrf"] });
    expect((await call("GET", "/api/console/funnel", { cookie: `${SESSION_COOKIE}=made-up-session-id` })).status).toBe(401);
  });

  it("refuses a write made with the cookie but without the CSRF token, and takes it with the token", async () => {
    const { cookie, body } = await signIn(TOKEN);
    const before = await stageOf("tom");
    const url = "/contacts/tom/stages/lifecycle";
    const change = { stage: "sales_accepted", by: "jane@northwind.example" };
    const bare = await call("PUT", url, { cookie }, change);
    expect(bare.status).toBe(403);
    expect(bare.body["error"]).toMatch(/x-csrf-token/);
    const forged = await call("PUT", url, { cookie, "x-csrf-token": "guessed-guessed-guessed" }, change);
    expect(forged.status).toBe(403);
    expect(await stageOf("tom")).toBe(before);

    const done = await call("PUT", url, { cookie, "x-csrf-token": String(body["csrf"]) }, change);
    expect(done.status).toBe(200);
    expect(await stageOf("tom")).toBe("sales_accepted");
    const unlock = await call("DELETE", `${url}/lock`, { cookie, "x-csrf-token": String(body["csrf"]) });
    expect(unlock.status).toBe(200);
  });

  it("lets the read-only token see everything and change nothing, by cookie or bearer", async () => {
    const ro = await signIn(READ_TOKEN);
    expect(ro.status).toBe(200);
    expect(ro.body).toMatchObject({ access: "read" });
    expect((await call("GET", "/api/console/contacts/ines", { cookie: ro.cookie })).body).toMatchObject({ access: "read" });
    const before = await stageOf("ines");
    const put = await call("PUT", "/contacts/ines/stages/lifecycle", { cookie: ro.cookie, "x-csrf-token": String(ro.body["csrf"]) }, { stage: "lost", by: "viewer@northwind.example" });
    expect(put.status).toBe(403);
    expect(put.body["error"]).toMatch(/may only read/);
    expect(await stageOf("ines")).toBe(before);

    const bearer = { authorization: `Bearer ${READ_TOKEN}` };
    expect((await call("GET", "/contacts/ines", bearer)).status).toBe(200);
    const events = await call("POST", "/events", bearer, [{ id: "ro-1", type: "page.viewed", contact: "ines", at: new Date(REPORT_UNTIL).toISOString(), props: {} }]);
    expect(events.status).toBe(403);
    expect(await db.query("SELECT 1 FROM events WHERE id = 'ro-1'")).toEqual([]);
    // The write token's session reports write access to the page.
    expect((await call("GET", "/api/console/contacts/ines", auth)).body).toMatchObject({ access: "write" });
  });

  it("signs out only from the page (CSRF), and the cookie stops working", async () => {
    const { cookie, body } = await signIn(TOKEN);
    expect((await call("DELETE", "/api/console/session", { cookie })).status).toBe(403);
    expect((await call("GET", "/api/console/funnel", { cookie })).status).toBe(200);
    const out = await call("DELETE", "/api/console/session", { cookie, "x-csrf-token": String(body["csrf"]) });
    expect(out.status).toBe(200);
    expect(String(out.headers["set-cookie"])).toMatch(/Max-Age=0/);
    expect((await call("GET", "/api/console/funnel", { cookie })).status).toBe(401);
  });

  it("serves the charting library from its own assets, without a token", async () => {
    const res = await app.inject({ method: "GET", url: "/console/vendor/chart.umd.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(res.body).toMatch(/Chart\.js v4/);
  });

  it("renders the plan between two applied versions as `plan` does, and refuses an unknown hash", async () => {
    const plan = await call("GET", `/api/console/plan?from=${earlierHash}&to=${B2B_MODEL.hash}`, auth);
    expect(plan.status).toBe(200);
    const style = { add: (s: string) => s, change: (s: string) => s, remove: (s: string) => s, bold: (s: string) => s, dim: (s: string) => s };
    const [before] = await db.query<{ ir: Ir }>("SELECT ir FROM config_versions WHERE hash = $1", [earlierHash]);
    expect(plan.body["text"]).toBe(renderDiffText(diffIr(before?.ir ?? B2B, B2B), style));
    expect(plan.body["text"]).toContain("Engagement (old)");
    expect((await call("GET", `/api/console/plan?from=nope&to=${B2B_MODEL.hash}`, auth)).status).toBe(404);
  });

  it("links a contact's feedback runs to the Temporal UI and counts work in flight per version", async () => {
    const runs = await db.query<{ contact: string; loop: string; started: number; waiting: boolean }>(
      "SELECT contact, loop, (cell ->> 'startedAt')::float8 AS started, NOT cell ? 'outcome' AS waiting FROM feedback_runs ORDER BY contact, loop",
    );
    expect(runs.length).toBeGreaterThan(0);
    const run = runs[0];
    if (run === undefined) return;
    const detail = await call("GET", `/api/console/contacts/${encodeURIComponent(run.contact)}`, auth);
    const id = feedbackLoopId(run.loop, run.contact, Number(run.started));
    expect(detail.body["workflows"]).toContainEqual(expect.objectContaining({ kind: "feedback", name: run.loop, workflowId: id, link: `${UI}/workflows/${encodeURIComponent(id)}` }));

    const versions = await call("GET", "/api/console/versions", auth);
    const inFlight = versions.body["inFlight"] as { hash: string; kind: string; name: string; contacts: number }[];
    const waiting = runs.filter((r) => r.waiting).length;
    expect(inFlight.filter((r) => r.kind === "feedback").reduce((n, r) => n + r.contacts, 0)).toBe(waiting);
    for (const r of inFlight) expect([B2B_MODEL.hash, ""]).toContain(r.hash);
  });

  it("counts the contacts whose score decays below a threshold in the coming week, and they do", async () => {
    // A fresh MQL whose engagement will decay below its line some weeks later; pick that week.
    await postEvents(app, [lead("fresh", "fresh@northwind.example", REPORT_UNTIL - 2 * HOUR), demo("fresh", REPORT_UNTIL - HOUR)]);
    const [due] = await db.query<{ at: Date }>("SELECT min(next_transition_at) AS at FROM scores WHERE next_transition_at > $1", [new Date(REPORT_UNTIL)]);
    expect(due?.at).toBeInstanceOf(Date);
    clock = (due?.at.getTime() ?? REPORT_UNTIL) - DAY;
    const report = (await call("GET", "/api/console/scores", auth)).body as unknown as ScoresReport;
    const counted = report.decays.lines;
    expect(counted.length).toBeGreaterThan(0);
    const valuesAt = async (): Promise<Map<string, number>> =>
      new Map((await db.query<{ contact: string; score: string; value: number }>("SELECT contact, score, value FROM scores WHERE key = ''")).map((r) => [`${r.contact}/${r.score}`, r.value]));
    const before = await valuesAt();
    await runDueTimers(db, B2B_MODEL, clock + 7 * DAY - 1);
    const after = await valuesAt();
    for (const line of counted) {
      const higher = counted.filter((l) => l.score === line.score && l.value > line.value).map((l) => l.value);
      const fell = [...before].filter(([k, v]) => k.endsWith(`/${line.score}`) && v >= line.value && !higher.some((h) => v >= h) && (after.get(k) ?? v) < line.value);
      expect(fell.length, `${line.threshold} ${line.score} ${line.value}`).toBe(line.contacts);
    }
    clock = REPORT_UNTIL;
  });
});
