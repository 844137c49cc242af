import { describe, expect, it } from "vitest";
import { compileModel } from "../../runtime/engine/index.js";
import { ingestBatch, runDueTimers } from "../../runtime/ingest/index.js";
import { compileStoredModel, describeReevaluation, reevaluateHook, type ReevaluationSummary } from "../../runtime/ingest/reevaluate.js";
import type { Db } from "../../runtime/store/db.js";
import { earliestCampaignWait } from "../../runtime/temporal/earliest-wait.js";
import { activateVersion, activeVersion, applyVersion } from "../../runtime/store/versions.js";
import { BACKENDS, sharedMigratedDb, truncateAll } from "../store/backends.js";
import { compileDsl, ledgerVsScores, truncateState } from "./helpers.js";

const T = Date.parse("2026-03-01T09:00:00Z");
const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

const campaign = (name: string, policy: string, steps: string): string => `
campaign ${name} {
  enter on form.submitted if form == "trial"
  on change ${policy}
${steps}
}`;
const steps1 = (p: string): string => `  welcome: send email "${p}-welcome"\n  wait 2d\n  tips: send email "${p}-tips"`;

const head = `
field job_title: string
score engagement { limit 0..100 }
score fit { kind fit limit 0..100 }
rule "Demo" on form.submitted if form == "demo" engagement +50
rule "Visit" on page.visited engagement +10
`;
const v1 = compileDsl(`version "1"
${head}
rule "Senior" when job_title matches "vp|chief" fit +30
threshold mql when engagement >= 60 { notify owner "mql-alert" }
${campaign("k", "keep", steps1("k"))}
${campaign("m", "migrate", steps1("m"))}
${campaign("r", "restart", steps1("r"))}
`);
const v2 = compileDsl(`version "2"
${head}
rule "Senior" when job_title matches "vp|chief" fit +40
threshold mql when engagement >= 40 { notify owner "mql-alert" }
${campaign("k", "keep", `  welcome: send email "k-welcome"\n  wait 1d\n  tips: send email "k-tips-v2"`)}
${campaign("m", "migrate", `  welcome: send email "m-welcome"\n  wait 4d\n  tips: send email "m-tips-v2"`)}
${campaign("r", "restart", `  hello: send email "r-hello"\n  wait 1d\n  tips: send email "r-tips-v2"`)}
`);

const ev = (id: string, contact: string, at: number, type: string, props: Record<string, unknown>) => ({ id, contact, at: iso(at), type, props });
const history = [
  ev("a1", "ann", T, "form.submitted", { form: "demo" }),
  ev("b1", "bob", T, "form.submitted", { form: "demo" }),
  ev("b2", "bob", T + HOUR, "page.visited", { url: "/" }),
  ev("b3", "bob", T + HOUR, "page.visited", { url: "/pricing" }),
  ev("c1", "cat", T, "contact.updated", { job_title: "VP Sales", owner: "sam@x.example" }),
  ...["ann", "bob", "cat"].map((c) => ev(`t-${c}`, c, T + HOUR, "form.submitted", { form: "trial" })),
];

