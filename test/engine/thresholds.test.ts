import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, T0 } from "./helpers.js";

describe("thresholds", () => {
  const ir = compileDsl(`
version "1"
field plan: string
score engagement { limit 0..100  decay 10 every 1d }
rule "Demo" on form.submitted engagement +60
threshold mql when engagement >= 60 {
  cooldown 10d
  notify owner "mql-alert"
  tag hot
  set plan = "sales"
}
`);

  test("fire actions run in order: notify → outbox with a deterministic key, tag, set field", () => {
    const r = simulate(ir, [ev("a", 0, "contact.updated", { owner: "sam@example.com" }), ev("a", 1, "form.submitted", { form: "demo" })]);
    expect(r.outbox).toEqual([
      {
        key: `threshold:mql:a:${new Date(T0 + 1).toISOString()}:0`,
        contact: "a",
        kind: "notify",
        channel: "log",
        to: "sam@example.com",
        template: "mql-alert",
        data: { reason: "threshold:mql" },
        at: new Date(T0 + 1).toISOString(),
      },
    ]);
    expect(r.contacts[0]?.tags).toEqual(["hot"]);
  });

  test("an edge within the cooldown is held and fires when the cooldown ends if still true", () => {
    const events = [ev("a", 0, "form.submitted"), ev("a", 3 * DAY, "form.submitted"), ev("a", 9 * DAY, "form.submitted")];
    const at = (d: number) => simulate(ir, events, { until: T0 + d }).contacts[0]?.thresholds.map((t) => t.at);
    // Day 0 fires. Day 1 decays to 50 (re-arms). Day 3 back to 60+ but within cooldown: held;
    // day 4 decays below 60 before the cooldown ends: dropped. Day 9: held again; fires at day 10.
    expect(at(9 * DAY)).toEqual([new Date(T0).toISOString()]);
    expect(at(10 * DAY)).toEqual([new Date(T0).toISOString(), new Date(T0 + 10 * DAY).toISOString()]);
  });
});

describe("per-dimension thresholds", () => {
  const ir = compileDsl(`
version "1"
score interest { per product  limit 0..100 }
rule "Bought" on purchase.completed interest +40
pipeline products {
  per product
  stage none initial
  stage hot
}
threshold product_hot when interest >= 80 {
  per product
  stage products.hot
}
`);

  test("fire per key, and act on that key only", () => {
    const r = simulate(ir, [
      ev("a", 0, "purchase.completed", { amount: 1, product: "crm" }),
      ev("a", 1, "purchase.completed", { amount: 1, product: "erp" }),
      ev("a", 2, "purchase.completed", { amount: 1, product: "crm" }),
    ]);
    const a = r.contacts[0];
    expect(a?.thresholds.map((t) => t.name)).toEqual(["product_hot[crm]"]);
    expect(a?.stages).toEqual({ "products[crm]": "hot", "products[erp]": "none" });
  });
});
