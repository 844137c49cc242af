/**
 * `funnelform events send FILE.ndjson`: sends a history to the runtime's API in batches of
 * 1,000. Each batch is all-or-nothing on the server, so a rejected batch can be fixed and the
 * whole file sent again: events already stored come back as duplicates and change nothing.
 */
import { readFileSync } from "node:fs";
import { apiTarget, callApi } from "../../api/client.js";

export const SEND_BATCH = 1000;
/** Bad lines listed one by one; more are only counted. */
const MAX_LISTED = 50;

interface Line {
  line: number;
  text: string;
}

interface Tally {
  accepted: number;
  duplicates: number;
  rejected: number;
  bad: { line: number; reason: string }[];
  refused: { event: string; error: string }[];
}

const num = (n: number): string => n.toLocaleString("en");

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The file's events with their line numbers; lines that are not JSON objects are problems. */
function readLines(text: string): { events: Line[]; problems: { line: number; reason: string }[] } {
  const events: Line[] = [];
  const problems: { line: number; reason: string }[] = [];
  text.split("\n").forEach((raw, i) => {
    const t = raw.trim();
    if (t === "") return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      problems.push({ line: i + 1, reason: "not JSON: each line must be one event object" });
      return;
    }
    if (!isRecord(v)) problems.push({ line: i + 1, reason: "not an event object: each line must be one {...}" });
    else events.push({ line: i + 1, text: t });
  });
  return { events, problems };
}

/** Adds a 400's per-event errors to the tally, with file line numbers. */
function tallyRejected(t: Tally, batch: readonly Line[], body: unknown): void {
  t.rejected += batch.length;
  const errors = isRecord(body) && Array.isArray(body["errors"]) ? body["errors"] : [];
  for (const e of errors) {
    if (!isRecord(e)) continue;
    const index = typeof e["index"] === "number" ? e["index"] : -1;
    const reason = typeof e["reason"] === "string" ? e["reason"] : "refused";
    t.bad.push({ line: batch[index]?.line ?? 0, reason });
  }
}

function tallyAccepted(t: Tally, body: unknown): void {
  if (!isRecord(body)) return;
  t.accepted += typeof body["accepted"] === "number" ? body["accepted"] : 0;
  t.duplicates += typeof body["duplicates"] === "number" ? body["duplicates"] : 0;
  if (Array.isArray(body["refused"]))
    for (const r of body["refused"]) if (isRecord(r)) t.refused.push({ event: String(r["event"]), error: String(r["error"]) });
}

export async function eventsSendCommand(file: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    process.stderr.write(`events send: cannot read ${file}\n`);
    return 1;
  }
  const { events, problems } = readLines(text);
  if (problems.length > 0) {
    for (const p of problems.slice(0, MAX_LISTED)) process.stderr.write(`${file}:${p.line}: ${p.reason}\n`);
    if (problems.length > MAX_LISTED) process.stderr.write(`… and ${num(problems.length - MAX_LISTED)} more\n`);
    process.stderr.write(`events send: ${num(problems.length)} line${problems.length === 1 ? " is" : "s are"} not events: nothing was sent\n`);
    return 1;
  }
  const target = apiTarget();
  const tty = process.stderr.isTTY === true;
  const t: Tally = { accepted: 0, duplicates: 0, rejected: 0, bad: [], refused: [] };
  for (let start = 0; start < events.length; start += SEND_BATCH) {
    const batch = events.slice(start, start + SEND_BATCH);
    const reply = await callApi(target, "POST", "/events", `[${batch.map((l) => l.text).join(",")}]`);
    if (reply.ok) tallyAccepted(t, reply.body);
    else if (reply.status === 400) tallyRejected(t, batch, reply.body);
    else {
      if (tty) process.stderr.write("\r\u001b[K");
      process.stderr.write(`events send: ${reply.error}\n`);
      process.stderr.write(`stopped after ${num(start)} of ${num(events.length)} events (${num(t.accepted)} accepted); sending the file again is safe\n`);
      return 1;
    }
    if (tty) {
      const done = Math.min(start + SEND_BATCH, events.length);
      process.stderr.write(`\rsending ${file}: ${num(done)} of ${num(events.length)} events (${Math.floor((done / events.length) * 100)}%)\u001b[K`);
    }
  }
  if (tty) process.stderr.write("\r\u001b[K");
  for (const b of t.bad.slice(0, MAX_LISTED)) process.stderr.write(`${file}:${b.line}: ${b.reason}\n`);
  if (t.bad.length > MAX_LISTED) process.stderr.write(`… and ${num(t.bad.length - MAX_LISTED)} more\n`);
  for (const r of t.refused.slice(0, MAX_LISTED)) process.stderr.write(`event ${r.event} was stored but had no effect: ${r.error}\n`);
  process.stdout.write(`${file}: ${num(t.accepted)} accepted, ${num(t.duplicates)} duplicates, ${num(t.rejected)} rejected\n`);
  if (t.rejected > 0) {
    process.stderr.write(
      `events send: batches with bad events were rejected whole (nothing of them was written): fix the lines above and send the file again\n`,
    );
    return 1;
  }
  return 0;
}
