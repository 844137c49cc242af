import { afterEach, describe, expect, it } from "vitest";
import { verifyFeedbackToken } from "../../runtime/api/feedback-link.js";
import { createLinkBuilder } from "../../runtime/channels/links.js";
import { closeSenders, resolveChannels } from "../../runtime/channels/resolve.js";
import { sendDueOnce } from "../../runtime/channels/run-sender.js";
import type { ChannelSender } from "../../runtime/channels/types.js";
import type { Db } from "../../runtime/store/db.js";
import { listDeadLetters } from "../../runtime/store/outbox-dead-letter.js";
import { BACKENDS, sharedMigratedDb, truncateAll } from "../store/backends.js";
import { askMessage, engineMessage, queue, rowState, T } from "./fixtures.js";
import { startSmtpReceiver, type Mail, type SmtpReceiver } from "./receivers.js";

const LINK_SECRET = "feedback-link-secret-0123456789";
const IR = { channels: { email: { type: "smtp" as const, url: { env: "SMTP_URL" }, from: "marketing@example.com" } } };

/** The decoded text of a plain-text mail (headers unfolded, quoted-printable undone). */
function decode(mail: Mail): { headers: string; body: string } {
  const [head = "", ...rest] = mail.raw.split(/\r?\n\r?\n/);
  let body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    body = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return { headers: head.replace(/\r?\n[ \t]+/g, " "), body: body.replace(/\r\n/g, "\n") };
}

const postgres = BACKENDS.filter((b) => b.kind === "postgres");

describe.each(postgres)("the smtp channel on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateAll);
  let server: SmtpReceiver | undefined;
  let senders: Map<string, ChannelSender> | undefined;
  afterEach(async () => {
    if (senders !== undefined) await closeSenders(senders);
    await server?.close();
  });
  const start = async (refuse?: RegExp): Promise<Map<string, ChannelSender>> => {
    server = await startSmtpReceiver(refuse);
    const r = resolveChannels(IR, { SMTP_URL: server.url }, { links: createLinkBuilder(LINK_SECRET, "https://funnel.example.com/", 7 * 86_400_000) });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    senders = r.senders;
    return r.senders;
  };

  it("mails a feedback request once, with one signed link per outcome", async () => {
    const s = await start();
    await queue(db, [askMessage("ann", 2, "email", "owner@example.com")]);
    expect(await sendDueOnce({ db, senders: s, worker: "w1", now: () => T })).toMatchObject({ claimed: 1, sent: 1 });
    expect(await sendDueOnce({ db, senders: s, worker: "w1", now: () => T + 86_400_000 })).toMatchObject({ claimed: 0 });
    expect(server!.mails).toHaveLength(1);
    const mail = server!.mails[0]!;
    expect(mail).toMatchObject({ from: "marketing@example.com", to: ["owner@example.com"] });
    const { headers, body } = decode(mail);
    expect(headers).toMatch(/Subject: How good is this lead\? ann \(mql quality\)/);
    expect(body).toContain("request 2");
    const links = [...body.matchAll(/^ {2}([a-z ]+):\s+(https:\/\/funnel\.example\.com\/feedback\/(\S+))$/gm)];
    expect(links.map((m) => m[1])).toEqual(["bad fit", "bad timing", "good lead", "junk"]);
    for (const [, outcome, , token] of links) {
      const v = verifyFeedbackToken(LINK_SECRET, token ?? "", T + 86_400_000);
      expect(v).toMatchObject({ ok: true, claim: { contact: "ann", loop: "mql_quality", startedAt: T, outcome: outcome?.replace(" ", "_"), expiresAt: T + 7 * 86_400_000 } });
    }
    expect(body).toContain(`These links work until ${new Date(T + 7 * 86_400_000).toISOString().slice(0, 10)}`);
  });

  it("mails an owner alert that says why, in plain words", async () => {
    const s = await start();
    await queue(db, [engineMessage("threshold:mql:bob:0", "notify", "email", { to: "sales@example.com", template: "mql-alert", contact: "bob" })]);
    expect(await sendDueOnce({ db, senders: s, worker: "w1", now: () => T })).toMatchObject({ sent: 1 });
    const { headers, body } = decode(server!.mails[0]!);
    expect(headers).toContain("Subject: mql-alert: bob");
    expect(body).toContain('bob needs your attention: the threshold "mql" was reached.');
    expect(body).toContain("Message id: threshold:mql:bob:0");
  });

  it("dead-letters a message to a mailbox the server refuses, and one with no address", async () => {
    const s = await start(/^nobody@/);
    await queue(db, [
      engineMessage("refused", "notify", "email", { to: "nobody@example.com", template: "mql-alert" }),
      engineMessage("no-owner", "notify", "email", { to: null, template: "mql-alert", contact: "cy" }),
      engineMessage("fine", "notify", "email", { to: "rep@example.com", template: "mql-alert" }),
    ]);
    expect(await sendDueOnce({ db, senders: s, worker: "w1", now: () => T })).toMatchObject({ claimed: 3, sent: 1, dead: 2 });
    const dead = Object.fromEntries((await listDeadLetters(db)).map((d) => [d.key, d.reason]));
    expect(dead["refused"]).toMatch(/refused the message.*550/);
    expect(dead["no-owner"]).toContain("cy has no address");
    expect(server!.mails.map((m) => m.to)).toEqual([["rep@example.com"]]);
  });

  it("retries when the mail server cannot be reached", async () => {
    const r = resolveChannels(IR, { SMTP_URL: "smtp://127.0.0.1:1" }, { timeoutMs: 2000 });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    senders = r.senders;
    await queue(db, [engineMessage("later", "notify", "email", { to: "rep@example.com", template: "mql-alert" })]);
    expect(await sendDueOnce({ db, senders: r.senders, worker: "w1", now: () => T })).toMatchObject({ retried: 1 });
    expect(await rowState(db, "later")).toMatchObject({ sent: false, dead: false });
    expect((await rowState(db, "later")).lastError).toContain("could not send through 127.0.0.1");
  });
});
