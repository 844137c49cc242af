/**
 * Campaign enrollments of examples/webshop under time skipping: a lapsed buyer enters the
 * win-back campaign when the segment refresh notices 90 quiet days, its waits pass (fired by
 * the same loop), and its emails go out when `simulate` says; a contact who leaves the entry
 * segment mid-wait ends its enrollment at once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { simulate } from "../../runtime/engine/index.js";
import { contactRows, DAY, startHarness, type Harness } from "./harness.js";

/**
 * The webshop workspace plus one campaign that, unlike the example's (which leave only on an
 * unsubscribe), keeps the default exit: leaving the entry segment.
 */
const EXTRA = `
campaign come_back "Lapsed buyers: one reminder" {
  enter when in segment lapsed_buyers
  remind: send email "we-miss-you"
  wait 7d
  again: send email "coupon-10-percent"
}
`;

function webshopIr() {
  const dir = join(import.meta.dirname, "../../examples/webshop");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel"))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
  const r = compileWorkspace([...files, { path: "come-back.funnel", text: EXTRA }]);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.value.ir;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness(webshopIr());
}, 120_000);
afterAll(() => h?.stop(), 60_000);

/** A customer who buys once and goes quiet. */
function buyer(contact: string, at: number): unknown[] {
  return [
    { id: `${contact}-profile`, type: "contact.updated", contact, at, props: { email: `${contact}@example.com`, first_name: "Ada" } },
    { id: `${contact}-buy`, type: "purchase.completed", contact, at: at + 1, props: { amount: 80, product: "boots" } },
  ];
}

const campaignMail = (outbox: { key: string; payload: { at: string } }[], campaign: string) =>
  outbox.filter((r) => r.key.startsWith(`campaign:${campaign}:`)).map((r) => ({ key: r.key, at: r.payload.at }));

/** The contact's enrollment cell in `campaign` (undefined: never enrolled). */
async function enrollment(contact: string, campaign: string): Promise<{ active?: unknown; entries: number } | undefined> {
  const [row] = await h.db.query<{ cell: { active?: unknown; entries: number } }>("SELECT cell FROM campaign_enrollments WHERE contact = $1 AND campaign = $2", [
    contact,
    campaign,
  ]);
  return row?.cell;
}

describe("campaign waits (fired by the segment-refresh loop)", () => {
  it("a lapsed buyer goes through the win-back campaign's waits; the emails and their times equal simulate's", async () => {
    const t0 = await h.now();
    const events = buyer("c1", t0);
    await h.ingest(events);
    await h.loops();
    await h.skip(91 * DAY);
    // The segment refresh saw 90 quiet days: the contact entered the win-back campaigns.
    expect(await enrollment("c1", "win_back_buyers")).toMatchObject({ entries: 1, active: expect.anything() as unknown });
    // Its waits pass (3d + 4d + 14d + until Saturday) with nothing but the loops running.
    await h.skip(35 * DAY);
    const end = await h.now();

    const sim = simulate(h.ir, events, { until: end });
    const simMail = sim.outbox
      .filter((r) => r.contact === "c1" && r.key.startsWith("campaign:win_back_buyers:"))
      .map((r) => ({ key: r.key, at: r.at }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const dbMail = campaignMail((await contactRows(h.db, "c1")).outbox, "win_back_buyers");
    expect(dbMail).toEqual(simMail);
    // we_miss_you, one coupon, last_call: three steps, the waits in between.
    expect(dbMail).toHaveLength(3);
    const cell = await enrollment("c1", "win_back_buyers");
    expect(cell).toMatchObject({ entries: 1 });
    expect(cell?.active).toBeUndefined();
    // No workflow per enrollment: nothing was queued for Temporal.
    expect(await h.db.query("SELECT key FROM workflow_dispatch")).toEqual([]);
  }, 120_000);

  it("leaving the entry segment in the middle of a wait ends the enrollment at once; the rest of the campaign never goes out", async () => {
    const t0 = await h.now();
    await h.ingest(buyer("c2", t0));
    await h.loops();
    await h.skip(91 * DAY);
    expect((await enrollment("c2", "come_back"))?.active).toBeDefined();

    // Back in the shop a day into the 7-day wait: no longer lapsed.
    const back = await h.now();
    await h.ingest([{ id: "c2-visit", type: "page.visited", contact: "c2", at: back, props: { url: "/boots" } }]);
    await h.loops();
    expect((await enrollment("c2", "come_back"))?.active).toBeUndefined();

    await h.skip(10 * DAY);
    const mail = campaignMail((await contactRows(h.db, "c2")).outbox, "come_back").map((m) => m.key.split(":").at(-2));
    expect(mail).toEqual(["remind"]);
  }, 120_000);
});
