/**
 * The outbox sender: claims due messages, sends each through its channel, records the
 * outcome. Several senders (processes) may run at once.
 *
 * At most once per key: a claim is a lease (`claimOutbox`, `FOR UPDATE SKIP LOCKED`), so
 * two senders never hold the same row; every send is cut off well before its lease ends, so
 * a row is never claimed again while a send of it may still be under way; a sent row is
 * marked sent and never claimed again. The one window left: a sender that crashes after the
 * receiver got the message and before `markSent` — the lease expires and the next sender
 * sends it again. Webhook receivers dedupe on `Idempotency-Key` (the outbox key) for that.
 */
import type { Db } from "../store/db.js";
import { markDead } from "../store/outbox-dead-letter.js";
import { claimOutbox, markFailed, markSent, type ClaimedMessage, type ClaimFilter } from "../store/outbox.js";
import { toOutbound } from "./message.js";
import { backoffMs, DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
import type { ChannelSender, SendResult } from "./types.js";

/** Where the sender finds a channel's sender: a `Map` from `resolveChannels`, or one that follows the active version. */
export interface SenderLookup {
  get(channel: string): ChannelSender | undefined;
}

/** Kinds the channel sender leaves alone: workflow starts belong to the Temporal dispatcher. */
export const NOT_FOR_CHANNELS: readonly string[] = ["workflow"];

export interface OutboxSenderOptions {
  db: Db;
  /** Channel name → sender (`resolveChannels`); read at every message, so it may change. */
  senders: SenderLookup;
  /** This sender's name on its claims (unique per process: host and pid). */
  worker: string;
  /** The clock (epoch ms); default `Date.now`. */
  now?: () => number;
  /** Messages claimed and sent at once (default 20). */
  batch?: number;
  /** How long a claim holds (default 60 s); each send is cut off at half of it. */
  leaseMs?: number;
  /** Stops the loop of `runOutboxSender`; sends under way finish first. */
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Which kinds to claim; default: every kind but `workflow`. */
  claim?: ClaimFilter;
  /** Wait between two looks at an empty outbox (default 1 s). */
  idleMs?: number;
  /** Called with each message's outcome (logs, metrics). */
  onOutcome?: (outcome: SendOutcome) => void;
  /** Called when the database cannot be reached; the loop waits and tries again. */
  onError?: (error: unknown) => void;
}

/**
 * What became of one claimed message: `sent`; `retry` (due again at `retryAt`); `dead`
 * (dead-lettered with `reason`); `lost` (another sender took it over or sent it meanwhile:
 * nothing recorded); `error` (the outcome could not be recorded; the claim expires and the
 * message comes back).
 */
export interface SendOutcome {
  key: string;
  channel: string;
  kind: string;
  attempt: number;
  status: "sent" | "retry" | "dead" | "lost" | "error";
  reason?: string;
  retryAt?: number;
}

/** Counts of one pass. */
export interface PassSummary {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  lost: number;
  errors: number;
}

async function attempt(sender: ChannelSender | undefined, row: ClaimedMessage, budgetMs: number): Promise<SendResult> {
  if (sender === undefined) {
    return { ok: false, permanent: false, reason: `there is no channel named "${row.channel}" in the configuration this sender runs` };
  }
  try {
    return await sender.send(toOutbound(row), AbortSignal.timeout(budgetMs));
  } catch (error) {
    // A sender reports failures as results; a throw is a bug, retried like a failure.
    return { ok: false, permanent: false, reason: `the ${sender.type} sender failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function record(o: Required<Pick<OutboxSenderOptions, "db" | "worker" | "now">>, policy: RetryPolicy, row: ClaimedMessage, r: SendResult): Promise<SendOutcome> {
  const base = { key: row.key, channel: row.channel, kind: row.kind, attempt: row.attempts };
  const at = o.now();
  if (r.ok) return { ...base, status: (await markSent(o.db, row.key, at)) ? "sent" : "lost" };
  if (r.permanent || row.attempts >= policy.maxAttempts) {
    const reason = r.permanent ? r.reason : `gave up after ${row.attempts} attempts; the last one: ${r.reason}`;
    return { ...base, status: (await markDead(o.db, row.key, o.worker, reason, at)) ? "dead" : "lost", reason };
  }
  const retryAt = at + backoffMs(row.attempts, policy, r.retryAfterMs);
  return { ...base, status: (await markFailed(o.db, row.key, o.worker, r.reason, retryAt)) ? "retry" : "lost", reason: r.reason, retryAt };
}

/** One pass: claims up to `batch` due messages, sends them side by side, records each outcome. */
export async function sendDueOnce(opts: OutboxSenderOptions): Promise<PassSummary> {
  const o = { db: opts.db, worker: opts.worker, now: opts.now ?? Date.now };
  const leaseMs = opts.leaseMs ?? 60_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const rows = await claimOutbox(opts.db, opts.worker, opts.batch ?? 20, leaseMs, o.now(), opts.claim ?? { exceptKinds: NOT_FOR_CHANNELS });
  const summary: PassSummary = { claimed: rows.length, sent: 0, retried: 0, dead: 0, lost: 0, errors: 0 };
  // Half the lease for the send leaves the other half to record it before anyone may reclaim.
  const budgetMs = Math.max(1, Math.floor(leaseMs / 2));
  const outcomes = await Promise.all(
    rows.map(async (row): Promise<SendOutcome> => {
      const result = await attempt(opts.senders.get(row.channel), row, budgetMs);
      try {
        return await record(o, policy, row, result);
      } catch (error) {
        const reason = `could not record the outcome: ${error instanceof Error ? error.message : String(error)}`;
        return { key: row.key, channel: row.channel, kind: row.kind, attempt: row.attempts, status: "error", reason };
      }
    }),
  );
  for (const out of outcomes) {
    if (out.status === "sent") summary.sent++;
    else if (out.status === "retry") summary.retried++;
    else if (out.status === "dead") summary.dead++;
    else if (out.status === "lost") summary.lost++;
    else summary.errors++;
    opts.onOutcome?.(out);
  }
  return summary;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Sends due messages until `signal` aborts: a full batch is followed at once by the next
 * pass; otherwise the loop waits `idleMs`. A database error is reported and waited out.
 */
export async function runOutboxSender(opts: OutboxSenderOptions): Promise<void> {
  const batch = opts.batch ?? 20;
  const idleMs = opts.idleMs ?? 1000;
  while (opts.signal?.aborted !== true) {
    let claimed = 0;
    try {
      claimed = (await sendDueOnce(opts)).claimed;
    } catch (error) {
      opts.onError?.(error);
    }
    if (claimed < batch) await pause(idleMs, opts.signal);
  }
}
