/**
 * The `smtp` channel: each message is one plain-text email through the server named by the
 * channel's URL (`smtp://user:pass@host:587`, `smtps://…` for TLS from the start).
 */
import { createTransport } from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import { linksFor } from "./links.js";
import { textOf } from "./text-body.js";
import type { ChannelSender, LinkBuilder, OutboundMessage, SendResult } from "./types.js";

export interface SmtpSenderOptions {
  url: string;
  /** The sender address; default `funnelform <no-reply@HOST>`. */
  from?: string;
  /** Give up on one message after this long without progress (default 10 s); it is retried later. */
  timeoutMs?: number;
  links?: LinkBuilder;
}

function errorParts(error: unknown): { code?: string; responseCode?: number; message: string } {
  if (error === null || typeof error !== "object") return { message: String(error) };
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  const responseCode = "responseCode" in error && typeof error.responseCode === "number" ? error.responseCode : undefined;
  const message = error instanceof Error ? error.message : "an unknown error";
  return { ...(code === undefined ? {} : { code }), ...(responseCode === undefined ? {} : { responseCode }), message };
}

/**
 * A refusal with a 5xx reply (no such mailbox, message rejected) is final; 4xx replies and
 * connection trouble pass. A refused login is retried too: it is the channel's settings, not
 * the message, and the messages should go once the operator fixes them.
 */
function judge(error: unknown, where: string): SendResult {
  const e = errorParts(error);
  if (e.code === "EAUTH") return { ok: false, permanent: false, reason: `the mail server ${where} refused the login (check the channel's URL): ${e.message}` };
  if (e.responseCode !== undefined && e.responseCode >= 500) return { ok: false, permanent: true, reason: `the mail server ${where} refused the message: ${e.message}` };
  return { ok: false, permanent: false, reason: `could not send through ${where}: ${e.message}` };
}

/** An smtp channel named `name`. */
export function createSmtpSender(name: string, opts: SmtpSenderOptions): ChannelSender {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const host = new URL(opts.url).hostname;
  const where = host === "" ? "(no host)" : host;
  const from = opts.from ?? `funnelform <no-reply@${where}>`;
  const transport = createTransport({ url: opts.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  return {
    name,
    type: "smtp",
    async send(m: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      if (m.to === null) {
        return { ok: false, permanent: true, reason: `${m.contact ?? "the contact"} has no address for this ${m.kind} message (the recipient field is not set)` };
      }
      const { subject, text } = textOf(m, linksFor(m, opts.links));
      try {
        // nodemailer 10 honours `signal` (its typings do not list it yet).
        const mail: Mail.Options & { signal: AbortSignal } = { from, to: m.to, subject, text, headers: { "X-Funnelform-Key": m.key }, signal };
        await transport.sendMail(mail);
        return { ok: true };
      } catch (error) {
        return judge(error, where);
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
