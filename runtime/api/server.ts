/**
 * The HTTP API (SPEC section 6): events in, contacts out, a person's stage changes, feedback
 * links, the feedback reports and metrics. Every endpoint but `/healthz` and
 * `/feedback/:token` (signed links clicked from an email) needs the bearer token. The server
 * serves whatever version is active, following `apply` from other processes without a restart.
 */
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { parseTime } from "../engine/index.js";
import { DEFAULT_MAX_BATCH, ingestBatch, readContactSummary } from "../ingest/index.js";
import type { Db } from "../store/db.js";
import { activeModelCache } from "./active-model.js";
import { bearerAuth } from "./auth.js";
import { NOTHING_DEPLOYED, type ApiContext } from "./context.js";
import { parseEventsBody } from "./events-body.js";
import { readContactExplain } from "./explain.js";
import { registerFeedbackRoute } from "./feedback-route.js";
import { createMetrics, registerMetricsRoutes } from "./metrics.js";
import { registerReportRoute } from "./report-route.js";
import { registerStageRoutes } from "./stage-routes.js";
import { registerConsole } from "../console/routes.js";
import { createSessionStore } from "../console/sessions.js";

/** Largest request body by default: 1,000 typical events are about 300 KB. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface ApiOptions {
  db: Db;
  /** The bearer token every endpoint but `/healthz` requires. */
  token: string;
  /** `FUNNELFORM_READ_TOKEN`: may read every endpoint and sign in to the console read-only; every write answers 403. */
  readToken?: string;
  /** `FUNNELFORM_TEMPORAL_UI`: the console links workflow ids to this Temporal Web UI. */
  temporalUiUrl?: string;
  /** The console serves slow aggregates from snapshots at most this old (ms); default 0: always fresh. */
  consoleSnapshotMs?: number;
  maxBodyBytes?: number;
  maxBatch?: number;
  /** The clock for reads (epoch ms); default `Date.now`. */
  now?: () => number;
  /** Told of every server-side failure (answered 500 without details, for safety). */
  onError?: (error: Error) => void;
  /** `FUNNELFORM_SECRET`, the HMAC key of feedback links; without it links answer 503. */
  feedbackSecret?: string;
  /**
   * Called after a feedback link recorded an outcome (the worker signals the feedback
   * workflow); a failure is reported to `onError` and never fails the click.
   */
  onFeedbackRecorded?: (contact: string, loop: string) => Promise<void>;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Builds the API (not listening): `app.listen` or `app.inject` it. */
export async function buildApi(opts: ApiOptions): Promise<FastifyInstance> {
  const { db } = opts;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxBatch = opts.maxBatch ?? DEFAULT_MAX_BATCH;
  const now = opts.now ?? Date.now;
  const activeModel = activeModelCache(db);
  // Path parameters hold contact ids and feedback tokens (which carry the contact id): longer
  // than fastify's default 100 characters.
  const app = Fastify({ logger: false, bodyLimit: maxBody, routerOptions: { maxParamLength: 8192 } });
  const metrics = createMetrics(db);
  const ctx: ApiContext = {
    db,
    activeModel,
    now,
    async ingest(items, model) {
      const started = process.hrtime.bigint();
      const result = await ingestBatch(db, items, { model, maxBatch });
      metrics.observeIngest(result, Number(process.hrtime.bigint() - started) / 1e9);
      return result;
    },
    ...(opts.onError === undefined ? {} : { onError: opts.onError }),
  };

  // Bodies are read as text and parsed by us: the errors then say which line is wrong.
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser(["application/json", "application/x-ndjson", "application/ndjson", "text/plain"], { parseAs: "string" }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error: FastifyError, _req, reply) => {
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return reply.code(413).send({ error: `the request body is larger than ${maxBody} bytes: send fewer events per request` });
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return reply.code(415).send({ error: "send events as application/json (an array) or application/x-ndjson (one event a line)" });
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: error.message });
    opts.onError?.(error);
    return reply.code(500).send({ error: "the server failed to handle the request; nothing of this request was written, send it again" });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `there is no endpoint ${req.method} ${req.url.split("?")[0] ?? ""}` }));

  const sessions = createSessionStore();
  app.addHook("onRequest", bearerAuth(opts.token, { sessions, ...(opts.readToken === undefined ? {} : { readToken: opts.readToken }) }));
  registerMetricsRoutes(app, metrics);

  app.get("/healthz", async (_req, reply) => {
    try {
      await db.query("SELECT 1");
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, error: "the database does not answer" });
    }
  });

  app.post("/events", async (req, reply) => {
    const text = typeof req.body === "string" ? req.body : "";
    const parsed = parseEventsBody(text);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error, errors: parsed.errors ?? [] });
    if (parsed.items.length > maxBatch)
      return reply.code(413).send({ error: `a batch holds at most ${maxBatch} events, this one has ${parsed.items.length}: split it` });
    const model = await activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    const result = await ctx.ingest(parsed.items, model);
    if (!result.ok) {
      const lines = parsed.lines;
      const errors = result.errors.map((e) => (lines?.[e.index] === undefined ? e : { ...e, line: lines[e.index] }));
      return reply.code(400).send({ error: `${plural(errors.length, "event")} of ${parsed.items.length} refused: nothing was written`, errors });
    }
    return { accepted: result.accepted, duplicates: result.duplicates, contacts: result.contacts, refused: result.refused, version: model.hash };
  });

  app.get<{ Params: { id: string }; Querystring: { explain?: string; at?: string } }>("/contacts/:id", async (req, reply) => {
    let at = now();
    if (req.query.at !== undefined) {
      const t = parseTime(req.query.at);
      if (t === undefined) return reply.code(400).send({ error: `at must be a date-time like 2026-03-01T09:00:00Z, got "${req.query.at}"` });
      at = t;
    }
    const model = await activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    const summary = await readContactSummary(db, model, req.params.id, at);
    if (summary === undefined) return reply.code(404).send({ error: `there is no contact with the id ${JSON.stringify(req.params.id)}` });
    const explain = req.query.explain === "1" || req.query.explain === "true";
    return explain ? { ...summary, ...(await readContactExplain(db, req.params.id)) } : summary;
  });

  registerStageRoutes(app, ctx);
  registerReportRoute(app, ctx);
  registerConsole(app, ctx, {
    token: opts.token,
    sessions,
    ...(opts.readToken === undefined ? {} : { readToken: opts.readToken }),
    ...(opts.temporalUiUrl === undefined ? {} : { temporalUiUrl: opts.temporalUiUrl }),
    ...(opts.consoleSnapshotMs === undefined ? {} : { snapshotMs: opts.consoleSnapshotMs }),
  });
  registerFeedbackRoute(app, ctx, {
    secret: opts.feedbackSecret,
    ...(opts.onFeedbackRecorded === undefined ? {} : { onRecorded: opts.onFeedbackRecorded }),
  });

  return app;
}
