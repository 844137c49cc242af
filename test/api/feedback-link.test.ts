import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { feedbackLinksForAsk, signFeedbackToken, verifyFeedbackToken, parseAskKey } from "../../runtime/api/feedback-link.js";
import { buildApi } from "../../runtime/api/server.js";
import { simulate } from "../../runtime/engine/index.js";
import { runDueTimers } from "../../runtime/ingest/index.js";
import type { Db } from "../../runtime/store/db.js";
import { applyVersion } from "../../runtime/store/versions.js";
import { countRows, truncateState } from "../ingest/helpers.js";
import { BACKENDS, HOOK_TIMEOUT, type Backend } from "../store/backends.js";
import { auth, B2B, B2B_MODEL, DAY, demo, HOUR, lead, postEvents, R0, storedEvents, TOKEN, TRICKY } from "./b2b-history.js";

const SECRET = "feedback-secret-for-tests-0123456789";
const BASE = "https://funnel.example.com/";
/** When the first ask is due: the demo at R0, `ask ... after 3d`. */
const ASK1 = R0 + 3 * DAY;

describe.each(BACKENDS)("feedback links on $kind", ({ make }) => {
  let backend: Backend;
  let db: Db;
  let app: FastifyInstance;
  let clock = R0;
  const recorded: [string, string][] = [];
  const errors: Error[] = [];
  beforeAll(async () => {
    backend = make();
    db = await backend.migrated();
    app = await buildApi({
      db,
      token: TOKEN,
      now: () => clock,
      feedbackSecret: SECRET,
      onError: (e) => errors.push(e),
      onFeedbackRecorded: (contact, loop) => {
        recorded.push([contact, loop]);
        return Promise.reject(new Error("the worker is down"));
      },
    });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app.close();
    await backend.dispose();
  }, HOOK_TIMEOUT);
  beforeEach(async () => {
    await truncateState(db);
    await db.exec("TRUNCATE config_activations, config_versions, apply_lock");
    await applyVersion(db, { ir: B2B, appliedBy: "test" });
    recorded.length = 0;
    errors.length = 0;
  });

  /** An MQL whose first ask has been sent: the links of that ask, by outcome (paths on this server). */
  async function askedLead(contact: string, email: string): Promise<Record<string, string>> {
    await postEvents(app, [lead(contact, email, R0 - HOUR), demo(contact, R0)]);
    clock = ASK1;
    await runDueTimers(db, B2B_MODEL, ASK1);
    const [row] = await db.query<{ key: string; payload: unknown }>("SELECT key, payload FROM outbox WHERE kind = 'feedback' AND contact = $1", [contact]);
    if (row === undefined) throw new Error("no ask was sent");
    expect(parseAskKey(row.key)).toEqual({ loop: "mql_quality", contact, startedAt: R0, ask: 1 });
    const links = feedbackLinksForAsk(SECRET, BASE, row, ASK1);
    if (links === undefined) throw new Error("the ask has no links");
    return Object.fromEntries(Object.entries(links).map(([o, url]) => [o, url.slice(BASE.length - 1)]));
  }
  const click = (path: string) => app.inject({ method: "GET", url: path });
  const contact = async (id: string): Promise<{ stages: Record<string, string>; feedback: { outcome?: string }[] }> =>
    (await app.inject({ method: "GET", url: `/contacts/${encodeURIComponent(id)}?at=${new Date(clock).toISOString()}`, headers: auth })).json();

  it("one click records the outcome, runs its actions, and matches simulate; a second click changes nothing", async () => {
    const links = await askedLead("ines", "ines@hafen.example");
    expect(Object.keys(links).sort()).toEqual(["bad_fit", "bad_timing", "good_lead", "junk"]);
    expect(links["good_lead"]).toMatch(/^\/feedback\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    clock = ASK1 + 2 * HOUR;
    // A mail scanner checking the link with HEAD records nothing.
    expect((await app.inject({ method: "HEAD", url: links["good_lead"] ?? "" })).statusCode).toBe(200);
    expect((await contact("ines")).feedback[0]?.outcome).toBeUndefined();
    const res = await click(links["good_lead"] ?? "");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("Thanks — recorded");
    expect(res.body).toContain("good lead for ines@hafen.example");
    const after = await contact("ines");
    expect(after.stages["lifecycle"]).toBe("sales_accepted");
    expect(after.feedback).toMatchObject([{ outcome: "good_lead" }]);
    expect(after).toEqual(simulate(B2B, await storedEvents(db), { until: clock }).contacts.find((c) => c.id === "ines"));
    // The hook ran once; its failure was reported, not shown to the owner.
    expect(recorded).toEqual([["ines", "mql_quality"]]);
    expect(errors.map((e) => e.message)).toEqual(["the worker is down"]);

    const events = await countRows(db, "events");
    clock += HOUR;
    const again = await click(links["good_lead"] ?? "");
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain("Already recorded");
    expect(await countRows(db, "events")).toBe(events);
    expect(recorded.length).toBe(1);
  });

  it("a link for another outcome of an answered run is refused with 409 and records nothing", async () => {
    const links = await askedLead("ines", "ines@hafen.example");
    expect((await click(links["bad_fit"] ?? "")).statusCode).toBe(200);
    const events = await countRows(db, "events");
    const other = await click(links["good_lead"] ?? "");
    expect(other.statusCode).toBe(409);
    expect(other.body).toContain("already has the verdict");
    expect(await countRows(db, "events")).toBe(events);
    expect((await contact("ines")).feedback).toMatchObject([{ outcome: "bad_fit" }]);
  });

  it("refuses a token with any one character changed (403), or signed with another secret", async () => {
    const links = await askedLead("ines", "ines@hafen.example");
    const path = links["junk"] ?? "";
    const token = path.slice("/feedback/".length);
    const dot = token.indexOf(".");
    for (const i of [0, Math.floor(dot / 2), dot - 1, dot + 1, token.length - 1]) {
      const c = token[i] === "A" ? "B" : "A";
      const forged = token.slice(0, i) + c + token.slice(i + 1);
      const res = await click(`/feedback/${forged}`);
      expect([400, 403]).toContain(res.statusCode);
      expect(res.body).toContain("not valid");
    }
    const claim = { contact: "ines", loop: "mql_quality", startedAt: R0, outcome: "junk", expiresAt: clock + DAY };
    expect((await click(`/feedback/${signFeedbackToken("another-secret-0123456789", claim)}`)).statusCode).toBe(403);
    for (const junk of ["x", "a.b.c", "%27%3B%20DROP%20TABLE%20events%3B--", encodeURIComponent("' OR 1=1 --.abc")]) {
      expect((await click(`/feedback/${junk}`)).statusCode).toBe(400);
    }
    expect((await contact("ines")).feedback).toMatchObject([{ asks: 1 }]);
    expect((await contact("ines")).feedback[0]?.outcome).toBeUndefined();
    expect(recorded).toEqual([]);
  });

  it("refuses an expired link (410) and a link of an earlier run (409)", async () => {
    await askedLead("ines", "ines@hafen.example");
    const base = { contact: "ines", loop: "mql_quality", startedAt: R0, outcome: "good_lead" };
    const expired = signFeedbackToken(SECRET, { ...base, expiresAt: clock - 1 });
    expect(verifyFeedbackToken(SECRET, expired, clock)).toMatchObject({ ok: false, reason: "expired" });
    const res = await click(`/feedback/${expired}`);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain("expired");
    const earlier = signFeedbackToken(SECRET, { ...base, startedAt: R0 - 40 * DAY, expiresAt: clock + DAY });
    const superseded = await click(`/feedback/${earlier}`);
    expect(superseded.statusCode).toBe(409);
    expect(superseded.body).toContain("earlier request");
    const unknown = signFeedbackToken(SECRET, { ...base, contact: "nobody", expiresAt: clock + DAY });
    expect((await click(`/feedback/${unknown}`)).statusCode).toBe(404);
    expect((await contact("ines")).feedback[0]?.outcome).toBeUndefined();
  });

  it("works for a contact id with quotes and SQL in it, and escapes it in the page", async () => {
    const links = await askedLead(TRICKY, "<b>omar</b>@rival.example");
    const res = await click(links["bad_timing"] ?? "");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("&lt;b&gt;omar&lt;/b&gt;@rival.example");
    expect(res.body).not.toContain("<b>omar");
    expect((await contact(TRICKY)).stages["lifecycle"]).toBe("recycled");
    expect(await countRows(db, "ledger")).toBeGreaterThan(0);
  });

  it("needs no bearer token, and answers 503 on a server without FUNNELFORM_SECRET", async () => {
    const links = await askedLead("ines", "ines@hafen.example");
    const bare = await buildApi({ db, token: TOKEN, now: () => clock });
    try {
      const res = await bare.inject({ method: "GET", url: links["good_lead"] ?? "" });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain("FUNNELFORM_SECRET");
    } finally {
      await bare.close();
    }
    // Other endpoints still need the token.
    expect((await app.inject({ method: "GET", url: "/feedback" })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/feedback/a/b" })).statusCode).toBe(401);
  });
});
