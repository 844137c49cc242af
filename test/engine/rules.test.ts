import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, HOUR } from "./helpers.js";

describe("point rules", () => {
  const ir = compileDsl(`
version "1"
score engagement { limit -20..70 }
rule "Any visit"    on page.visited engagement +2
rule "Pricing page" on page.visited if url contains "/PRICING" engagement +20 at most 1 per 1d
rule "Careers page" on page.visited if url contains "/careers" engagement -10
rule "Demo"         on form.submitted if form == "demo" engagement +60 once
`);

  test("every matching rule of one event applies, each its own ledger row, then one clamp", () => {
    const r = simulate(ir, [ev("a", 0, "form.submitted", { form: "demo" }), ev("a", HOUR, "page.visited", { url: "/pricing" })], { ledger: true });
    expect(r.contacts[0]?.scores["engagement"]).toBe(70);
    expect(r.ledger?.filter((l) => l.event === r.ledger?.[1]?.event).map((l) => [l.reason, l.delta, l.value])).toEqual([
      ["rule:Any visit", 2, 62],
      ["rule:Pricing page", 20, 82],
      ["limit", -12, 70],
    ]);
  });

  test("text matching is case-insensitive", () => {
    const r = simulate(ir, [ev("a", 0, "page.visited", { url: "https://x.example/Pricing/plans" })]);
    expect(r.contacts[0]?.scores["engagement"]).toBe(22);
  });

  test("`at most 1 per 1d` counts applications in the day ending at the event", () => {
    const visits = [0, HOUR, DAY - 1, DAY, DAY + HOUR].map((t) => ev("a", t, "page.visited", { url: "/pricing" }));
    const r = simulate(ir, visits, { ledger: true });
    expect(r.ledger?.filter((l) => l.reason === "rule:Pricing page")).toHaveLength(2);
  });

  test("`once` applies once per contact", () => {
    const r = simulate(ir, [ev("a", 0, "form.submitted", { form: "demo" }), ev("a", DAY, "form.submitted", { form: "demo" })], { ledger: true });
    expect(r.ledger?.filter((l) => l.reason === "rule:Demo")).toHaveLength(1);
  });

  test("the floor holds for negative points", () => {
    const r = simulate(ir, [1, 2, 3].map((i) => ev("a", i, "page.visited", { url: "/careers" })));
    expect(r.contacts[0]?.scores["engagement"]).toBe(-20);
  });
});

describe("per-dimension scores", () => {
  const ir = compileDsl(`
version "1"
score interest { per product  limit 0..100 }
score by_stage { per stage of lifecycle }
score by_tag   { per tag in [vip, partner] }
rule "Bought"  on purchase.completed interest +30
rule "Stage"   on page.visited by_stage +1
rule "Tagged"  on page.visited by_tag +5
pipeline lifecycle {
  stage unknown initial
  stage engaged when event form.submitted
}
threshold hot when interest[any] >= 50 { tag hot }
`);

  test("per prop: each product keeps its own value; events lacking the prop score nothing", () => {
    const r = simulate(ir, [
      ev("a", 0, "purchase.completed", { product: "crm", amount: 10 }),
      ev("a", 1, "purchase.completed", { product: "erp", amount: 10 }),
      ev("a", 2, "purchase.completed", { product: "crm", amount: 10 }),
      ev("a", 3, "purchase.completed", { amount: 10 }),
    ]);
    expect(r.contacts[0]?.scores).toMatchObject({ "interest[crm]": 60, "interest[erp]": 30 });
    expect(r.contacts[0]?.tags).toEqual(["hot"]);
  });

  test("per stage: points count under the stage the contact is in at the event", () => {
    const r = simulate(ir, [
      ev("a", 0, "page.visited", { url: "/" }),
      ev("a", 1, "form.submitted", { form: "x" }),
      ev("a", 2, "page.visited", { url: "/" }),
      ev("a", 3, "page.visited", { url: "/" }),
    ]);
    expect(r.contacts[0]?.scores).toMatchObject({ "by_stage[unknown]": 1, "by_stage[engaged]": 2 });
  });

  test("per tag: points count under every listed tag the contact has", () => {
    const r = simulate(ir, [
      ev("a", 0, "page.visited", { url: "/" }),
      ev("a", 1, "contact.tagged", { tag: "vip" }),
      ev("a", 2, "contact.tagged", { tag: "partner" }),
      ev("a", 3, "contact.tagged", { tag: "other" }),
      ev("a", 4, "page.visited", { url: "/" }),
    ]);
    const scores = r.contacts[0]?.scores ?? {};
    expect(scores["by_tag[vip]"]).toBe(5);
    expect(scores["by_tag[partner]"]).toBe(5);
    expect(Object.keys(scores).filter((k) => k.startsWith("by_tag"))).toHaveLength(2);
  });
});
