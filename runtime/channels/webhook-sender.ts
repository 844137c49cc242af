/**
 * The `webhook` channel: each message is one signed HTTP POST of JSON. A receiver must
 * dedupe on `Idempotency-Key`: the outbox sends a key at most once, except in one window —
 * a worker that crashes after the receiver got the request and before it recorded the send
 * leaves the message unsent, and the next worker sends it again when the claim expires.
 */
import { linksFor } from "./links.js";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./webhook-signature.js";
import type { ChannelSender, LinkBuilder, OutboundMessage, SendResult } from "./types.js";

export interface WebhookSenderOptions {
  url: string;
  /** HMAC key of the signature; none: requests are unsigned. */
  secret?: string;
  /** Give up on one request after this long (default 10 s); the message is retried later. */
  timeoutMs?: number;
  /** The clock for `sentAt` and the timestamp header (epoch ms). */
  now?: () => number;
  links?: LinkBuilder;
}

/** The JSON body a receiver gets. */
export interface WebhookBody {
  id: string;
  kind: string;
  channel: string;
  contact: string | null;
  to: string | null;
  template: string | null;
  data: Record<string, string | number>;
  at: string;
  configHash: string | null;
  attempt: number;
  sentAt: string;
  /** Feedback requests: outcome → one-click link, and when they expire. */
  links?: Record<string, string>;
  linksExpireAt?: string;
}

export function webhookBody(m: OutboundMessage, sentAt: number, links?: { links: Record<string, string>; expiresAt: number }): WebhookBody {
  const body: WebhookBody = {
    id: m.key,
    kind: m.kind,
    channel: m.channel,
    contact: m.contact,
    to: m.to,
    template: m.template,
    data: m.data,
    at: new Date(m.at).toISOString(),
    configHash: m.configHash,
    attempt: m.attempt,
    sentAt: new Date(sentAt).toISOString(),
  };
  if (links !== undefined) {
    body.links = links.links;
    body.linksExpireAt = new Date(links.expiresAt).toISOString();
  }
  return body;
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function snippet(res: Response): Promise<string> {
  try {
    const text = (await res.text()).replace(/\s+/g, " ").trim();
    return text === "" ? "" : `: ${text.slice(0, 200)}`;
  } catch {
    return "";
  }
}

/** What a response means for the message: 2xx sent; 408, 429 and 5xx retried; other answers refuse it for good. */
async function judge(res: Response, where: string, now: number): Promise<SendResult> {
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
  const reason = `${where} answered ${status}${await snippet(res)}`;
  if (res.status === 408 || res.status === 429 || res.status >= 500) {
    const wait = retryAfter(res.headers.get("retry-after"), now);
    return wait === undefined ? { ok: false, permanent: false, reason } : { ok: false, permanent: false, reason, retryAfterMs: wait };
  }
  if (res.status >= 300 && res.status < 400) {
    return { ok: false, permanent: true, reason: `${reason} (a redirect: set the channel's URL to where it points)` };
  }
  return { ok: false, permanent: true, reason: `${reason} (the receiver refused the message)` };
}

function networkReason(error: unknown, where: string, timeoutMs: number, timedOut: boolean, stopped: boolean): string {
  if (stopped) return `the request to ${where} was stopped before it was answered (the sender is stopping or its claim ran out)`;
  if (timedOut) return `${where} did not answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause !== null && typeof cause === "object" && "code" in cause ? String(cause.code) : undefined;
  const text = cause instanceof Error ? cause.message : String(cause);
  return `could not reach ${where}: ${code ?? text}`;
}

/** A webhook channel named `name`. */
export function createWebhookSender(name: string, opts: WebhookSenderOptions): ChannelSender {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;
  // The host only: the URL's path or query may hold a token that must not reach the logs.
  const where = new URL(opts.url).host;
  return {
    name,
    type: "webhook",
    async send(m: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      const sentAt = now();
      const body = JSON.stringify(webhookBody(m, sentAt, linksFor(m, opts.links)));
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "user-agent": "funnelform-outbox",
        [IDEMPOTENCY_HEADER]: m.key,
        [TIMESTAMP_HEADER]: String(Math.floor(sentAt / 1000)),
      };
      if (opts.secret !== undefined) headers[SIGNATURE_HEADER] = signBody(opts.secret, body);
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const res = await fetch(opts.url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.any([signal, timeout]) });
        return await judge(res, where, now());
      } catch (error) {
        return { ok: false, permanent: false, reason: networkReason(error, where, timeoutMs, timeout.aborted, signal.aborted) };
      }
    },
  };
}
