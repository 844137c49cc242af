/**
 * `funnelform contact show ID [--explain] [--format text|json]`: a contact as the runtime
 * sees it now. The JSON has the keys of one contact in `simulate`'s output, so the two
 * compare directly; the text is for a marketer: what the contact is, and with --explain why.
 */
import { apiTarget, callApi } from "../../api/client.js";
import type { ExplainLedgerRow, ExplainStageRow } from "../../api/explain.js";
import type { ContactSummary } from "../../engine/index.js";
import { parseTime } from "../../engine/validate.js";
import { styleFor, type Style } from "../output/text.js";

export interface ContactShowOptions {
  explain: boolean;
  format: "text" | "json";
  /** A date-time to view the contact at (scores decayed to it); default now. */
  at?: string;
}

type ShownContact = ContactSummary & { ledger?: ExplainLedgerRow[]; stageHistory?: ExplainStageRow[] };

const list = (xs: readonly string[]): string => (xs.length === 0 ? "-" : xs.join(", "));
/** "2026-03-01T09:00:00.000Z" → "2026-03-01 09:00:00 UTC": easier to read in a column. */
const when = (iso: string): string => iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

const REASON_WORDS: Record<string, string> = {
  decay: "decay (no recent activity)",
  event: "an event",
  initial: "entered the pipeline",
};

/** The engine's `rule:Visit` reads as `rule "Visit"`; bare words get a short phrase. */
export function readableReason(reason: string): string {
  const colon = reason.indexOf(":");
  if (colon > 0) return `${reason.slice(0, colon)} "${reason.slice(colon + 1)}"`;
  return REASON_WORDS[reason] ?? reason;
}

const keyed = (name: string, key: string): string => (key === "" ? name : `${name}[${key}]`);

export function renderContactText(c: ShownContact, s: Style): string {
  const out: string[] = [];
  out.push(s.bold(`contact ${c.id}`) + (c.deleted === undefined ? "" : s.red(` (deleted ${c.deleted})`)));
  out.push(`  scores      ${list(Object.entries(c.scores).map(([k, v]) => `${k} ${v}`))}`);
  out.push(`  stages      ${list(Object.entries(c.stages).map(([k, v]) => `${k}: ${v}`))}`);
  out.push(`  segments    ${list(c.segments)}`);
  out.push(`  tags        ${list(c.tags)}`);
  out.push(`  thresholds  ${list(c.thresholds.map((t) => `${t.name} at ${when(t.at)}`))}`);
  if (c.feedback.length > 0)
    out.push(`  feedback    ${list(c.feedback.map((f) => `${f.loop}: ${f.outcome ?? "open"}, ${f.asks} ask${f.asks === 1 ? "" : "s"}`))}`);
  if (c.ledger !== undefined) {
    out.push("", s.bold("score changes") + s.dim(" (oldest first)"));
    if (c.ledger.length === 0) out.push("  none");
    for (const r of c.ledger)
      out.push(`  ${s.dim(when(r.at))}  ${keyed(r.score, r.key)} ${r.delta >= 0 ? s.green(signed(r.delta)) : s.red(signed(r.delta))} → ${r.value}  ${readableReason(r.reason)}${r.event === null ? "" : s.dim(` (event ${r.event})`)}`);
  }
  if (c.stageHistory !== undefined) {
    out.push("", s.bold("stage history") + s.dim(" (oldest first)"));
    if (c.stageHistory.length === 0) out.push("  none");
    for (const h of c.stageHistory)
      out.push(`  ${s.dim(when(h.at))}  ${keyed(h.pipeline, h.key)}: ${h.from === null ? "entered" : h.from} → ${h.to}  ${readableReason(h.reason)}`);
  }
  return out.join("\n") + "\n";
}

export async function contactShowCommand(id: string, opts: ContactShowOptions): Promise<number> {
  const query = new URLSearchParams();
  if (opts.explain) query.set("explain", "1");
  if (opts.at !== undefined) {
    if (parseTime(opts.at) === undefined) {
      process.stderr.write(`contact show: --at must be a date-time like 2026-03-01T09:00:00Z, got "${opts.at}"\n`);
      return 2;
    }
    query.set("at", opts.at);
  }
  const qs = query.toString();
  const reply = await callApi(apiTarget(), "GET", `/contacts/${encodeURIComponent(id)}${qs === "" ? "" : `?${qs}`}`);
  if (!reply.ok) {
    process.stderr.write(`contact show: ${reply.error}\n`);
    return 1;
  }
  const contact = reply.body as ShownContact;
  if (opts.format === "json") process.stdout.write(JSON.stringify(contact, null, 2) + "\n");
  else process.stdout.write(renderContactText(contact, styleFor(process.stdout)));
  return 0;
}
