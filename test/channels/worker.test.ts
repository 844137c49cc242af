import { afterEach, describe, expect, it } from "vitest";
import { startChannelSender } from "../../runtime/channels/channel-worker.js";
import { createLinkBuilder } from "../../runtime/channels/links.js";
import { resolveChannels } from "../../runtime/channels/resolve.js";
import { sendDueOnce } from "../../runtime/channels/run-sender.js";
import { compileModel } from "../../runtime/engine/index.js";
import { ingestBatch } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { compileText, WORKSPACE } from "../api/fixtures.js";
import { BACKENDS, sharedMigratedDb, truncateAll } from "../store/backends.js";
import { askMessage, captureStream, engineMessage, queue, SECRET, T } from "./fixtures.js";
import { startWebhookReceiver, type WebhookReceiver } from "./receivers.js";

const HOT = compileText(`${WORKSPACE}
channel crm { type webhook  url env("CRM_WEBHOOK_URL")  secret env("CRM_WEBHOOK_SECRET") }
threshold hot when engagement >= 10 {
  notify owner "hot-lead"
  webhook crm
}
`);

const V1 = compileText(WORKSPACE);
const V2 = compileText(`${WORKSPACE.replace('version "1"', 'version "2"')}
channel crm { type webhook  url env("CRM_WEBHOOK_URL")  secret env("CRM_WEBHOOK_SECRET") }
`);
const WITH_LOOP = compileText(`${WORKSPACE.replace('version "1"', 'version "3"')}
feedback quality {
  ask owner via email after 1d, then every 1d, at most 2 times
  good_lead -> tag good
}
`);

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe.each(BACKENDS.filter((b) => b.kind === "postgres"))("sending as the worker does, on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), truncateAll);
  let receiver: WebhookReceiver | undefined;
  afterEach(() => receiver?.close());

  it("writes one readable line per message, once, with a feedback request's links", async () => {
    const out = captureStream();
    const r = resolveChannels({ channels: {} }, {}, { logStream: out.stream, links: createLinkBuilder("k", "http://127.0.0.1:7270") });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    await queue(db, [
      engineMessage("threshold:mql:ann:0", "notify", "log", { to: "owner@example.com", template: "mql-alert" }),
      askMessage("ann", 1, "email", "owner@example.com"),
    ]);
    expect(await sendDueOnce({ db, senders: r.senders, worker: "w1", now: () => T })).toMatchObject({ claimed: 2, sent: 2 });
    expect(await sendDueOnce({ db, senders: r.senders, worker: "w1", now: () => T + 1000 })).toMatchObject({ claimed: 0 });
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const [ask, notify] = lines;
    expect(notify).toBe(
      'time=2026-03-01T09:00:00.000Z msg="notify mql-alert for ann" channel=log kind=notify to=owner@example.com contact=ann template=mql-alert reason=threshold:mql key=threshold:mql:ann:0',
    );
    expect(ask).toMatch(/^time=\S+ msg="feedback for ann" channel=email kind=feedback to=owner@example.com contact=ann ask=1 loop=mql_quality/);
    expect([...(ask ?? "").matchAll(/link\.(\w+)=http:\/\/127\.0\.0\.1:7270\/feedback\/\S+/g)].map((m) => m[1])).toEqual(["bad_fit", "bad_timing", "good_lead", "junk"]);
  });

  it("leaves rows of other kinds (workflow starts) alone", async () => {
    const out = captureStream();
    const r = resolveChannels({ channels: {} }, {}, { logStream: out.stream });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    await queue(db, [engineMessage("wf:1", "workflow", "log"), engineMessage("n:1", "notify", "log")]);
    expect(await sendDueOnce({ db, senders: r.senders, worker: "w1", now: () => T })).toMatchObject({ claimed: 1, sent: 1 });
    expect(await db.query("SELECT key, attempts FROM outbox WHERE sent_at IS NULL")).toEqual([{ key: "wf:1", attempts: 0 }]);
  });

  it("a threshold's webhook and owner alert each go out once, even when the events are sent again", async () => {
    receiver = await startWebhookReceiver(SECRET);
    const log = captureStream();
    const r = resolveChannels(HOT, { CRM_WEBHOOK_URL: receiver.url, CRM_WEBHOOK_SECRET: SECRET }, { logStream: log.stream });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    const model = compileModel(HOT);
    const events = [
      { id: "e1", type: "contact.updated", contact: "ann", at: new Date(T).toISOString(), props: { owner: "rep@example.com" } },
      { id: "e2", type: "webinar.attended", contact: "ann", at: new Date(T + 60_000).toISOString(), props: { webinar: "intro" } },
    ];
    expect(await ingestBatch(db, events, { model })).toMatchObject({ ok: true, accepted: 2 });
    expect(await ingestBatch(db, events, { model })).toMatchObject({ ok: true, accepted: 0 });
    // Ingest queues messages at the database's own time: the sender runs on the real clock.
    const now = Date.now;
    expect(await sendDueOnce({ db, senders: r.senders, worker: "w1", now })).toMatchObject({ claimed: 2, sent: 2 });
    expect(await sendDueOnce({ db, senders: r.senders, worker: "w1", now })).toMatchObject({ claimed: 0 });

    expect(receiver.requests).toHaveLength(1);
    const hook = receiver.requests[0]!;
    expect(hook.signed).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({ kind: "webhook", channel: "crm", contact: "ann", data: { reason: "threshold:hot" }, at: new Date(T + 60_000).toISOString(), configHash: HOT.hash });
    const lines = log.text().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('msg="notify hot-lead for ann" channel=log kind=notify to=rep@example.com');
  });

  it("refuses to start when the active version's channel or feedback links lack a variable, naming each", async () => {
    await applyVersion(db, { ir: WITH_LOOP, appliedBy: "test" });
    const refused = await startChannelSender({ db, env: {}, worker: "w", signal: AbortSignal.abort() });
    expect(refused).toEqual({ ok: false, errors: ["the feedback loop quality sends links signed with the environment variable FUNNELFORM_SECRET, which is not set"] });
    await applyVersion(db, { ir: V2, appliedBy: "test" });
    const again = await startChannelSender({ db, env: { CRM_WEBHOOK_SECRET: "s" }, worker: "w", signal: AbortSignal.abort() });
    expect(again).toEqual({ ok: false, errors: ["channel crm needs the environment variable CRM_WEBHOOK_URL, which is not set"] });
  });

  it("follows a newly applied version's channels without a restart", async () => {
    receiver = await startWebhookReceiver(SECRET);
    await applyVersion(db, { ir: V1, appliedBy: "test" });
    const out = captureStream();
    const stop = new AbortController();
    const started = await startChannelSender({
      db,
      env: { CRM_WEBHOOK_URL: receiver.url, CRM_WEBHOOK_SECRET: SECRET },
      worker: "w",
      signal: stop.signal,
      logStream: out.stream,
      idleMs: 20,
      versionPollMs: 50,
      retry: { baseMs: 50, maxMs: 100 },
    });
    if (!started.ok) throw new Error(started.errors.join("\n"));
    await queue(db, [engineMessage("n1", "notify", "log", { at: Date.now() - 1000, to: "rep@example.com" })]);
    await until(() => out.text().includes("key=n1"));
    expect(out.text()).toContain("key=n1");
    await applyVersion(db, { ir: V2, appliedBy: "test" });
    await queue(db, [engineMessage("w1", "webhook", "crm", { at: Date.now() - 1000 })]);
    await until(() => receiver!.requests.length > 0);
    stop.abort();
    await started.done;
    expect(receiver.requests.map((r) => [r.key, r.signed])).toEqual([["w1", true]]);
  });
});
