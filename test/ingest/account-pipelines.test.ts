/**
 * Account pipelines in the runtime: a multi-product history with accounts, ingested event by
 * event (due timers fired up to each event, as `simulate` does), leaves the account stages,
 * their history and every contact's view exactly as `simulate` prints them.
 */
import { describe, expect, it } from "vitest";
import { generateHistory, type HistoryEvent } from "../../bench/gen-history.js";
import { compileModel, emptySimulation, runSimulation, simulate } from "../../runtime/engine/index.js";
import { ingestBatch, readContactSummary, runDueTimers } from "../../runtime/ingest/index.js";
import { readAccountStageHistory } from "../../runtime/store/account-stages.js";
import type { Db } from "../../runtime/store/db.js";
import { BACKENDS, sharedMigratedDb } from "../store/backends.js";
import { compileDsl, compileExample, truncateState } from "./helpers.js";

const DAY = 86_400_000;
const ir = compileExample("multi-product");
const model = compileModel(ir);

/** The generated history, with every contact joining one of two accounts at its first event; a few manual moves and a change of account. */
function historyWithAccounts(): HistoryEvent[] {
  const events = [...generateHistory({ workspace: "multi-product", contacts: 60, days: 35, seed: 5 })];
  const first = new Map<string, string>();
  for (const e of events) if (!first.has(e.contact)) first.set(e.contact, e.at);
  const contacts = [...first.keys()].sort();
  // `acc-` sorts before the generator's `e…` ids: at the same time, the account comes first.
  const joins = contacts.map((c, i) => ({ id: `acc-${c}`, type: "contact.updated", contact: c, at: first.get(c) ?? "", props: { account: `acct-${i % 2}` } }));
  const end = Date.parse(events.at(-1)?.at ?? "");
  const extra: HistoryEvent[] = [
    { id: "set-1", type: "stage.set", contact: contacts[0] ?? "", at: new Date(end - 5 * DAY).toISOString(), props: { pipeline: "account_journey", stage: "customer", by: "ae@example.com" } },
    { id: "set-2", type: "stage.set", contact: contacts[1] ?? "", at: new Date(end - 4 * DAY).toISOString(), props: { pipeline: "account_journey", stage: "aware", by: "ae@example.com" } },
    { id: "move-1", type: "contact.updated", contact: contacts[2] ?? "", at: new Date(end - 3 * DAY).toISOString(), props: { account: "acct-new" } },
  ];
  const byTime = (a: HistoryEvent, b: HistoryEvent): number => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...events, ...joins, ...extra].sort(byTime);
}

const small = compileDsl(`
version "1"
score engagement { limit 0..200 }
score account_engagement for account { from contacts sum of engagement }
rule "Visit" on page.visited engagement +10
pipeline account_journey {
  for account
  stage target initial
  stage aware when account_engagement >= 40
}
`);
const smallModel = compileModel(small);
const T = Date.parse("2026-03-01T09:00:00Z");
const member = (contact: string): Record<string, unknown>[] => [
  { id: `${contact}-join`, type: "contact.updated", contact, at: new Date(T).toISOString(), props: { account: "acme" } },
  ...[1, 2].map((i) => ({ id: `${contact}-v${i}`, type: "page.visited", contact, at: new Date(T + i * 60_000).toISOString(), props: { url: "/" } })),
];

async function reset(db: Db): Promise<void> {
  await truncateState(db);
  await db.exec("TRUNCATE account_stages, account_stage_history");
}

describe.each(BACKENDS)("account pipelines through ingest on $kind", ({ make }) => {
  let db: Db;
  sharedMigratedDb(make, (d) => (db = d), reset);

  it("examples/multi-product: the database holds the account stages, their history and the contacts' views simulate prints", async () => {
    const events = historyWithAccounts();
    const until = Date.parse(events.at(-1)?.at ?? "") + 7 * DAY;
    const sim = simulate(ir, events, { until });
    const replay = runSimulation(model, emptySimulation(), events, until);
    // acct-1 is past `aware` by then: the manual move back is refused (and stored as refused).
    expect(sim.errors.map((e) => e.event)).toEqual(["set-2"]);
    // The history must move accounts past their initial stage, or agreement would prove little.
    const stages = (sim.accounts ?? []).map((a) => a.stages?.["account_journey"]);
    expect(stages).toContain("buying_committee");
    expect(stages).toContain("customer");

    const refused: unknown[] = [];
    for (const e of events) {
      await runDueTimers(db, model, Date.parse(e.at) - 1);
      const r = await ingestBatch(db, [e], { model });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      refused.push(...r.refused);
    }
    expect(refused).toHaveLength(1);
    await runDueTimers(db, model, until);

    const stored = await db.query<{ account: string; pipeline: string; stage: string }>("SELECT account, pipeline, stage FROM account_stages ORDER BY account, pipeline");
    expect(stored.map((r) => ({ id: r.account, stages: { [r.pipeline]: r.stage } }))).toEqual((sim.accounts ?? []).map((a) => ({ id: a.id, stages: a.stages })));

    for (const a of sim.accounts ?? []) {
      const history = await readAccountStageHistory(db, a.id);
      const expected = replay.accountStages.filter((m) => m.account === a.id).map((m) => ({ pipeline: m.pipeline, from: m.from, to: m.to, reason: m.reason, contact: m.contact, at: m.at }));
      expect(history, a.id).toEqual(expected);
    }

    const mismatches: unknown[] = [];
    for (const c of sim.contacts) {
      const view = await readContactSummary(db, model, c.id, until);
      if (JSON.stringify(view) !== JSON.stringify(c)) mismatches.push({ simulate: c, database: view });
    }
    expect(mismatches.slice(0, 2)).toEqual([]);
    // The contact view names its account's stage.
    expect(sim.contacts.every((c) => c.stages["account_journey"] !== undefined)).toBe(true);
  });

  it("two members' batches written at once: the second sees the first's contribution, and the account moves once", async () => {
    // Each member alone brings 20 points; together 40 (aware).
    const [a, b] = await Promise.all([ingestBatch(db, member("ann"), { model: smallModel }), ingestBatch(db, member("bob"), { model: smallModel })]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const history = await readAccountStageHistory(db, "acme");
    expect(history.map((m) => [m.from, m.to])).toEqual([
      [null, "target"],
      ["target", "aware"],
    ]);
    const view = await readContactSummary(db, smallModel, "ann", T + 3_600_000);
    expect(view?.stages).toEqual({ account_journey: "aware" });
  });
});
