import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../../runtime/api/server.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { auth, B2B, demo, HOUR, lead, R0, TOKEN } from "./b2b-history.js";

/** Prometheus text format: comment lines, and `name{labels} value` samples. Returns the samples. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      expect(line).toMatch(/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})?) (-?(?:[0-9.]+(?:e[+-]?\d+)?|\+Inf|NaN))$/.exec(line);
    if (m === null) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(m[1] ?? "", Number(m[2]));
  }
  return samples;
}

describe.each(BACKENDS)("GET /metrics on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({ db, token: TOKEN, now: () => R0 + HOUR });
    await applyVersion(db, { ir: B2B, appliedBy: "test" });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app.close();
    await backend.dispose();
  }, HOOK_TIMEOUT);

  const scrape = async (): Promise<Map<string, number>> => {
    const res = await app.inject({ method: "GET", url: "/metrics", headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    return parsePrometheus(res.body);
  };
  const post = (events: unknown) =>
    app.inject({ method: "POST", url: "/events", headers: { ...auth, "content-type": "application/json" }, payload: JSON.stringify(events) });

  it("needs the token", async () => {
    expect((await app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer nope" } })).statusCode).toBe(401);
  });

  it("counts ingested, duplicate and rejected events, batches, contacts, the outbox and requests", async () => {
    const before = await scrape();
    expect(before.get("funnelform_events_ingested_total")).toBe(0);
    expect(before.get("funnelform_contacts")).toBe(0);
    const batch = [lead("ann", "ann@hafen.example", R0 - HOUR), demo("ann", R0)];
    expect((await post(batch)).statusCode).toBe(200);
    expect((await post(batch)).statusCode).toBe(200);
    expect((await post([{ id: "bad", type: "no.such", contact: "ann", at: new Date(R0).toISOString() }])).statusCode).toBe(400);
    const after = await scrape();
    expect(after.get("funnelform_events_ingested_total")).toBe(2);
    expect(after.get("funnelform_events_duplicate_total")).toBe(2);
    expect(after.get("funnelform_events_rejected_total")).toBe(1);
    expect(after.get("funnelform_ingest_batch_seconds_count")).toBe(3);
    expect(after.get("funnelform_contacts")).toBe(1);
    // The MQL alert, the CRM webhook: messages waiting to be sent.
    const [outbox] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL");
    expect(outbox?.n).toBeGreaterThan(0);
    expect(after.get("funnelform_outbox_pending")).toBe(outbox?.n);
    expect(after.get('funnelform_http_requests_total{route="/events",method="POST",status="200"}')).toBe(2);
    expect(after.get('funnelform_http_requests_total{route="/events",method="POST",status="400"}')).toBe(1);
    expect(after.get('funnelform_http_requests_total{route="/metrics",method="GET",status="200"}')).toBeGreaterThanOrEqual(1);
  });
});
