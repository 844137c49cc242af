/**
 * The `log` channel, the development default: one line per message on a stream, in logfmt
 * (`key=value`, quoted when needed) — readable in a terminal and parseable by log tools.
 * A feedback request's links are on the line, so a developer can click them.
 */
import type { Writable } from "node:stream";
import { linksFor } from "./links.js";
import type { ChannelSender, LinkBuilder, OutboundMessage, SendResult } from "./types.js";

/** `key=value` with the value quoted when it holds spaces, quotes or `=`. */
function field(key: string, value: string | number): string {
  const s = String(value);
  return `${key}=${/^[^\s"=]+$/.test(s) ? s : JSON.stringify(s)}`;
}

/** The log line of `m` (no newline). */
export function logLine(m: OutboundMessage, links?: Record<string, string>): string {
  const parts = [
    field("time", new Date(m.at).toISOString()),
    field("msg", `${m.kind}${m.template === null ? "" : ` ${m.template}`}${m.contact === null ? "" : ` for ${m.contact}`}`),
    field("channel", m.channel),
    field("kind", m.kind),
    field("to", m.to ?? "(none)"),
  ];
  if (m.contact !== null) parts.push(field("contact", m.contact));
  if (m.template !== null) parts.push(field("template", m.template));
  for (const [k, v] of Object.entries(m.data).sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(field(k, v));
  for (const [outcome, url] of Object.entries(links ?? {})) parts.push(field(`link.${outcome}`, url));
  parts.push(field("key", m.key));
  return parts.join(" ");
}

export interface LogSenderOptions {
  /** Where lines go; default: standard output (the process log). */
  stream?: Writable;
  links?: LinkBuilder;
}

/** A log channel named `name`. Writing a line never fails a message. */
export function createLogSender(name: string, opts: LogSenderOptions = {}): ChannelSender {
  const stream = opts.stream ?? process.stdout;
  return {
    name,
    type: "log",
    send(m: OutboundMessage): Promise<SendResult> {
      const line = logLine(m, linksFor(m, opts.links)?.links);
      return new Promise((resolve) => {
        stream.write(line + "\n", (error) => {
          resolve(error ? { ok: false, permanent: false, reason: `could not write the log line: ${error.message}` } : { ok: true });
        });
      });
    },
  };
}
