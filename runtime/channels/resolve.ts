/**
 * From the deployed IR and the environment to the senders of its channels — or the list of
 * what is missing, so `worker` (and `apply`) refuse to start and say which variable to set.
 */
import type { Writable } from "node:stream";
import type { Channel, Ir } from "../../schemas/ir.js";
import { channelEnvErrors, envValue, type Env } from "./env-check.js";
import { createLogSender, type LogSenderOptions } from "./log-sender.js";
import { createSmtpSender } from "./smtp-sender.js";
import type { ChannelSender, LinkBuilder } from "./types.js";
import { createWebhookSender } from "./webhook-sender.js";

/**
 * Channels a workspace has without declaring them: `notify` without `via` uses `log`, `send
 * email` and `ask … via email` use `email`; undeclared, both write to the log (the
 * development default).
 */
export const IMPLICIT_LOG_CHANNELS = ["email", "log"] as const;

export interface ResolveOptions {
  /** Where log channels write; default standard output. */
  logStream?: Writable;
  /** Builds feedback requests' links; none: requests carry no links. */
  links?: LinkBuilder;
  /** Per-request timeout of webhook and SMTP sends (default 10 s). */
  timeoutMs?: number;
  /** The clock of webhook timestamps (epoch ms). */
  now?: () => number;
  /**
   * `funnelform dev`: a channel whose variables are unset writes to the log instead of
   * being refused, so a laptop runs a workspace whose CRM and mail server it cannot reach.
   */
  unsetAsLog?: boolean;
}

export type ResolvedChannels = { ok: true; senders: Map<string, ChannelSender> } | { ok: false; errors: string[] };

function urlError(name: string, variable: string, value: string, protocols: readonly string[]): string | undefined {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = "";
  }
  if (protocols.includes(protocol)) return undefined;
  // The value is not repeated: it may hold a password.
  return `channel ${name} needs a URL in the environment variable ${variable} starting with ${protocols.map((p) => `${p}//`).join(" or ")}, but it holds something else`;
}

const logOptions = (opts: ResolveOptions): LogSenderOptions => ({
  ...(opts.logStream === undefined ? {} : { stream: opts.logStream }),
  ...(opts.links === undefined ? {} : { links: opts.links }),
});

function build(name: string, ch: Channel, env: Env, opts: ResolveOptions): ChannelSender | string {
  const common = { ...(opts.links === undefined ? {} : { links: opts.links }), ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) };
  if (ch.type === "log") return createLogSender(name, logOptions(opts));
  // channelEnvErrors ran first: the variables are set.
  const url = envValue(env, ch.url.env) ?? "";
  if (ch.type === "webhook") {
    const bad = urlError(name, ch.url.env, url, ["http:", "https:"]);
    if (bad !== undefined) return bad;
    const secret = ch.secret === undefined ? undefined : envValue(env, ch.secret.env);
    return createWebhookSender(name, { url, ...common, ...(secret === undefined ? {} : { secret }), ...(opts.now === undefined ? {} : { now: opts.now }) });
  }
  const bad = urlError(name, ch.url.env, url, ["smtp:", "smtps:"]);
  if (bad !== undefined) return bad;
  return createSmtpSender(name, { url, ...common, ...(ch.from === undefined ? {} : { from: ch.from }) });
}

/**
 * The senders of `ir`'s channels by name (declared ones, plus the implicit `log` and
 * `email`), or every problem at once: an unset or empty variable is named with the channel
 * that needs it ("channel crm needs the environment variable CRM_WEBHOOK_URL, which is not
 * set"), a URL of the wrong kind likewise.
 */
export function resolveChannels(ir: Pick<Ir, "channels">, env: Env, opts: ResolveOptions = {}): ResolvedChannels {
  const unset = new Set(
    opts.unsetAsLog === true ? Object.entries(ir.channels).flatMap(([name, ch]) => (channelEnvErrors({ channels: { [name]: ch } }, env).length > 0 ? [name] : [])) : [],
  );
  const errors = opts.unsetAsLog === true ? [] : channelEnvErrors(ir, env);
  if (errors.length > 0) return { ok: false, errors };
  const senders = new Map<string, ChannelSender>();
  for (const name of Object.keys(ir.channels).sort()) {
    const ch = ir.channels[name];
    if (ch === undefined) continue;
    const built = unset.has(name) ? createLogSender(name, logOptions(opts)) : build(name, ch, env, opts);
    if (typeof built === "string") errors.push(built);
    else senders.set(name, built);
  }
  if (errors.length > 0) {
    for (const s of senders.values()) void s.close?.();
    return { ok: false, errors };
  }
  for (const name of IMPLICIT_LOG_CHANNELS) {
    if (!senders.has(name)) senders.set(name, createLogSender(name, logOptions(opts)));
  }
  return { ok: true, senders };
}

/** Closes every sender's connections (SMTP pools); for a worker that stops. */
export async function closeSenders(senders: ReadonlyMap<string, ChannelSender>): Promise<void> {
  await Promise.all([...senders.values()].map((s) => (s.close === undefined ? Promise.resolve() : s.close())));
}
