import { PassThrough } from "node:stream";
import type { Db } from "../../runtime/store/db.js";
import { enqueue, type OutboxMessage } from "../../runtime/store/outbox.js";

export const T = Date.UTC(2026, 2, 1, 9, 0, 0);
export const SECRET = "whsec-test-0123456789";

/** A message shaped as ingest writes it (`appendEffects`): payload `{ to, template?, data, at }`. */
export function engineMessage(
  key: string,
  kind: string,
  channel: string,
  opts: { to?: string | null; template?: string; data?: Record<string, string | number>; contact?: string; at?: number } = {},
): OutboxMessage {
  const at = new Date(opts.at ?? T).toISOString();
  const payload = { to: opts.to ?? null, ...(opts.template === undefined ? {} : { template: opts.template }), data: opts.data ?? { reason: "threshold:mql" }, at };
  return { key, kind, channel, contact: opts.contact ?? "ann", configHash: "a".repeat(64), payload, availableAt: opts.at ?? T };
}

/** A feedback ask as the engine writes it (key `feedback:<loop>:<contact>:<start>:ask:<n>`). */
export function askMessage(contact: string, ask: number, channel: string, to: string | null, startedAt = T): OutboxMessage {
  const key = `feedback:mql_quality:${contact}:${new Date(startedAt).toISOString()}:ask:${ask}`;
  return engineMessage(key, "feedback", channel, { to, contact, at: startedAt, data: { loop: "mql_quality", ask, outcomes: "bad_fit,bad_timing,good_lead,junk" } });
}

export async function queue(db: Db, messages: OutboxMessage[]): Promise<void> {
  await enqueue(db, messages);
}

/** The outbox row's state, for asserting what a user would see in the table. */
export async function rowState(db: Db, key: string): Promise<{ sent: boolean; dead: boolean; attempts: number; lastError: string | null }> {
  const rows = await db.query<{ sent_at: Date | null; dead_at: Date | null; attempts: number; last_error: string | null }>(
    "SELECT sent_at, dead_at, attempts, last_error FROM outbox WHERE key = $1",
    [key],
  );
  const r = rows[0];
  if (r === undefined) throw new Error(`no outbox row ${key}`);
  return { sent: r.sent_at !== null, dead: r.dead_at !== null, attempts: r.attempts, lastError: r.last_error };
}

/** A stream that keeps what is written to it. */
export function captureStream(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c.toString("utf8")));
  return { stream, text: () => text };
}
