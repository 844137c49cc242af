/**
 * `dev --demo`: feeds the workspace's sample history (`samples/events.ndjson` beside it),
 * moved in time so that it ends a minute ago — feedback asks due three days after an MQL
 * are then partly sent and partly still waiting, as in a live funnel — waits until the
 * runtime has caught up, and shows what happened in a marketer's terms.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { feedbackLinksForAsk } from "../api/feedback-link.js";
import type { Model } from "../engine/index.js";
import { ingestBatch } from "../ingest/index.js";
import { parseNdjson } from "../scenario/ndjson.js";
import type { Db } from "../store/db.js";

const BATCH = 500;

/** The sample history beside a workspace folder, or undefined. */
export function sampleHistoryPath(workspace: string): string | undefined {
  const p = join(workspace, "samples", "events.ndjson");
  return existsSync(p) ? p : undefined;
}

/** The events of `file`, shifted so that the last one happened `endsAgoMs` before `now`. */
export function shiftedHistory(file: string, now: number, endsAgoMs = 60_000): { events: Record<string, unknown>[]; problems: string[] } {
  const parsed = parseNdjson(readFileSync(file, "utf8"));
  const problems = parsed.problems.map((p) => `${file}:${p.line}: ${p.message}`);
  const records = parsed.events.filter((e): e is Record<string, unknown> => e !== null && typeof e === "object");
  const times = records.map((e) => Date.parse(String(e["at"])));
  const last = Math.max(...times.filter((t) => !Number.isNaN(t)));
  const by = now - endsAgoMs - last;
  const events = records.map((e, i) => ({ ...e, at: new Date((times[i] ?? 0) + by).toISOString() }));
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { events, problems };
}

export interface Fed {
  accepted: number;
  duplicates: number;
  contacts: number;
  refused: number;
}

/** Ingests `events` in batches, each one transaction, as `POST /events` does. */
export async function feed(db: Db, model: Model, events: readonly Record<string, unknown>[]): Promise<Fed | { error: string }> {
  const fed: Fed = { accepted: 0, duplicates: 0, contacts: 0, refused: 0 };
  const seen = new Set<string>();
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    const r = await ingestBatch(db, batch, { model });
    if (!r.ok) return { error: r.errors.slice(0, 3).map((e) => `event ${e.index + i + 1}: ${e.reason}`).join("; ") };
    fed.accepted += r.accepted;
    fed.duplicates += r.duplicates;
    fed.refused += r.refused.length;
    for (const e of batch) seen.add(String(e["contact"]));
  }
  fed.contacts = seen.size;
  return fed;
}

/** Work still due now: workflow starts not handed over, timers not fired, messages not sent. */
async function pending(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM workflow_dispatch WHERE done_at IS NULL AND available_at <= now())
           + (SELECT count(*) FROM contacts WHERE next_timer_at <= now())
           + (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL AND available_at <= now()))::int AS n`,
  );
  return row?.n ?? 0;
}

/** Waits until nothing is due (twice in a row) or `timeoutMs` passed; returns what is left. */
export async function settle(db: Db, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    const n = await pending(db);
    quiet = n === 0 ? quiet + 1 : 0;
    if (quiet >= 2 || Date.now() > until) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface DemoSummary {
  mqls: { contacts: number; fires: number; first: string[] };
  /** Asks sent, to whom, and MQLs whose loop still waits for a verdict. */
  asks: { sent: number; owners: string[]; openLoops: number };
  /** The links of one sent ask, by outcome (needs the secret and the API's URL). */
  exampleLinks?: { contact: string; links: Record<string, string> };
}

export async function summarize(db: Db, secret: string, apiUrl: string): Promise<DemoSummary> {
  const fires = await db.query<{ contact: string }>("SELECT contact FROM threshold_fires ORDER BY seq");
  const contacts = [...new Set(fires.map((f) => f.contact))];
  const asks = await db.query<{ key: string; payload: unknown; contact: string | null; sent: boolean }>(
    "SELECT key, payload, contact, sent_at IS NOT NULL AS sent FROM outbox WHERE kind = 'feedback' ORDER BY created_at, key",
  );
  const sent = asks.filter((a) => a.sent);
  const [open] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM feedback_runs f JOIN contacts c ON c.id = f.contact
      WHERE c.deleted_at IS NULL AND NOT (f.cell ? 'outcome')`,
  );
  const recipient = (payload: unknown): string => {
    const to = payload !== null && typeof payload === "object" && "to" in payload ? payload.to : undefined;
    return typeof to === "string" ? to : "";
  };
  const owners = [...new Set(sent.map((a) => recipient(a.payload)).filter((x) => x !== ""))];
  const summary: DemoSummary = {
    mqls: { contacts: contacts.length, fires: fires.length, first: contacts.slice(0, 5) },
    asks: { sent: sent.length, owners: owners.slice(0, 3), openLoops: open?.n ?? 0 },
  };
  const first = sent[0];
  if (first !== undefined) {
    const links = feedbackLinksForAsk(secret, apiUrl, first, Date.now());
    if (links !== undefined) summary.exampleLinks = { contact: first.contact ?? "", links };
  }
  return summary;
}
