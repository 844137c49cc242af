import { afterEach, describe, expect, it } from "vitest";
import { resolveChannels } from "../../runtime/channels/resolve.js";
import { runOutboxSender, sendDueOnce, type OutboxSenderOptions } from "../../runtime/channels/run-sender.js";
import { toOutbound } from "../../runtime/channels/message.js";
import { signBody, verifySignature } from "../../runtime/channels/webhook-signature.js";
import type { ChannelSender } from "../../runtime/channels/types.js";
import type { Db } from "../../runtime/store/db.js";
import { listDeadLetters, requeueDead } from "../../runtime/store/outbox-dead-letter.js";
import { claimOutbox, markSent } from "../../runtime/store/outbox.js";
import { BACKENDS, sharedMigratedDb, truncateAll } from "../store/backends.js";
import { engineMessage, queue, rowState, SECRET, T } from "./fixtures.js";
import { startWebhookReceiver, type WebhookReceiver } from "./receivers.js";

const IR = { channels: { crm: { type: "webhook" as const, url: { env: "CRM_WEBHOOK_URL" }, secret: { env: "CRM_WEBHOOK_SECRET" } } } };

function sendersFor(receiver: WebhookReceiver, now: () => number, timeoutMs?: number): Map<string, ChannelSender> {
  const r = resolveChannels(IR, { CRM_WEBHOOK_URL: receiver.url, CRM_WEBHOOK_SECRET: SECRET }, { now, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.senders;
}

describe.each(BACKENDS)("the webhook channel on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateAll);
  let receiver: WebhookReceiver | undefined;
  afterEach(() => receiver?.close());
  let t = T;
  const now = (): number => t;
  const opts = (senders: Map<string, ChannelSender>, extra: Partial<OutboxSenderOptions> = {}): OutboxSenderOptions => ({
    db,
    senders,
    worker: "w1",
    now,
    retry: { baseMs: 60_000, maxMs: 3_600_000 },
    ...extra,
  });

  it("posts a message once, signed over its exact body, with the outbox key as Idempotency-Key", async () => {
    t = T;
    receiver = await startWebhookReceiver(SECRET);
    await queue(db, [engineMessage("threshold:mql:ann:1:0", "webhook", "crm", { data: { reason: "threshold:mql" } })]);
    const senders = sendersFor(receiver, now);
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 1, sent: 1 });
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 0 });
    t = T + 86_400_000;
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 0 });

    expect(receiver.requests).toHaveLength(1);
    const got = receiver.requests[0]!;
    expect(got.signed).toBe(true);
    expect(got.key).toBe("threshold:mql:ann:1:0");
    expect(got.headers["x-funnelform-timestamp"]).toBe(String(T / 1000));
    expect(JSON.parse(got.body)).toMatchObject({ id: "threshold:mql:ann:1:0", kind: "webhook", contact: "ann", data: { reason: "threshold:mql" }, attempt: 1, sentAt: new Date(T).toISOString() });
    // One changed byte and the signature no longer matches.
    const tampered = got.body.replace('"ann"', '"bob"');
    expect(tampered).not.toBe(got.body);
    expect(verifySignature(SECRET, tampered, String(got.headers["x-funnelform-signature"]))).toBe(false);
    expect(verifySignature("another-secret", got.body, String(got.headers["x-funnelform-signature"]))).toBe(false);
    expect(signBody(SECRET, got.body)).toBe(got.headers["x-funnelform-signature"]);
    expect(await rowState(db, "threshold:mql:ann:1:0")).toMatchObject({ sent: true, dead: false, attempts: 1 });
  });

  it("retries after a 500 with exponential backoff, then records the send", async () => {
    t = T;
    receiver = await startWebhookReceiver(SECRET, (n) => (n < 2 ? { status: n === 0 ? 500 : 503, body: "CRM is down" } : { status: 200 }));
    await queue(db, [engineMessage("k500", "webhook", "crm")]);
    const senders = sendersFor(receiver, now);
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 1, retried: 1 });
    const first = await rowState(db, "k500");
    expect(first).toMatchObject({ sent: false, dead: false });
    expect(first.lastError).toContain("HTTP 500");
    expect(first.lastError).toContain("CRM is down");
    // The URL's query holds a token: errors name the host only.
    expect(first.lastError).not.toContain("s3cr3t");
    const due1 = (await db.query<{ available_at: Date }>("SELECT available_at FROM outbox WHERE key = 'k500'"))[0]!.available_at.getTime();
    // First wait: 30–60 s (half fixed, half jitter of the 60 s base).
    expect(due1 - T).toBeGreaterThanOrEqual(30_000);
    expect(due1 - T).toBeLessThanOrEqual(60_000);
    t = due1 - 1;
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 0 });
    t = due1;
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 1, retried: 1 });
    const due2 = (await db.query<{ available_at: Date }>("SELECT available_at FROM outbox WHERE key = 'k500'"))[0]!.available_at.getTime();
    // Second wait doubles: 60–120 s.
    expect(due2 - due1).toBeGreaterThanOrEqual(60_000);
    expect(due2 - due1).toBeLessThanOrEqual(120_000);
    t = due2;
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 1, sent: 1 });
    expect(receiver.requests.map((r) => [r.key, (JSON.parse(r.body) as { attempt: number }).attempt])).toEqual([
      ["k500", 1],
      ["k500", 2],
      ["k500", 3],
    ]);
    expect(await rowState(db, "k500")).toMatchObject({ sent: true, dead: false, attempts: 3 });
  });

  it("dead-letters a message the receiver refuses with 400, with its reason, and never sends it again", async () => {
    t = T;
    receiver = await startWebhookReceiver(SECRET, (n, req) => (req.key === "bad" ? { status: 400, body: "unknown field 'foo'" } : { status: 200 }));
    await queue(db, [engineMessage("bad", "webhook", "crm"), engineMessage("good", "webhook", "crm")]);
    const senders = sendersFor(receiver, now);
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 2, sent: 1, dead: 1 });
    const dead = await listDeadLetters(db);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ key: "bad", channel: "crm", attempts: 1, deadAt: T });
    expect(dead[0]!.reason).toContain("HTTP 400");
    expect(dead[0]!.reason).toContain("unknown field 'foo'");
    t = T + 30 * 86_400_000;
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 0 });
    expect(receiver.requests.filter((r) => r.key === "bad")).toHaveLength(1);
    expect(await rowState(db, "good")).toMatchObject({ sent: true });
    // An operator requeues it (after fixing the cause): it is sent again, with a fresh count.
    expect(await requeueDead(db, ["bad", "good"], t)).toEqual(["bad"]);
    expect(await sendDueOnce(opts(senders))).toMatchObject({ claimed: 1, dead: 1 });
    expect(receiver.requests.filter((r) => r.key === "bad")).toHaveLength(2);
    expect(await rowState(db, "bad")).toMatchObject({ dead: true, attempts: 1 });
  });

  it("treats 429 as a retry and gives up after the maximum number of attempts", async () => {
    t = T;
    receiver = await startWebhookReceiver(SECRET, () => ({ status: 429, body: "slow down" }));
    await queue(db, [engineMessage("busy", "webhook", "crm")]);
    const senders = sendersFor(receiver, now);
    for (let i = 0; i < 2; i++) {
      expect(await sendDueOnce(opts(senders, { retry: { maxAttempts: 3, baseMs: 1000 } }))).toMatchObject({ claimed: 1, retried: 1 });
      t += 3_600_000;
    }
    expect(await sendDueOnce(opts(senders, { retry: { maxAttempts: 3, baseMs: 1000 } }))).toMatchObject({ claimed: 1, dead: 1 });
    const [dead] = await listDeadLetters(db);
    expect(dead?.reason).toMatch(/gave up after 3 attempts.*HTTP 429/);
    expect(receiver.requests).toHaveLength(3);
  });

  it("a failing channel does not hold back the others; an unreachable receiver is retried", async () => {
    t = T;
    receiver = await startWebhookReceiver(SECRET);
    const broken = resolveChannels(
      { channels: { ...IR.channels, down: { type: "webhook", url: { env: "DOWN_URL" } } } },
      { CRM_WEBHOOK_URL: receiver.url, CRM_WEBHOOK_SECRET: SECRET, DOWN_URL: "http://127.0.0.1:1/hook" },
      { now },
    );
    if (!broken.ok) throw new Error(broken.errors.join("\n"));
    await queue(db, [engineMessage("to-down", "webhook", "down"), engineMessage("to-crm", "webhook", "crm"), engineMessage("to-nowhere", "webhook", "gone")]);
    expect(await sendDueOnce(opts(broken.senders))).toMatchObject({ claimed: 3, sent: 1, retried: 2 });
    expect((await rowState(db, "to-down")).lastError).toContain("could not reach 127.0.0.1:1");
    expect((await rowState(db, "to-nowhere")).lastError).toContain('no channel named "gone"');
    expect(receiver.requests.map((r) => r.key)).toEqual(["to-crm"]);
  });

  it("a slow receiver is cut off by the timeout and retried", async () => {
    t = T;
    receiver = await startWebhookReceiver(SECRET, (n) => (n === 0 ? { status: 200, delayMs: 2000 } : { status: 200 }));
    await queue(db, [engineMessage("slow", "webhook", "crm")]);
    const senders = sendersFor(receiver, now, 200);
    expect(await sendDueOnce(opts(senders))).toMatchObject({ retried: 1 });
    expect((await rowState(db, "slow")).lastError).toContain("did not answer within 0.2 s");
  });

  it("after a crash the message is sent again only when it was not recorded as sent; receivers dedupe on Idempotency-Key", async () => {
    t = T;
    receiver = await startWebhookReceiver(SECRET);
    await queue(db, [engineMessage("recorded", "webhook", "crm"), engineMessage("unrecorded", "webhook", "crm")]);
    const senders = sendersFor(receiver, now);
    // A worker claims both, delivers both, records one, and dies.
    const claimed = await claimOutbox(db, "crashed", 10, 60_000, T);
    for (const row of claimed) expect(await senders.get("crm")!.send(toOutbound(row), AbortSignal.timeout(5000))).toEqual({ ok: true });
    expect(await markSent(db, "recorded", T)).toBe(true);
    // While its lease holds, nobody sends them.
    t = T + 59_999;
    expect(await sendDueOnce(opts(senders, { worker: "w2" }))).toMatchObject({ claimed: 0 });
    t = T + 60_000;
    expect(await sendDueOnce(opts(senders, { worker: "w2" }))).toMatchObject({ claimed: 1, sent: 1 });
    expect(Object.fromEntries(receiver.perKey())).toEqual({ recorded: 1, unrecorded: 2 });
  });

  it("two senders running side by side send each message exactly once", async () => {
    receiver = await startWebhookReceiver(SECRET, () => ({ status: 200, delayMs: 5 }));
    const keys = Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(2, "0")}`);
    await queue(db, keys.map((k) => engineMessage(k, "webhook", "crm", { at: Date.now() - 1000 })));
    const senders = sendersFor(receiver, Date.now);
    const stop = new AbortController();
    // On PostgreSQL each sender's queries run on their own pooled connections, as two processes would.
    const sentBy = new Map<string, number>();
    const runs = ["sender-a", "sender-b"].map((worker) =>
      runOutboxSender({
        db,
        senders,
        worker,
        batch: 4,
        idleMs: 20,
        signal: stop.signal,
        onOutcome: (o) => sentBy.set(worker, (sentBy.get(worker) ?? 0) + (o.status === "sent" ? 1 : 0)),
      }),
    );
    const deadline = Date.now() + 20_000;
    while (receiver.requests.length < keys.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // A little longer: a duplicate would show up now.
    await new Promise((r) => setTimeout(r, 200));
    stop.abort();
    await Promise.all(runs);
    expect([...receiver.perKey().entries()].sort()).toEqual(keys.map((k) => [k, 1]));
    expect(await db.query("SELECT key FROM outbox WHERE sent_at IS NULL")).toEqual([]);
    // Both took part, and together they recorded each message once.
    expect(sentBy.get("sender-a")).toBeGreaterThan(0);
    expect(sentBy.get("sender-b")).toBeGreaterThan(0);
    expect((sentBy.get("sender-a") ?? 0) + (sentBy.get("sender-b") ?? 0)).toBe(60);
  });
});
