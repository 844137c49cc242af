import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { verifySignature } from "../../runtime/channels/webhook-signature.js";

/** One request the webhook receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  key: string;
  /** The signature verified against the receiver's copy of the secret. */
  signed: boolean;
}

export interface WebhookReceiver {
  url: string;
  requests: Received[];
  /** How many requests each idempotency key got. */
  perKey(): Map<string, number>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on port 0 that checks signatures with `secret` and answers each request
 * with `answer(n)` (n = 0-based index of the request): a status, and an optional body.
 */
export async function startWebhookReceiver(
  secret: string,
  answer: (n: number, req: Received) => { status: number; body?: string; delayMs?: number } = () => ({ status: 200 }),
): Promise<WebhookReceiver> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const sig = req.headers["x-funnelform-signature"];
      const received: Received = {
        headers: req.headers,
        body,
        key: String(req.headers["idempotency-key"] ?? ""),
        signed: verifySignature(secret, body, typeof sig === "string" ? sig : undefined),
      };
      const n = requests.length;
      requests.push(received);
      const a = answer(n, received);
      setTimeout(() => {
        res.writeHead(a.status, { "content-type": "text/plain" });
        res.end(a.body ?? "");
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/funnel?token=s3cr3t-in-query`,
    requests,
    perKey() {
      const m = new Map<string, number>();
      for (const r of requests) m.set(r.key, (m.get(r.key) ?? 0) + 1);
      return m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  url: string;
  mails: Mail[];
  close(): Promise<void>;
}

/** A real SMTP server on port 0 (no TLS, no login) that refuses recipients matching `refuse` with 550. */
export async function startSmtpReceiver(refuse: RegExp = /^$/): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.test(address.address)) {
        const err = new Error(`mailbox ${address.address} does not exist`) as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
