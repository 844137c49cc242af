import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildApi } from "../../runtime/api/server.js";
import { simulate } from "../../runtime/engine/index.js";
import { applyVersion } from "../../runtime/store/versions.js";
import type { Db } from "../../runtime/store/db.js";
import { countRows, truncateState } from "../ingest/helpers.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { compileText, history, LAST, WORKSPACE, WORKSPACE_V2 } from "./fixtures.js";

const TOKEN = "test-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
const ir = compileText(WORKSPACE);

describe.each(BACKENDS)("HTTP API on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, maxBatch: 50, maxBodyBytes: 64 * 1024 });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app.close();
    await backend.dispose();
  }, HOOK_TIMEOUT);
  beforeEach(async () => {
    await truncateState(db);
    await db.exec("TRUNCATE config_activations, config_versions, apply_lock");
    await applyVersion(db, { ir, appliedBy: "test" });
  });

  const post = (payload: string, contentType = "application/json") =>
    app.inject({ method: "POST", url: "/events", headers: { ...auth, "content-type": contentType }, payload });

  it("an events batch leaves each contact in the state simulate gives for the same events", async () => {
    const events = history();
    const res = await post(JSON.stringify(events));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: events.length, duplicates: 0, version: ir.hash });
    const expected = simulate(ir, events).contacts;
    expect(expected.length).toBe(3);
    for (const c of expected) {
      const got = await app.inject({ method: "GET", url: `/contacts/${encodeURIComponent(c.id)}?at=${new Date(LAST).toISOString()}`, headers: auth });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(c);
    }
  });

  it("accepts NDJSON, and the same batch sent again is all duplicates", async () => {
    const body = history().map((e) => JSON.stringify(e)).join("\n") + "\n";
    expect((await post(body, "application/x-ndjson")).json()).toMatchObject({ accepted: 8, duplicates: 0 });
    expect((await post(body, "application/x-ndjson")).json()).toMatchObject({ accepted: 0, duplicates: 8 });
    expect(await countRows(db, "events")).toBe(8);
  });

  it("SQL in ids and props is stored and returned as data", async () => {
    await post(JSON.stringify(history()));
    const id = "x'); DROP TABLE contacts; --";
    const res = await app.inject({ method: "GET", url: `/contacts/${encodeURIComponent(id)}?explain=1`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, scores: { engagement: 1, fit: 0 }, ledger: [{ score: "engagement", delta: 1, event: "e6'; DELETE FROM events; --" }] });
    expect(await countRows(db, "events")).toBe(8);
    expect(await countRows(db, "contacts")).toBe(3);
  });

  it("refuses a missing or wrong token with 401 on every endpoint but healthz", async () => {
    expect((await app.inject({ method: "POST", url: "/events", payload: "[]", headers: { "content-type": "application/json" } })).statusCode).toBe(401);
    const wrong = await app.inject({ method: "POST", url: "/events", payload: "[]", headers: { authorization: "Bearer nope", "content-type": "application/json" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: expect.any(String) as unknown });
    expect((await app.inject({ method: "GET", url: "/contacts/ann" })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/contacts/ann", headers: { authorization: TOKEN } })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect(await countRows(db, "events")).toBe(0);
  });

  it("a batch with bad events answers 400 with one error per bad event and writes nothing", async () => {
    const events = history();
    events[2] = { id: "bad1", type: "no.such.event", contact: "ann", at: new Date(LAST).toISOString() };
    events[5] = { id: "bad2", type: "page.visited", contact: "bob" };
    const body = events.map((e) => JSON.stringify(e)).join("\n");
    const res = await post(body, "application/x-ndjson");
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: unknown[] }>().errors).toMatchObject([
      { index: 2, id: "bad1", line: 3 },
      { index: 5, id: "bad2", line: 6 },
    ]);
    expect(await countRows(db, "events")).toBe(0);
    expect(await countRows(db, "contacts")).toBe(0);
  });

  it("a line that is not JSON is named by its line number and nothing is written", async () => {
    const res = await post(`${JSON.stringify(history()[0])}\n{oops\n`, "application/x-ndjson");
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: unknown[] }>().errors).toMatchObject([{ line: 2 }]);
    expect(await countRows(db, "events")).toBe(0);
  });

  it("answers 400 for a body that is not events and 415 for an unknown content type, writing nothing", async () => {
    expect((await post(JSON.stringify({ events: history() }))).statusCode).toBe(400);
    expect((await post("")).statusCode).toBe(400);
    expect((await post("[{]")).statusCode).toBe(400);
    expect((await post(JSON.stringify(history()), "application/xml")).statusCode).toBe(415);
    expect(await countRows(db, "events")).toBe(0);
  });

  it("answers 413 for too many events or too large a body", async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ ...history()[0], id: `m${i}` }));
    const tooMany = await post(JSON.stringify(many));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json<{ error: string }>().error).toContain("50");
    const big = await post(JSON.stringify([{ ...history()[0], props: { url: "x".repeat(70_000) } }]));
    expect(big.statusCode).toBe(413);
    expect(await countRows(db, "events")).toBe(0);
  });

  it("serves a newly applied version without a restart", async () => {
    const v2 = compileText(WORKSPACE_V2);
    await applyVersion(db, { ir: v2, appliedBy: "test" });
    const res = await post(JSON.stringify([history()[0]]));
    expect(res.json()).toMatchObject({ accepted: 1, version: v2.hash });
    const got = await app.inject({ method: "GET", url: `/contacts/ann?at=${new Date(LAST).toISOString()}`, headers: auth });
    expect(got.json()).toMatchObject({ scores: { engagement: 2 } });
  });

  it("explain=1 adds the ledger rows with reasons, oldest first, and the stage history", async () => {
    await post(JSON.stringify(history()));
    const res = await app.inject({ method: "GET", url: "/contacts/ann?explain=1", headers: auth });
    const body = res.json<{ ledger: { delta: number }[]; stageHistory: unknown[] }>();
    expect(body.ledger.map((r) => r.delta)).toEqual([1, 30, 10, 1]);
    expect(body.ledger[0]).toMatchObject({ score: "engagement", event: "e1", at: "2026-03-01T09:00:00.000Z" });
    expect(body).toHaveProperty("stageHistory");
  });

  it("answers 404 for an unknown contact and 409 when nothing is deployed", async () => {
    expect((await app.inject({ method: "GET", url: "/contacts/nobody", headers: auth })).statusCode).toBe(404);
    await db.exec("TRUNCATE config_activations, config_versions");
    expect((await post(JSON.stringify([history()[0]]))).statusCode).toBe(409);
  });
});
