/**
 * `funnelform report feedback [--since TIME] [--by week|month] [--outcome X] [--format
 * text|json|csv]`: the MQL feedback reports from the runtime's API. Text is a table for
 * marketers; JSON is the API's answer; CSV (RFC 4180) opens in a spreadsheet.
 */
import { apiTarget, callApi } from "../../api/client.js";
import type { FeedbackDiagnosticReport, FeedbackReport, FeedbackSummaryReport } from "../../api/report-route.js";
import type { SummaryRow } from "../../store/feedback-report.js";
import { styleFor, type Style } from "../output/text.js";
import { readableReason } from "./contact.js";

export interface ReportFeedbackOptions {
  since?: string;
  by: "week" | "month";
  outcome?: string;
  loop?: string;
  format: "text" | "json" | "csv";
}

const words = (o: string): string => o.replace(/[_-]+/g, " ");
const when = (iso: string): string => iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text that a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe: contact ids
 * and names come from outside. Numbers are written as they are.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows to CSV text: CRLF after every record, as RFC 4180 says. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvField).join(",") + "\r\n").join("");
}

function outcomeColumns(r: FeedbackSummaryReport): string[] {
  return [...new Set(r.loops.flatMap((l) => l.outcomes))];
}

export function summaryCsv(r: FeedbackSummaryReport): string {
  const outcomes = outcomeColumns(r);
  return toCsv([
    ["loop", "period", "mqls", ...outcomes, "unanswered", "asks"],
    ...r.rows.map((row) => [row.loop, row.period, row.mqls, ...outcomes.map((o) => row.outcomes[o] ?? 0), row.unanswered, row.asks]),
  ]);
}

export function diagnosticCsv(r: FeedbackDiagnosticReport): string {
  const head = ["loop", "contact", "email", "threshold", "alert_at", "outcome", "outcome_at", "by", "asks", "deleted", "score", "key", "delta", "value", "reason", "event", "at"];
  const rows: (string | number | null)[][] = [head];
  for (const c of r.contacts) {
    const base = [c.loop, c.contact, c.email, c.threshold, c.alertAt, c.outcome, c.outcomeAt, c.by, c.asks, c.deleted ? "yes" : "no"];
    if (c.ledger.length === 0) rows.push([...base, null, null, null, null, null, null, null]);
    for (const l of c.ledger) rows.push([...base, l.score, l.key, l.delta, l.value, l.reason, l.event, l.at]);
  }
  return toCsv(rows);
}

/** A table with right-aligned numbers, the first column left-aligned. */
function table(head: string[], rows: (string | number)[][]): string[] {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells.map((r) => "  " + r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ").trimEnd());
}

export function summaryText(r: FeedbackSummaryReport, s: Style): string {
  const out = [s.bold(`MQL feedback by ${r.by}`) + (r.since === null ? "" : s.dim(` (alerts since ${when(r.since)})`))];
  if (r.loops.length === 0) return out.concat("  the deployed version has no feedback loops", "").join("\n");
  for (const loop of r.loops) {
    const rows: SummaryRow[] = r.rows.filter((x) => x.loop === loop.loop);
    out.push("", s.bold(`feedback loop ${loop.loop}`));
    if (rows.length === 0) {
      out.push("  no MQLs in this period");
      continue;
    }
    const total = (f: (x: SummaryRow) => number): number => rows.reduce((n, x) => n + f(x), 0);
    const head = [r.by === "week" ? "week of" : "month", "MQLs", ...loop.outcomes.map(words), "unanswered", "asks sent"];
    const body = rows.map((x) => [x.period, x.mqls, ...loop.outcomes.map((o) => x.outcomes[o] ?? 0), x.unanswered, x.asks]);
    body.push(["total", total((x) => x.mqls), ...loop.outcomes.map((o) => total((x) => x.outcomes[o] ?? 0)), total((x) => x.unanswered), total((x) => x.asks)]);
    out.push(...table(head, body));
  }
  return out.join("\n") + "\n";
}

export function diagnosticText(r: FeedbackDiagnosticReport, s: Style): string {
  const out = [s.bold(`MQLs judged "${words(r.outcome)}": ${r.contacts.length}${r.truncated ? " (the oldest; more exist)" : ""}`) + (r.since === null ? "" : s.dim(` (alerts since ${when(r.since)})`))];
  for (const c of r.contacts) {
    out.push("", s.bold(c.email === null ? c.contact : `${c.contact} (${c.email})`) + (c.deleted ? s.red(" (deleted)") : ""));
    out.push(`  alert       ${when(c.alertAt)}, threshold ${c.threshold}, feedback loop ${c.loop}`);
    out.push(`  verdict     ${words(r.outcome)}${c.outcomeAt === null ? "" : ` on ${when(c.outcomeAt)}`}${c.by === null ? "" : ` by ${c.by}`}${c.asks === 0 ? ", before the first ask" : `, after ${plural(c.asks, "ask")}`}`);
    out.push("  score history" + s.dim(" (oldest first)"));
    if (c.ledger.length === 0) out.push("    none");
    for (const l of c.ledger) {
      const name = l.key === "" ? l.score : `${l.score}[${l.key}]`;
      out.push(`    ${s.dim(when(l.at))}  ${name} ${l.delta >= 0 ? s.green(signed(l.delta)) : s.red(signed(l.delta))} → ${l.value}  ${readableReason(l.reason)}`);
    }
  }
  return out.join("\n") + "\n";
}

export async function reportFeedbackCommand(opts: ReportFeedbackOptions): Promise<number> {
  const query = new URLSearchParams({ by: opts.by });
  if (opts.since !== undefined) query.set("since", opts.since);
  if (opts.outcome !== undefined) query.set("outcome", opts.outcome);
  if (opts.loop !== undefined) query.set("loop", opts.loop);
  const reply = await callApi(apiTarget(), "GET", `/reports/feedback?${query.toString()}`);
  if (!reply.ok) {
    process.stderr.write(`report feedback: ${reply.error}\n`);
    // A refused parameter (bad --since, unknown outcome) is a usage error.
    return reply.status === 400 ? 2 : 1;
  }
  const report = reply.body as FeedbackReport;
  if (opts.format === "json") process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else if (opts.format === "csv") process.stdout.write(report.report === "summary" ? summaryCsv(report) : diagnosticCsv(report));
  else {
    const style = styleFor(process.stdout);
    process.stdout.write(report.report === "summary" ? summaryText(report, style) : diagnosticText(report, style));
  }
  return 0;
}
