/**
 * The environment variables a workspace's channels need. Endpoints and secrets never live in
 * the files; `apply` and `worker` refuse to start when one is unset, naming it. No sender is
 * built here, so `apply` checks without loading any mail or HTTP code.
 */
import type { Channel, Ir } from "../../schemas/ir.js";

/** Environment variables as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** One environment variable a channel reads, and for what. */
export interface ChannelEnvNeed {
  channel: string;
  variable: string;
  /** `url` or `secret`: what the variable holds. */
  setting: "url" | "secret";
}

/** The environment variables `channel` reads, in a stable order (url, then secret). */
export function channelEnvNeeds(name: string, channel: Channel): ChannelEnvNeed[] {
  if (channel.type === "log") return [];
  const needs: ChannelEnvNeed[] = [{ channel: name, variable: channel.url.env, setting: "url" }];
  if (channel.type === "webhook" && channel.secret !== undefined) needs.push({ channel: name, variable: channel.secret.env, setting: "secret" });
  return needs;
}

/** The value of `variable`, or undefined when it is unset or empty (an empty URL or secret is a mistake too). */
export function envValue(env: Env, variable: string): string | undefined {
  const v = env[variable];
  return v === undefined || v.trim() === "" ? undefined : v;
}

/**
 * One error line per unset variable, in channel-name order:
 * `channel crm needs the environment variable CRM_WEBHOOK_URL, which is not set`.
 */
export function channelEnvErrors(ir: Pick<Ir, "channels">, env: Env): string[] {
  const errors: string[] = [];
  for (const name of Object.keys(ir.channels).sort()) {
    const channel = ir.channels[name];
    if (channel === undefined) continue;
    for (const need of channelEnvNeeds(name, channel)) {
      const raw = env[need.variable];
      if (raw === undefined) errors.push(`channel ${name} needs the environment variable ${need.variable}, which is not set`);
      else if (raw.trim() === "") errors.push(`channel ${name} needs the environment variable ${need.variable}, which is empty`);
    }
  }
  return errors;
}
