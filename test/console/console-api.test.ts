import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../../runtime/api/server.js";
import type { FunnelReport } from "../../runtime/console/funnel.js";
import { BUCKETS, type ScoresReport } from "../../runtime/console/scores.js";
import { runDueTimers } from "../../runtime/ingest/index.js";
import type { ConsoleContactDetail } from "../../runtime/store/console-contacts.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { auth, B2B, B2B_MODEL, postEvents, REPORT_UNTIL, TOKEN, TRICKY } from "../api/b2b-history.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { consoleHistory, HOSTILE } from "./history.js";

type Explain = { deleted?: string; stages: Record<string, string>; stageHistory: { pipeline: string; key: string; to: string; at: string }[]; ledger: unknown[] };

describe.each(BACKENDS)("console data endpoints on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  let ids: string[] = [];
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, now: () => REPORT_UNTIL });
    await applyVersion(db, { ir: B2B, appliedBy: "jane@northwind.example" });
    await postEvents(app, consoleHistory());
    await runDueTimers(db, B2B_MODEL, REPORT_UNTIL);
    ids = (await db.query<{ id: string }>("SELECT id FROM contacts WHERE created_at IS NOT NULL ORDER BY id")).map((r) => r.id);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app.close();
    await backend.dispose();
  }, HOOK_TIMEOUT);

  const get = async <T>(url: string, headers: Record<string, string> = auth): Promise<{ status: number; body: T }> => {
    const res = await app.inject({ method: "GET", url, headers });
    return { status: res.statusCode, body: res.json<T>() };
  };
  const explain = async (id: string): Promise<Explain> => (await get<Explain>(`/contacts/${encodeURIComponent(id)}?explain=1`)).body;

  it("serves the console page without a token, with a policy that refuses inline scripts", async () => {
    const root = await app.inject({ method: "GET", url: "/" });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe("/console/");
    const page = await app.inject({ method: "GET", url: "/console/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(page.body).toContain('src="/console/app.js"');
    const js = await app.inject({ method: "GET", url: "/console/app.js" });
    expect(js.headers["content-type"]).toMatch(/^text\/javascript/);
  });

  it("serves no file outside its fixed list, and no data without the token", async () => {
    for (const url of ["/console/../package.json", "/console/%2e%2e/package.json", "/console/static/app.js", "/console/routes.ts"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).not.toBe(200);
      expect(res.body, url).not.toContain("funnelform");
    }
    for (const url of ["/api/console/funnel", "/api/console/scores", "/api/console/versions", "/api/console/contacts?q=a", "/api/console/contacts/ines"]) {
      expect((await get(url, {})).status, url).toBe(401);
      expect((await get(url, { authorization: "Bearer wrong-token-wrong-token" })).status, url).toBe(401);
    }
  });

  it("counts live contacts per stage now as the contacts API reports them", async () => {
    const { status, body } = await get<FunnelReport>("/api/console/funnel?since=2026-01-01");
    expect(status).toBe(200);
    // A deleted contact (erased on request) stays readable by id but is no longer in the funnel.
    const tally = new Map<string, number>();
    let deleted = 0;
    for (const id of ids) {
      const c = await explain(id);
      if (c.deleted !== undefined) deleted++;
      else for (const [p, stage] of Object.entries(c.stages)) tally.set(`${p}/${stage}`, (tally.get(`${p}/${stage}`) ?? 0) + 1);
    }
    expect(deleted).toBe(1);
    const shown = new Map<string, number>();
    for (const p of body.pipelines) for (const k of p.keys) for (const s of k.stages) if (s.contacts > 0) shown.set(`${p.name}/${s.name}`, s.contacts);
    expect(shown).toEqual(tally);
    expect([...tally.values()].reduce((a, b) => a + b, 0)).toBe(ids.length - deleted);
  });

  it("computes conversion over a period from each contact's stage history", async () => {
    const since = Date.parse("2026-03-01T00:00:00Z");
    const until = Date.parse("2026-04-30T00:00:00Z");
    const { body } = await get<FunnelReport>(`/api/console/funnel?since=2026-03-01&until=2026-04-30`);
    const lifecycle = B2B.pipelines["lifecycle"];
    const chain = (lifecycle?.stages ?? []).filter((s) => s.category !== "not_succeeded").map((s) => s.name);
    const expected = new Map<string, { entered: number; advanced: number }>();
    for (const id of ids) {
      const moves = (await explain(id)).stageHistory.filter((m) => m.pipeline === "lifecycle");
      for (const [rank, stage] of chain.entries()) {
        const first = moves.find((m) => m.to === stage && Date.parse(m.at) >= since && Date.parse(m.at) < until);
        if (first === undefined) continue;
        const later = moves.some((m) => chain.indexOf(m.to) > rank && Date.parse(m.at) >= Date.parse(first.at) && Date.parse(m.at) < until);
        const e = expected.get(stage) ?? { entered: 0, advanced: 0 };
        expected.set(stage, { entered: e.entered + 1, advanced: e.advanced + (later ? 1 : 0) });
      }
    }
    const stages = body.pipelines.find((p) => p.name === "lifecycle")?.keys[0]?.stages ?? [];
    const shown = new Map(stages.filter((s) => s.entered > 0).map((s) => [s.name, { entered: s.entered, advanced: s.advanced }]));
    expect(shown).toEqual(expected);
    expect(expected.size).toBeGreaterThan(1);
    // A stage nobody left in the period shows no conversion rather than 0%.
    const mql = stages.find((s) => s.name === "mql");
    expect(mql?.conversion).toBe(mql && mql.entered > 0 ? mql.advanced / mql.entered : null);
  });

  it("spreads stored score values over buckets and counts threshold crossings per week", async () => {
    const { status, body } = await get<ScoresReport>("/api/console/scores?since=2026-01-01");
    expect(status).toBe(200);
    const live = await db.query<{ score: string; value: number }>("SELECT s.score, s.value FROM scores s JOIN contacts c ON c.id = s.contact WHERE c.deleted_at IS NULL");
    for (const sc of body.scores) {
      expect(sc.buckets, sc.score).toHaveLength(BUCKETS);
      const w = (sc.hi - sc.lo) / BUCKETS;
      const expected = new Array<number>(BUCKETS).fill(0);
      for (const v of live.filter((r) => r.score === sc.score)) expected[Math.min(BUCKETS - 1, Math.max(0, Math.floor((v.value - sc.lo) / w)))]! += 1;
      expect(sc.buckets, sc.score).toEqual(expected);
    }
    expect(body.scores.find((s) => s.score === "engagement")?.thresholds.length).toBeGreaterThan(0);
    const fires = await db.query<{ threshold: string }>("SELECT threshold FROM threshold_fires");
    expect(body.fires.reduce((n, f) => n + f.fires, 0)).toBe(fires.length);
    for (const f of body.fires) expect(new Date(`${f.week}T00:00:00Z`).getUTCDay(), f.week).toBe(1);
    expect(body.suppressions.map((s) => s.segment)).toEqual(Object.keys(B2B.suppressions).sort());
  });

  it("refuses a period it cannot read, in plain words", async () => {
    const bad = await get<{ error: string }>("/api/console/funnel?since=last%20tuesday");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/since must be a date/);
    const empty = await get<{ error: string }>("/api/console/funnel?since=2026-05-01&until=2026-04-01");
    expect(empty.status).toBe(400);
  });

  it("finds contacts by id or email prefix, taking wildcards literally", async () => {
    const byEmail = await get<{ contacts: { id: string }[] }>("/api/console/contacts?q=LENA%40");
    expect(byEmail.body.contacts.map((c) => c.id)).toEqual(["lena"]);
    const byId = await get<{ contacts: { id: string }[] }>(`/api/console/contacts?q=${encodeURIComponent(TRICKY.slice(0, 4))}`);
    expect(byId.body.contacts.map((c) => c.id)).toEqual([TRICKY]);
    expect((await get<{ contacts: unknown[] }>("/api/console/contacts?q=%25")).body.contacts).toEqual([]);
    expect((await get<{ error: string }>("/api/console/contacts?q=")).status).toBe(400);
  });

  it("shows a contact: one ledger row per score change, ending at the stored score, with its event and version", async () => {
    for (const id of ids) {
      const { status, body } = await get<ConsoleContactDetail & { summary: { id: string } }>(`/api/console/contacts/${encodeURIComponent(id)}`);
      expect(status).toBe(200);
      expect(body.summary.id).toBe(id);
      expect(body.ledger).toHaveLength((await explain(id)).ledger.length);
      const stored = await db.query<{ score: string; key: string; value: number }>("SELECT score, key, value FROM scores WHERE contact = $1", [id]);
      for (const s of stored) expect(body.ledger.filter((r) => r.score === s.score && r.key === s.key).at(-1)?.value, `${id} ${s.score}`).toBe(s.value);
      for (const r of body.ledger) expect(r.configHash).toBe(B2B_MODEL.hash);
    }
    const hostile = await get<ConsoleContactDetail>(`/api/console/contacts/${encodeURIComponent(HOSTILE)}`);
    expect(hostile.body.fields["job_title"]).toBe("<img src=x onerror=alert(1)>");
    expect(hostile.body.ledger.some((r) => r.eventType === "form.submitted")).toBe(true);
    expect((await get("/api/console/contacts/nobody")).status).toBe(404);
  });

  it("lists the applied versions with who applied them", async () => {
    const { body } = await get<{ versions: { hash: string; appliedBy: string; active: boolean }[]; activations: { hash: string; by: string }[] }>("/api/console/versions");
    expect(body.versions).toMatchObject([{ hash: B2B_MODEL.hash, appliedBy: "jane@northwind.example", active: true }]);
    expect(body.activations).toMatchObject([{ hash: B2B_MODEL.hash, by: "jane@northwind.example" }]);
  });

  it("shows a stage set by hand with who holds it", async () => {
    const put = await app.inject({ method: "PUT", url: "/contacts/tom/stages/lifecycle", headers: { ...auth, "content-type": "application/json" }, payload: JSON.stringify({ stage: "sales_accepted", by: "jane@northwind.example" }) });
    expect(put.statusCode).toBe(200);
    const { body } = await get<ConsoleContactDetail & { pipelines: { name: string; stages: { name: string }[] }[] }>("/api/console/contacts/tom");
    expect(body.stages).toMatchObject([{ pipeline: "lifecycle", key: "", stage: "sales_accepted", lockBy: "jane@northwind.example" }]);
    expect(body.pipelines.find((p) => p.name === "lifecycle")?.stages.map((s) => s.name)).toEqual(B2B.pipelines["lifecycle"]?.stages.map((s) => s.name));
  });
});
