import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildApi } from "../../runtime/api/server.js";
import { simulate } from "../../runtime/engine/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { countRows, truncateState } from "../ingest/helpers.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { auth, B2B, HOUR, lead, postEvents, R0, storedEvents, TOKEN } from "./b2b-history.js";

type Summary = { stages: Record<string, string> };

describe.each(BACKENDS)("manual stages over HTTP on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  let clock = R0;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, now: () => clock });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app.close();
    await backend.dispose();
  }, HOOK_TIMEOUT);
  beforeEach(async () => {
    await truncateState(db);
    await db.exec("TRUNCATE config_activations, config_versions, apply_lock");
    await applyVersion(db, { ir: B2B, appliedBy: "test" });
    clock = R0;
    await postEvents(app, [lead("ann", "ann@hafen.example", R0 - HOUR)]);
  });

  const put = (contact: string, pipeline: string, body: unknown, headers: Record<string, string> = auth) =>
    app.inject({
      method: "PUT",
      url: `/contacts/${encodeURIComponent(contact)}/stages/${encodeURIComponent(pipeline)}`,
      headers: { ...headers, "content-type": "application/json" },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });
  const unlock = (contact: string, pipeline: string, query = "", headers: Record<string, string> = auth) =>
    app.inject({ method: "DELETE", url: `/contacts/${encodeURIComponent(contact)}/stages/${encodeURIComponent(pipeline)}/lock${query}`, headers });
  const show = async (contact: string, at: number): Promise<unknown> =>
    (await app.inject({ method: "GET", url: `/contacts/${encodeURIComponent(contact)}?at=${new Date(at).toISOString()}`, headers: auth })).json();
  const simulated = async (contact: string, until: number): Promise<unknown> =>
    simulate(B2B, await storedEvents(db), { until }).contacts.find((c) => c.id === contact);

  it("a manual stage holds against automatic moves until unlocked, and equals simulate of the stored events", async () => {
    clock = R0 + HOUR;
    const set = await put("ann", "lifecycle", { stage: "sales_accepted", by: "jane@northwind.example" });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ changed: true, event: expect.any(String) as unknown, contact: { stages: { lifecycle: "sales_accepted" } } });
    expect(await show("ann", clock)).toEqual(await simulated("ann", clock));

    // A deal opened would move the lead forward to opportunity: the lock holds it.
    await postEvents(app, [{ id: "deal-1", type: "crm.deal_opened", contact: "ann", at: new Date(R0 + 2 * HOUR).toISOString(), props: { deal_id: "d1", amount: 10 } }]);
    expect(((await show("ann", R0 + 2 * HOUR)) as Summary).stages["lifecycle"]).toBe("sales_accepted");

    clock = R0 + 3 * HOUR;
    const open = await unlock("ann", "lifecycle");
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ changed: true });
    await postEvents(app, [{ id: "deal-2", type: "crm.deal_won", contact: "ann", at: new Date(R0 + 4 * HOUR).toISOString(), props: { deal_id: "d1", amount: 10 } }]);
    const end = R0 + 4 * HOUR;
    expect(((await show("ann", end)) as Summary).stages["lifecycle"]).toBe("customer");
    expect(await show("ann", end)).toEqual(await simulated("ann", end));

    const explain = await app.inject({ method: "GET", url: "/contacts/ann?explain=1", headers: auth });
    expect(explain.json<{ stageHistory: { to: string; reason: string }[] }>().stageHistory).toMatchObject([
      { to: "unknown", reason: "initial" },
      { to: "sales_accepted", reason: "manual:jane@northwind.example" },
      { to: "customer", reason: "event:crm.deal_won" },
    ]);
  });

  it("a retried PUT or DELETE writes nothing more", async () => {
    clock = R0 + HOUR;
    const body = { stage: "mql", by: "jane" };
    expect((await put("ann", "lifecycle", body)).json()).toMatchObject({ changed: true });
    const events = await countRows(db, "events");
    const again = await put("ann", "lifecycle", body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ changed: false, event: null, contact: { stages: { lifecycle: "mql" } } });
    expect(await countRows(db, "events")).toBe(events);
    expect((await unlock("ann", "lifecycle")).json()).toMatchObject({ changed: true });
    expect((await unlock("ann", "lifecycle")).json()).toMatchObject({ changed: false, event: null });
    expect(await countRows(db, "events")).toBe(events + 1);
  });

  it("refuses a backward move the pipeline does not allow with 409 and writes nothing", async () => {
    clock = R0 + HOUR;
    await put("ann", "lifecycle", { stage: "sales_accepted", by: "jane" });
    const events = await countRows(db, "events");
    const back = await put("ann", "lifecycle", { stage: "engaged", by: "jane" });
    expect(back.statusCode).toBe(409);
    expect(back.json<{ error: string }>().error).toContain("allow sales_accepted -> engaged");
    // The pipeline allows mql -> recycled, but not sales_accepted -> recycled.
    expect((await put("ann", "lifecycle", { stage: "recycled", by: "jane" })).statusCode).toBe(409);
    expect(await countRows(db, "events")).toBe(events);
    expect(((await show("ann", clock)) as Summary).stages["lifecycle"]).toBe("sales_accepted");
  });

  it("names an unknown pipeline or stage with a did-you-mean, and an unknown contact", async () => {
    const pipeline = await put("ann", "lifecycel", { stage: "mql", by: "jane" });
    expect(pipeline.statusCode).toBe(404);
    expect(pipeline.json<{ error: string }>().error).toContain("did you mean `lifecycle`?");
    const stage = await put("ann", "lifecycle", { stage: "sales_acepted", by: "jane" });
    expect(stage.statusCode).toBe(400);
    expect(stage.json<{ error: string }>().error).toContain("did you mean `sales_accepted`?");
    expect((await put("nobody", "lifecycle", { stage: "mql", by: "jane" })).statusCode).toBe(404);
    expect((await unlock("nobody", "lifecycle")).statusCode).toBe(404);
    expect((await unlock("ann", "lifecycel")).statusCode).toBe(404);
    expect((await unlock("ann", "lifecycle", "?key=crm")).statusCode).toBe(400);
  });

  it("refuses bodies that are not a stage change with 400", async () => {
    for (const body of ["", "[1]", "{oops", { by: "jane" }, { stage: "mql" }, { stage: "mql", by: " " }, { stage: "mql", by: "jane", colour: "red" }]) {
      expect((await put("ann", "lifecycle", body)).statusCode).toBe(400);
    }
    const until = await put("ann", "lifecycle", { stage: "mql", by: "jane", until: "2026-04-01T00:00:00Z" });
    expect(until.statusCode).toBe(400);
    expect(until.json<{ error: string }>().error).toContain("manual lock");
    expect(await countRows(db, "events")).toBe(1);
  });

  it("refuses a missing or wrong token on PUT and DELETE, writing nothing", async () => {
    const tries: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token-0123456789" }, { authorization: TOKEN }];
    for (const headers of tries) {
      expect((await put("ann", "lifecycle", { stage: "mql", by: "jane" }, headers)).statusCode).toBe(401);
      expect((await unlock("ann", "lifecycle", "", headers)).statusCode).toBe(401);
    }
    expect(await countRows(db, "events")).toBe(1);
  });

  it("treats SQL in every path and query parameter as data", async () => {
    const sql = "x'); DROP TABLE contacts; --";
    expect((await put(sql, "lifecycle", { stage: "mql", by: "jane" })).statusCode).toBe(404);
    expect((await put("ann", sql, { stage: "mql", by: "jane" })).statusCode).toBe(404);
    expect((await put("ann", "lifecycle", { stage: sql, by: "jane" })).statusCode).toBe(400);
    expect((await unlock(sql, "lifecycle")).statusCode).toBe(404);
    expect((await unlock("ann", sql)).statusCode).toBe(404);
    expect((await unlock("ann", "lifecycle", `?key=${encodeURIComponent(sql)}`)).statusCode).toBe(400);
    // A person's name with SQL in it is stored as written.
    clock = R0 + HOUR;
    expect((await put("ann", "lifecycle", { stage: "mql", by: sql })).statusCode).toBe(200);
    const explain = await app.inject({ method: "GET", url: "/contacts/ann?explain=1", headers: auth });
    expect(explain.json<{ stageHistory: { reason: string }[] }>().stageHistory.at(-1)).toMatchObject({ reason: `manual:${sql}` });
    expect(await countRows(db, "contacts")).toBe(1);
    expect(await countRows(db, "events")).toBe(2);
  });
});
