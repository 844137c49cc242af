import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, HOUR } from "./helpers.js";

const ir = compileDsl(`
version "1"
score engagement { limit 0..100 }
rule "Visit" on page.visited engagement +20
pipeline lifecycle {
  allow sales_accepted -> recycled
  manual lock 30d
  stage unknown initial
  stage engaged when event page.visited
  stage mql when engagement >= 60
  stage sales_accepted manual
  stage recycled
  stage customer when event purchase.completed category succeeded
}
pipeline products {
  per product
  stage none initial
  stage trial when event form.submitted if form == "trial"
  stage customer when event purchase.completed category succeeded
}
`);

const stagesOf = (events: ReturnType<typeof ev>[], until?: number) => simulate(ir, events, until === undefined ? {} : { until }).contacts[0]?.stages;

describe("pipelines", () => {
  test("a new contact starts in the initial stage", () => {
    expect(stagesOf([ev("a", 0, "email.opened", { email: "x" })])).toEqual({ lifecycle: "unknown" });
  });

  test("event and condition triggers move forward; the furthest stage wins", () => {
    expect(stagesOf([ev("a", 0, "page.visited", { url: "/" })])).toEqual({ lifecycle: "engaged" });
    expect(stagesOf([1, 2, 3].map((i) => ev("a", i, "page.visited", { url: "/" })))).toEqual({ lifecycle: "mql" });
    expect(stagesOf([ev("a", 0, "purchase.completed", { amount: 1, product: "crm" }), ev("a", 1, "page.visited", { url: "/" })])).toMatchObject({
      lifecycle: "customer",
    });
  });

  test("automatic triggers never move backward", () => {
    const s = stagesOf([ev("a", 0, "purchase.completed", { amount: 1 }), ...[1, 2, 3].map((i) => ev("a", i, "page.visited", { url: "/" }))]);
    expect(s?.["lifecycle"]).toBe("customer");
  });

  test("a manual stage holds against automatic moves until unlocked", () => {
    const base = [ev("a", 0, "stage.set", { pipeline: "lifecycle", stage: "sales_accepted", by: "sam" }), ev("a", HOUR, "purchase.completed", { amount: 1 })];
    expect(stagesOf(base)?.["lifecycle"]).toBe("sales_accepted");
    const unlocked = [...base.slice(0, 1), ev("a", 30 * 60_000, "stage.unlocked", { pipeline: "lifecycle" }), base[1] as ReturnType<typeof ev>];
    expect(stagesOf(unlocked)?.["lifecycle"]).toBe("customer");
  });

  test("`manual lock 30d` ends by itself", () => {
    const s = stagesOf([ev("a", 0, "stage.set", { pipeline: "lifecycle", stage: "sales_accepted", by: "sam" }), ev("a", 31 * DAY, "purchase.completed", { amount: 1 })]);
    expect(s?.["lifecycle"]).toBe("customer");
  });

  test("a person may make an allowed backward move; a disallowed one is refused, not silently dropped", () => {
    const r = simulate(ir, [
      ev("a", 0, "stage.set", { pipeline: "lifecycle", stage: "sales_accepted", by: "sam" }),
      ev("a", 1, "stage.set", { pipeline: "lifecycle", stage: "recycled", by: "sam" }),
      ev("b", 0, "stage.set", { pipeline: "lifecycle", stage: "customer", by: "sam" }),
      ev("b", 1, "stage.set", { pipeline: "lifecycle", stage: "engaged", by: "sam" }),
    ]);
    expect(r.contacts.map((c) => c.stages["lifecycle"])).toEqual(["recycled", "customer"]);
  });

  test("per product: one stage per key, taken from the event's prop", () => {
    const s = stagesOf([
      ev("a", 0, "form.submitted", { form: "trial" }),
      ev("a", 1, "purchase.completed", { amount: 5, product: "crm" }),
      ev("a", 2, "page.visited", { url: "/" }),
    ]);
    expect(s).toEqual({ lifecycle: "customer", "products[crm]": "customer" });
  });
});

describe("several triggers matching one event", () => {
  const ir2 = compileDsl(`
version "1"
pipeline funnel {
  stage visitor initial
  stage lead when event form.submitted
  stage demo_requested when event form.submitted if form == "demo"
  stage trial when event form.submitted if form == "trial"
}
`);

  test("the furthest stage wins", () => {
    const r = simulate(ir2, [ev("a", 0, "form.submitted", { form: "demo" }), ev("b", 0, "form.submitted", { form: "newsletter" })]);
    expect(r.contacts.map((c) => c.stages["funnel"])).toEqual(["demo_requested", "lead"]);
  });
});
