import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, HOUR, T0, WEEK } from "./helpers.js";

// The standard decay model (Mautic's "limit campaign" + decay): 10 points off every 7 days
// without an increase, never below 0, capped at 70.
const ir = compileDsl(`
version "1"
score engagement { limit 0..70  decay 10 every 7d }
rule "Demo"    on form.submitted if form == "demo"        engagement +60
rule "Pricing" on page.visited   if url contains "/pricing" engagement +25
threshold mql when engagement >= 60 { notify owner "mql-alert" }
`);

const history = [
  ev("ann", 0, "contact.updated", { owner: "sam@example.com" }),
  ev("ann", 0, "form.submitted", { form: "demo" }),
  ev("ann", HOUR, "page.visited", { url: "/pricing" }),
];

const scoreAt = (at: number, events = history): number | undefined =>
  simulate(ir, events, { until: T0 + at }).contacts[0]?.scores["engagement"];

describe("the standard decay model", () => {
  test("85 raw points are held at the cap of 70, with a `limit` ledger row", () => {
    const r = simulate(ir, history, { ledger: true });
    expect(r.contacts[0]?.scores).toEqual({ engagement: 70 });
    expect(r.ledger?.map((l) => [l.reason, l.delta, l.value])).toEqual([
      ["rule:Demo", 60, 60],
      ["rule:Pricing", 25, 85],
      ["limit", -15, 70],
    ]);
  });

  test("loses 10 points per quiet week and reaches 0 after 7 quiet weeks, never below", () => {
    expect(scoreAt(HOUR + WEEK - 1)).toBe(70);
    expect(scoreAt(HOUR + WEEK)).toBe(60);
    expect(scoreAt(HOUR + 3 * WEEK)).toBe(40);
    expect(scoreAt(HOUR + 7 * WEEK - 1)).toBe(10);
    expect(scoreAt(HOUR + 7 * WEEK)).toBe(0);
    expect(scoreAt(HOUR + 30 * WEEK)).toBe(0);
  });

  test("the ledger, decay rows included with their tick times, sums to the score", () => {
    const r = simulate(ir, history, { until: T0 + 10 * WEEK, ledger: true });
    const rows = r.ledger ?? [];
    expect(rows.reduce((s, l) => s + l.delta, 0)).toBe(0);
    const decay = rows.filter((l) => l.reason === "decay");
    expect(decay).toHaveLength(7);
    expect(decay[0]).toMatchObject({ delta: -10, value: 60, at: new Date(T0 + HOUR + WEEK).toISOString() });
    expect(decay[6]).toMatchObject({ value: 0, at: new Date(T0 + HOUR + 7 * WEEK).toISOString() });
  });

  test("a returning contact crosses the MQL threshold again and a second alert fires", () => {
    const back = [...history, ev("ann", 8 * WEEK, "form.submitted", { form: "demo" })];
    const r = simulate(ir, back, { until: T0 + 8 * WEEK + DAY });
    const ann = r.contacts[0];
    expect(ann?.scores["engagement"]).toBe(60);
    expect(ann?.thresholds).toEqual([
      { name: "mql", at: new Date(T0).toISOString() },
      { name: "mql", at: new Date(T0 + 8 * WEEK).toISOString() },
    ]);
    expect(r.outbox).toHaveLength(2);
    expect(r.outbox.map((m) => m.to)).toEqual(["sam@example.com", "sam@example.com"]);
    expect(new Set(r.outbox.map((m) => m.key)).size).toBe(2);
  });

  test("no second alert while the lead stays hot (edge-triggered)", () => {
    const more = [...history, ev("ann", DAY, "page.visited", { url: "/pricing" }), ev("ann", 2 * DAY, "form.submitted", { form: "demo" })];
    expect(simulate(ir, more).contacts[0]?.thresholds).toHaveLength(1);
  });
});