describe.each(BACKENDS)("re-evaluating contacts on apply, on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), async (d) => {
    await truncateState(d);
    await truncateAll(d);
  });

  /** v1 active with the history ingested; then `v2` applied at T + 1d. */
  async function applyBoth(): Promise<ReevaluationSummary> {
    let summary: ReevaluationSummary | undefined;
    const hook = reevaluateHook((s) => (summary = s), { at: T + DAY, chunk: 2 });
    await applyVersion(db, { ir: v1, appliedBy: "test", reevaluateContacts: hook });
    expect(await ingestBatch(db, history, { model: compileModel(v1) })).toMatchObject({ ok: true, accepted: history.length });
    await applyVersion(db, { ir: v2, appliedBy: "test", reevaluateContacts: hook });
    if (summary === undefined) throw new Error("the hook did not run");
    return summary;
  }

  const sent = async (): Promise<string[]> =>
    (await db.query<{ contact: string; payload: { template?: string; at: string } }>("SELECT contact, payload FROM outbox ORDER BY contact, payload->>'at', key")).map(
      (r) => `${r.contact} ${r.payload.template ?? "-"} ${r.payload.at}`,
    );

  it("a lowered threshold fires at once for contacts above it, with threshold_fires and outbox rows", async () => {
    const summary = await applyBoth();
    const fires = await db.query<{ contact: string; at: Date; config_hash: string }>("SELECT contact, at, config_hash FROM threshold_fires ORDER BY at, contact");
    expect(fires.map((f) => [f.contact, f.at.toISOString(), f.config_hash])).toEqual([
      ["bob", iso(T + HOUR), v1.hash],
      ["ann", iso(T + DAY), v2.hash],
    ]);
    const alerts = await db.query<{ key: string }>("SELECT key FROM outbox WHERE kind = 'notify' ORDER BY key");
    expect(alerts.map((a) => a.key)).toEqual([`threshold:mql:ann:${iso(T + DAY)}:0`, `threshold:mql:bob:${iso(T + HOUR)}:0`]);
    expect(summary).toMatchObject({ contacts: 3, fires: { mql: 1 }, kept: 3, migrated: 3, restarted: 3 });
    expect(describeReevaluation(summary)).toBe(
      "re-evaluated 3 contacts: 1 new MQL, 0 stage moves, 3 enrollments migrated, 3 restarted, 3 kept on the version they started under",
    );
  });

  it("a changed fit rule is recomputed with ledger rows; the ledger sums to every score", async () => {
    await applyBoth();
    const rows = await db.query<{ delta: number; value: number; reason: string; config_hash: string }>(
      "SELECT delta, value, reason, config_hash FROM ledger WHERE contact = 'cat' AND score = 'fit' ORDER BY seq",
    );
    expect(rows).toEqual([
      { delta: 30, value: 30, reason: "rule:Senior", config_hash: v1.hash },
      { delta: 10, value: 40, reason: "rule:Senior", config_hash: v2.hash },
    ]);
    for (const r of await ledgerVsScores(db)) expect(r.sum, `${r.contact} ${r.score}`).toBeCloseTo(r.value, 6);
  });

  it("migrated and restarted enrollments need no workflow signal: their new waits are where the refresh loop looks", async () => {
    await applyBoth();
    // Campaign waits are fired by the segment refresh loop (workflows/segment-refresh.ts), not
    // by a workflow per enrollment: nothing is handed to Temporal for them.
    const rows = await db.query<{ workflow_id: string }>("SELECT workflow_id FROM workflow_dispatch WHERE workflow_id LIKE 'campaign:%'");
    expect(rows).toEqual([]);
    // The restarted enrollment now waits until T + 2 days (see the next test): ann is due then,
    // and the worker, which watches the earliest wait, wakes the loop for it.
    const [ann] = await db.query<{ next: Date }>("SELECT next_timer_at AS next FROM contacts WHERE id = 'ann'");
    expect(ann?.next.getTime()).toBeLessThanOrEqual(T + 2 * DAY);
    const earliest = await earliestCampaignWait(db);
    expect(earliest).not.toBeNull();
    expect(earliest ?? Infinity).toBeLessThanOrEqual(T + 2 * DAY);
  });

  it("enrollments follow their campaign's policy, and later timers run them as specified", async () => {
    await applyBoth();
    const cells = await db.query<{ campaign: string; cell: { active?: { hash?: string; pc: number[]; enteredAt: number; waitUntil?: number } } }>(
      "SELECT campaign, cell FROM campaign_enrollments WHERE contact = 'ann' ORDER BY campaign",
    );
    expect(cells.map((c) => [c.campaign, c.cell.active])).toEqual([
      ["k", { enteredAt: T + HOUR, pc: [1], waitUntil: T + HOUR + 2 * DAY, hash: v1.hash }],
      ["m", { enteredAt: T + HOUR, pc: [1], waitUntil: T + HOUR + 4 * DAY }],
      ["r", { enteredAt: T + DAY, pc: [1], waitUntil: T + 2 * DAY }],
    ]);
    const active = await activeVersion(db);
    if (active === undefined) throw new Error("nothing active");
    const model = await compileStoredModel(db, active);
    await runDueTimers(db, model, T + 10 * DAY);
    expect((await sent()).filter((s) => s.startsWith("ann"))).toEqual([
      `ann k-welcome ${iso(T + HOUR)}`,
      `ann m-welcome ${iso(T + HOUR)}`,
      `ann r-welcome ${iso(T + HOUR)}`,
      // Same time: in key order (campaign:… before threshold:…).
      `ann r-hello ${iso(T + DAY)}`,
      `ann mql-alert ${iso(T + DAY)}`,
      `ann r-tips-v2 ${iso(T + 2 * DAY)}`,
      `ann k-tips ${iso(T + HOUR + 2 * DAY)}`,
      `ann m-tips-v2 ${iso(T + HOUR + 4 * DAY)}`,
    ]);
    // A new enrollment after the change runs the new version.
    await ingestBatch(db, [ev("t-dan", "dan", T + 11 * DAY, "form.submitted", { form: "trial" })], { model });
    await runDueTimers(db, model, T + 20 * DAY);
    expect((await sent()).filter((s) => s.startsWith("dan k-"))).toEqual([`dan k-welcome ${iso(T + 11 * DAY)}`, `dan k-tips-v2 ${iso(T + 12 * DAY)}`]);
    for (const r of await ledgerVsScores(db)) expect(r.sum, `${r.contact} ${r.score}`).toBeCloseTo(r.value, 6);
  });

  it("a rollback to v1 re-evaluates too: fit back with a ledger row, the threshold re-arms, kept enrollments run on v1 again", async () => {
    await applyBoth();
    let summary: ReevaluationSummary | undefined;
    await activateVersion(db, v1.hash, { activatedBy: "test", reevaluateContacts: reevaluateHook((s) => (summary = s), { at: T + DAY + HOUR }) });
    expect(summary).toMatchObject({ contacts: 3, fires: {}, kept: 0 });
    const fit = await db.query<{ delta: number; reason: string; config_hash: string }>(
      "SELECT delta, reason, config_hash FROM ledger WHERE contact = 'cat' AND score = 'fit' ORDER BY seq",
    );
    expect(fit.at(-1)).toEqual({ delta: -10, reason: "rule:Senior", config_hash: v1.hash });
    const state = await db.query<{ state: string }>("SELECT state FROM threshold_state WHERE contact = 'ann' AND threshold = 'mql'");
    expect(state).toEqual([{ state: "off" }]);
    const kept = await db.query<{ cell: { active?: { hash?: string } } }>("SELECT cell FROM campaign_enrollments WHERE contact = 'ann' AND campaign = 'k'");
    expect(kept[0]?.cell.active).toBeDefined();
    expect(kept[0]?.cell.active?.hash).toBeUndefined();
    for (const r of await ledgerVsScores(db)) expect(r.sum, `${r.contact} ${r.score}`).toBeCloseTo(r.value, 6);
  });
});
