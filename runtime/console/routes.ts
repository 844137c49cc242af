/**
 * The web console: a static shell under `/console/` (public: it holds no data) and JSON
 * endpoints under `/api/console/` that need the API's token like every data endpoint. The
 * page signs in once (session-routes.ts) and then rides on an HttpOnly, SameSite=Strict
 * session cookie; its writes carry the session's CSRF token in a header (api/auth.ts).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { accessOf } from "../api/auth.js";
import { parseTime } from "../engine/index.js";
import { readContactSummary } from "../ingest/index.js";
import { NOTHING_DEPLOYED, type ApiContext } from "../api/context.js";
import { parseSince } from "../api/report-route.js";
import { readContactDetail, searchContacts } from "../store/console-contacts.js";
import { readInFlight, readVersionHistory } from "../store/console-versions.js";
import { feedbackLoopId, SEGMENT_REFRESH_ID } from "../temporal/workflow-ids.js";
import { CONSOLE_PREFIX, readAsset } from "./assets.js";
import { readFunnel } from "./funnel.js";
import { readPlan } from "./plan.js";
import { readScores } from "./scores.js";
import { registerSessionRoutes } from "./session-routes.js";
import type { SessionStore } from "./sessions.js";
import { createSnapshots } from "./snapshots.js";
import { thresholdLines } from "./thresholds.js";

/** Default funnel period: the last 30 days. */
const DEFAULT_PERIOD_MS = 30 * 86_400_000;

// The shell loads only its own files; inline script and style are refused, so an injected string cannot run.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header("content-security-policy", CSP)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("x-frame-options", "DENY");
}

export interface ConsoleOptions {
  token: string;
  readToken?: string;
  sessions: SessionStore;
  /** The Temporal Web UI's namespace page (`http://localhost:8233/namespaces/default`): workflow ids link there. */
  temporalUiUrl?: string;
  /** How old a slow aggregate may be before it is recomputed in the background (snapshots.ts); 0: always fresh. */
  snapshotMs?: number;
}

/** Registers the console's pages, sign-in and data endpoints on the API. */
export function registerConsole(app: FastifyInstance, ctx: ApiContext, opts: ConsoleOptions): void {
  registerSessionRoutes(app, {
    token: opts.token,
    sessions: opts.sessions,
    now: Date.now,
    ...(opts.readToken === undefined ? {} : { readToken: opts.readToken }),
  });
  const snapshots = createSnapshots(opts.snapshotMs ?? 0, ctx.onError === undefined ? {} : { onError: ctx.onError });
  const ui = opts.temporalUiUrl?.replace(/\/+$/, "");
  const workflowLink = (id: string): string | null => (ui === undefined ? null : `${ui}/workflows/${encodeURIComponent(id)}`);

  app.get("/", (_req, reply) => reply.redirect(CONSOLE_PREFIX));
  app.get("/console", (_req, reply) => reply.redirect(CONSOLE_PREFIX));
  app.get<{ Params: { "*": string } }>(`${CONSOLE_PREFIX}*`, async (req, reply) => {
    const asset = await readAsset(req.params["*"]);
    if (asset === undefined) return reply.code(404).send({ error: `there is no console page ${req.url.split("?")[0] ?? ""}` });
    return secure(reply).header("cache-control", "no-cache").type(asset.type).send(asset.body);
  });

  app.get<{ Querystring: { since?: string; until?: string } }>("/api/console/funnel", async (req, reply) => {
    const now = ctx.now();
    let until = now;
    if (req.query.until !== undefined && req.query.until !== "") {
      const t = parseSince(req.query.until, now);
      if (t === undefined) return reply.code(400).send({ error: `until must be a date like 2026-03-01 or a date-time, got ${JSON.stringify(req.query.until)}` });
      until = t;
    }
    let since = until - DEFAULT_PERIOD_MS;
    if (req.query.since !== undefined && req.query.since !== "") {
      const t = parseSince(req.query.since, now);
      if (t === undefined) return reply.code(400).send({ error: `since must be a date like 2026-03-01, a date-time, or a span like 90d, got ${JSON.stringify(req.query.since)}` });
      since = t;
    }
    if (since >= until) return reply.code(400).send({ error: "since must be before until: the period is empty" });
    const model = await ctx.activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    return readFunnel(ctx.db, model, since, until, snapshots);
  });

  app.get<{ Querystring: { q?: string } }>("/api/console/contacts", async (req, reply) => {
    const q = (req.query.q ?? "").trim();
    if (q === "") return reply.code(400).send({ error: "type a contact id or email to search (q=...)" });
    return { contacts: await searchContacts(ctx.db, q) };
  });

  app.get<{ Params: { id: string }; Querystring: { at?: string } }>("/api/console/contacts/:id", async (req, reply) => {
    let at = ctx.now();
    if (req.query.at !== undefined && req.query.at !== "") {
      const t = parseTime(req.query.at);
      if (t === undefined) return reply.code(400).send({ error: `at must be a date-time like 2026-03-01T09:00:00Z, got "${req.query.at}"` });
      at = t;
    }
    const model = await ctx.activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    const summary = await readContactSummary(ctx.db, model, req.params.id, at);
    const detail = summary === undefined ? undefined : await readContactDetail(ctx.db, req.params.id);
    if (summary === undefined || detail === undefined) return reply.code(404).send({ error: `there is no contact with the id ${JSON.stringify(req.params.id)}` });
    const pipelines = Object.entries(model.ir.pipelines).map(([name, def]) => ({ name, label: def.label ?? name, stages: def.stages.map((s) => ({ name: s.name, label: s.label ?? s.name })) }));
    const workflows = [
      // Campaign waits are fired by the segment refresh loop, not by a workflow per enrollment.
      ...detail.campaigns.map((e) => ({ kind: "campaign", name: e.campaign, workflowId: SEGMENT_REFRESH_ID })),
      ...detail.feedbackRuns.map((f) => ({ kind: "feedback", name: f.loop, workflowId: feedbackLoopId(f.loop, req.params.id, Date.parse(f.startedAt)), inFlight: f.outcome === null })),
    ].map((w) => ({ ...w, link: workflowLink(w.workflowId) }));
    return { summary, ...detail, workflows, pipelines, thresholds: thresholdLines(model), version: model.hash, access: accessOf(req) ?? "read" };
  });

  app.get<{ Querystring: { since?: string } }>("/api/console/scores", async (req, reply) => {
    const now = ctx.now();
    let since = now - 12 * 7 * 86_400_000;
    if (req.query.since !== undefined && req.query.since !== "") {
      const t = parseSince(req.query.since, now);
      if (t === undefined) return reply.code(400).send({ error: `since must be a date like 2026-03-01, a date-time, or a span like 12w, got ${JSON.stringify(req.query.since)}` });
      since = t;
    }
    const model = await ctx.activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    return readScores(ctx.db, model, since, now, snapshots);
  });

  app.get("/api/console/versions", async () => {
    const history = await readVersionHistory(ctx.db);
    const active = history.versions.find((v) => v.active)?.hash;
    return { ...history, inFlight: active === undefined ? [] : await readInFlight(ctx.db, active) };
  });

  app.get<{ Querystring: { from?: string; to?: string } }>("/api/console/plan", async (req, reply) => {
    const { from, to } = req.query;
    if (from === undefined || from === "" || to === undefined || to === "") return reply.code(400).send({ error: "choose two versions: from=HASH&to=HASH" });
    const plan = await readPlan(ctx.db, from, to);
    return plan.ok ? plan : reply.code(404).send({ error: plan.error });
  });
}
