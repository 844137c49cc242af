/**
 * The outbox sender as the worker runs it: the channels of the active version, resolved
 * from the environment (refusing to start, naming what is missing), followed when a new
 * version is applied, and the send loop.
 */
import type { Writable } from "node:stream";
import { feedbackLinkTtl } from "../api/feedback-link.js";
import { activeVersion } from "../store/versions.js";
import type { Ir } from "../../schemas/ir.js";
import { envValue, type Env } from "./env-check.js";
import { createLinkBuilder } from "./links.js";
import { closeSenders, resolveChannels } from "./resolve.js";
import { runOutboxSender, type OutboxSenderOptions, type SendOutcome } from "./run-sender.js";
import type { ChannelSender, LinkBuilder } from "./types.js";

/** The link builder the environment configures: `FUNNELFORM_SECRET`, links to `FUNNELFORM_URL`. */
export function linkBuilderFromEnv(env: Env): { links?: LinkBuilder; error?: string } {
  const secret = envValue(env, "FUNNELFORM_SECRET");
  if (secret === undefined) return {};
  const ttl = feedbackLinkTtl(env);
  if ("error" in ttl) return { error: ttl.error };
  return { links: createLinkBuilder(secret, envValue(env, "FUNNELFORM_URL") ?? "http://127.0.0.1:7270", ttl.ms) };
}

/** What an operator is told about one message: failures only (sends are in the table). */
export function describeOutcome(o: SendOutcome): string | undefined {
  const what = `the ${o.kind} message ${o.key} (channel ${o.channel}, attempt ${o.attempt})`;
  if (o.status === "retry") return `${what} failed and is retried at ${new Date(o.retryAt ?? 0).toISOString()}: ${o.reason ?? ""}`;
  if (o.status === "dead") return `${what} was dead-lettered: ${o.reason ?? ""}`;
  if (o.status === "error") return `${what}: ${o.reason ?? ""}; it comes back when its claim expires`;
  if (o.status === "lost") return `${what} was taken over by another sender (its claim had expired): nothing recorded here`;
  return undefined;
}

export interface ChannelWorkerOptions extends Omit<OutboxSenderOptions, "senders" | "signal"> {
  env: Env;
  signal: AbortSignal;
  /** Where log channels write (default standard output). */
  logStream?: Writable;
  /** Operator messages: a new version's channels, problems. */
  log?: (message: string) => void;
  /** How often to look for a newly applied version (default 5 s). */
  versionPollMs?: number;
  /** `dev`: channels whose variables are unset write to the log (ResolveOptions.unsetAsLog). */
  unsetAsLog?: boolean;
}

export type StartedChannels = { ok: true; done: Promise<void> } | { ok: false; errors: string[] };

/**
 * Starts sending for the active version (none yet: only the implicit log channels). Refuses,
 * with every reason, when a channel's variable is unset or a feedback loop needs
 * `FUNNELFORM_SECRET` for its links. A later version whose channels cannot be resolved is
 * reported and the previous channels are kept (apply refuses such a version already).
 */
export async function startChannelSender(opts: ChannelWorkerOptions): Promise<StartedChannels> {
  const log = opts.log ?? (() => undefined);
  const linkSetup = linkBuilderFromEnv(opts.env);
  const resolveFor = (ir: Pick<Ir, "channels" | "feedback">): { senders?: Map<string, ChannelSender>; errors: string[] } => {
    const errors: string[] = linkSetup.error === undefined ? [] : [linkSetup.error];
    const loops = Object.keys(ir.feedback).sort();
    if (loops.length > 0 && linkSetup.links === undefined && linkSetup.error === undefined) {
      errors.push(`the feedback loop ${loops[0]} sends links signed with the environment variable FUNNELFORM_SECRET, which is not set`);
    }
    const r = resolveChannels(ir, opts.env, {
      ...(opts.logStream === undefined ? {} : { logStream: opts.logStream }),
      ...(linkSetup.links === undefined ? {} : { links: linkSetup.links }),
      ...(opts.now === undefined ? {} : { now: opts.now }),
      ...(opts.unsetAsLog === true ? { unsetAsLog: true } : {}),
    });
    if (!r.ok) return { errors: [...r.errors, ...errors] };
    if (errors.length > 0) {
      void closeSenders(r.senders);
      return { errors };
    }
    return { senders: r.senders, errors };
  };

  const first = await activeVersion(opts.db);
  let hash = first?.hash;
  const initial = resolveFor(first?.ir ?? { channels: {}, feedback: {} });
  if (initial.senders === undefined) return { ok: false, errors: initial.errors };
  let current = initial.senders;
  const retired: Map<string, ChannelSender>[] = [];

  const follow = async (): Promise<void> => {
    const v = await activeVersion(opts.db);
    if (v === undefined || v.hash === hash) return;
    const next = resolveFor(v.ir);
    hash = v.hash;
    if (next.senders === undefined) {
      log(`version ${v.hash.slice(0, 12)} is active but its channels cannot be used; still sending with the previous ones:\n  ${next.errors.join("\n  ")}`);
      return;
    }
    // The old senders may have sends under way: they are closed when the loop ends.
    retired.push(current);
    current = next.senders;
    log(`sending through the channels of version ${v.hash.slice(0, 12)}`);
  };
  const watch = (async () => {
    while (!opts.signal.aborted) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.versionPollMs ?? 5_000);
        opts.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
      });
      if (opts.signal.aborted) break;
      try {
        await follow();
      } catch (error) {
        log(`could not read the active version (will retry): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  const sending = runOutboxSender({
    ...opts,
    senders: { get: (channel) => current.get(channel) },
    onOutcome: opts.onOutcome ?? ((o) => {
      const message = describeOutcome(o);
      if (message !== undefined) log(message);
    }),
    onError: opts.onError ?? ((error) => log(`could not reach the database to send messages (will retry): ${error instanceof Error ? error.message : String(error)}`)),
  });
  const done = Promise.all([watch, sending]).then(async () => {
    for (const s of [current, ...retired]) await closeSenders(s);
  });
  return { ok: true, done };
}
