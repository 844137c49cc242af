/**
 * `GET /metrics`: Prometheus text exposition (prom-client), one registry per API instance so
 * two servers in one process (tests, `dev`) do not share counters. Needs the bearer token
 * like every endpoint but `/healthz` and the feedback links (configure the scraper's
 * `authorization` with FUNNELFORM_TOKEN).
 */
import type { FastifyInstance } from "fastify";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { IngestResult } from "../ingest/index.js";
import type { Db } from "../store/db.js";

export interface ApiMetrics {
  registry: Registry;
  /** Counts one ingest call and its latency (seconds, wall clock). */
  observeIngest(result: IngestResult, seconds: number): void;
}

export function createMetrics(db: Db): ApiMetrics {
  const registry = new Registry();
  const ingested = new Counter({ name: "funnelform_events_ingested_total", help: "Events applied (new ids).", registers: [registry] });
  const duplicates = new Counter({ name: "funnelform_events_duplicate_total", help: "Events ignored because their id was already stored.", registers: [registry] });
  const rejected = new Counter({
    name: "funnelform_events_rejected_total",
    help: "Events refused: invalid at the door (the whole batch is refused) or refused by the engine.",
    registers: [registry],
  });
  const latency = new Histogram({
    name: "funnelform_ingest_batch_seconds",
    help: "Time to ingest one batch (one transaction).",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: "funnelform_contacts",
    help: "Contacts stored and not deleted.",
    registers: [registry],
    async collect() {
      const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM contacts WHERE created_at IS NOT NULL AND deleted_at IS NULL");
      this.set(row?.n ?? 0);
    },
  });
  new Gauge({
    name: "funnelform_outbox_pending",
    help: "Outbox messages not sent yet.",
    registers: [registry],
    async collect() {
      const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL");
      this.set(row?.n ?? 0);
    },
  });
  return {
    registry,
    observeIngest(result, seconds) {
      latency.observe(seconds);
      if (result.ok) {
        ingested.inc(result.accepted);
        duplicates.inc(result.duplicates);
        rejected.inc(result.refused.length);
      } else rejected.inc(result.errors.length);
    },
  };
}

/** Counts every answer by route pattern (never the raw URL: ids would explode the series). */
export function registerMetricsRoutes(app: FastifyInstance, metrics: ApiMetrics): void {
  const requests = new Counter({
    name: "funnelform_http_requests_total",
    help: "HTTP requests answered, by route pattern, method and status.",
    labelNames: ["route", "method", "status"] as const,
    registers: [metrics.registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    requests.inc({ route: req.routeOptions.url ?? "unmatched", method: req.method, status: String(reply.statusCode) });
  });
  app.get("/metrics", async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header("content-type", metrics.registry.contentType).send(text);
  });
}
