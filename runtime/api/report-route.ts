/**
 * `GET /reports/feedback?since=&by=week|month&outcome=`: the MQL feedback reports.
 * Without `outcome`, the summary (MQLs per outcome per period of the alert date, unanswered,
 * asks sent); with it, the diagnostic (that outcome's contacts with their score history).
 */
import type { FastifyInstance } from "fastify";
import { hintFor } from "../../dsl/did-you-mean.js";
import type { Model } from "../engine/index.js";
import { parseTime } from "../engine/index.js";
import { readFeedbackRuns, readLedgers, summarizeRuns, type LedgerRow, type ReportLoop, type ReportPeriod, type ReportRun, type SummaryRow } from "../store/feedback-report.js";
import { NOTHING_DEPLOYED, type ApiContext } from "./context.js";

export interface FeedbackSummaryReport {
  report: "summary";
  by: ReportPeriod;
  since: string | null;
  loops: { loop: string; outcomes: string[] }[];
  rows: SummaryRow[];
}

export interface FeedbackDiagnosticReport {
  report: "diagnostic";
  outcome: string;
  since: string | null;
  contacts: (ReportRun & { ledger: LedgerRow[] })[];
  /** True when more contacts had this outcome than the report lists (the oldest are listed). */
  truncated: boolean;
}

export type FeedbackReport = FeedbackSummaryReport | FeedbackDiagnosticReport;

/** Most contacts one diagnostic lists. */
export const DIAGNOSTIC_CONTACT_LIMIT = 500;

/** The deployed loops, with the thresholds that start each. */
export function reportLoops(model: Model): ReportLoop[] {
  const ir = model.ir;
  return Object.keys(ir.feedback)
    .sort()
    .map((name) => {
      const def = ir.feedback[name];
      const thresholds = Object.keys(ir.thresholds).filter((t) => ir.thresholds[t]?.actions.some((a) => a.do === "feedback" && a.loop === name));
      return {
        name,
        outcomes: Object.keys(def?.outcomes ?? {}).sort(),
        thresholds: thresholds.sort(),
        ask: { afterMs: (def?.ask.after ?? 0) * 1000, everyMs: (def?.ask.every ?? 0) * 1000, times: def?.ask.times ?? 1 },
      };
    });
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, w: 604_800_000, h: 3_600_000 };

/**
 * `since`: an ISO date (`2026-03-01`, UTC), an ISO date-time, or a span back from now (`90d`,
 * `12w`, `48h`). Strict on purpose: `Date.parse` alone reads almost any text as some date.
 */
export function parseSince(text: string, now: number): number | undefined {
  const t = text.trim();
  const rel = /^(\d+)\s*([hdw])$/.exec(t);
  if (rel !== null) return now - Number(rel[1]) * (UNIT_MS[rel[2] ?? "d"] ?? 0);
  if (!/^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/.test(t)) return undefined;
  // A date-time without a zone is UTC, like the report's periods (Date.parse would use local time).
  const zoned = /T|\s/.test(t) && !/(?:Z|[+-]\d\d:?\d\d)$/.test(t) ? `${t.replace(" ", "T")}Z` : t;
  return parseTime(zoned);
}

type Query = { since?: string; by?: string; outcome?: string; loop?: string };

export function registerReportRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: Query }>("/reports/feedback", async (req, reply) => {
    const q = req.query;
    const by = q.by ?? "month";
    if (by !== "week" && by !== "month") return reply.code(400).send({ error: `by must be week or month, got ${JSON.stringify(by)}` });
    let since = 0;
    if (q.since !== undefined && q.since !== "") {
      const t = parseSince(q.since, ctx.now());
      if (t === undefined) return reply.code(400).send({ error: `since must be a date like 2026-03-01, a date-time, or a span like 90d, got ${JSON.stringify(q.since)}` });
      since = t;
    }
    const model = await ctx.activeModel();
    if (model === undefined) return reply.code(409).send({ error: NOTHING_DEPLOYED });
    let loops = reportLoops(model);
    if (q.loop !== undefined && q.loop !== "") {
      const name = q.loop;
      const known = loops.map((l) => l.name);
      loops = loops.filter((l) => l.name === name);
      if (loops.length === 0) {
        const hint = hintFor(name, known);
        return reply.code(400).send({ error: `there is no feedback loop ${JSON.stringify(name)}; loops: ${known.join(", ") || "none"}${hint === undefined ? "" : ` (${hint})`}` });
      }
    }
    const sinceIso = since === 0 ? null : new Date(since).toISOString();
    if (q.outcome !== undefined && q.outcome !== "") {
      const outcome = q.outcome;
      const known = [...new Set(loops.flatMap((l) => l.outcomes))].sort();
      if (!known.includes(outcome)) {
        const hint = hintFor(outcome, known);
        return reply.code(400).send({ error: `no feedback loop has the outcome ${JSON.stringify(outcome)}; outcomes: ${known.join(", ") || "none"}${hint === undefined ? "" : ` (${hint})`}` });
      }
      const runs = (await readFeedbackRuns(ctx.db, loops, since)).filter((r) => r.outcome === outcome);
      const listed = runs.slice(0, DIAGNOSTIC_CONTACT_LIMIT);
      const ledgers = await readLedgers(ctx.db, listed.map((r) => r.contact));
      const report: FeedbackDiagnosticReport = {
        report: "diagnostic",
        outcome,
        since: sinceIso,
        contacts: listed.map((r) => ({ ...r, ledger: ledgers.get(r.contact) ?? [] })),
        truncated: runs.length > listed.length,
      };
      return report;
    }
    const runs = await readFeedbackRuns(ctx.db, loops, since);
    const report: FeedbackSummaryReport = {
      report: "summary",
      by,
      since: sinceIso,
      loops: loops.map((l) => ({ loop: l.name, outcomes: l.outcomes })),
      rows: summarizeRuns(loops, runs, by),
    };
    return report;
  });
}
