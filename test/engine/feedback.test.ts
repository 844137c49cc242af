import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, T0 } from "./helpers.js";

const ir = compileDsl(`
version "1"
field manager: string
score engagement { limit 0..100 }
rule "Demo" on form.submitted engagement +60
pipeline lifecycle {
  stage unknown initial
  stage mql
  stage sales_accepted
}
threshold mql when engagement >= 60 {
  stage lifecycle.mql
  feedback mql_quality
}
feedback mql_quality {
  ask owner via email after 3d, then every 3d, at most 3 times, then escalate to manager
  good_lead  -> stage lifecycle.sales_accepted
  bad_timing -> tag nurture
  junk       -> delete contact after 30d
}
`);

const mql = [ev("a", 0, "contact.updated", { owner: "sam@example.com", manager: "boss@example.com" }), ev("a", 0, "form.submitted", { form: "demo" })];
const iso = (ms: number) => new Date(T0 + ms).toISOString();

describe("the MQL feedback loop", () => {
  test("asks after 3d, then every 3d, at most 3 times, then escalates", () => {
    const r = simulate(ir, mql, { until: T0 + 30 * DAY });
    expect(r.outbox.map((m) => [m.kind, m.to, m.at])).toEqual([
      ["feedback", "sam@example.com", iso(3 * DAY)],
      ["feedback", "sam@example.com", iso(6 * DAY)],
      ["feedback", "sam@example.com", iso(9 * DAY)],
      ["escalate", "boss@example.com", iso(9 * DAY)],
    ]);
    expect(r.contacts[0]?.feedback).toEqual([{ loop: "mql_quality", started: iso(0), asks: 3 }]);
  });

  test("an outcome stops the asks and runs its actions", () => {
    const r = simulate(ir, [...mql, ev("a", 4 * DAY, "feedback.given", { loop: "mql_quality", outcome: "good_lead", by: "sam" })], { until: T0 + 30 * DAY });
    expect(r.outbox).toHaveLength(1);
    expect(r.contacts[0]?.stages["lifecycle"]).toBe("sales_accepted");
    expect(r.contacts[0]?.feedback).toEqual([{ loop: "mql_quality", started: iso(0), asks: 1, outcome: "good_lead", at: iso(4 * DAY) }]);
  });

  test("the first outcome wins; a second one is refused with a reason", () => {
    const r = simulate(ir, [
      ...mql,
      ev("a", DAY, "feedback.given", { loop: "mql_quality", outcome: "bad_timing" }),
      ev("a", 2 * DAY, "feedback.given", { loop: "mql_quality", outcome: "good_lead" }, "late"),
    ]);
    expect(r.contacts[0]?.tags).toEqual(["nurture"]);
    expect(r.errors).toMatchObject([{ event: "late" }]);
  });

  test("junk deletes the contact after the grace period; a deleted contact ignores later events", () => {
    const events = [...mql, ev("a", DAY, "feedback.given", { loop: "mql_quality", outcome: "junk" }), ev("a", 40 * DAY, "form.submitted", { form: "demo" })];
    const before = simulate(ir, events.slice(0, 3), { until: T0 + 30 * DAY });
    expect(before.contacts[0]?.deleted).toBeUndefined();
    const after = simulate(ir, events, { until: T0 + 50 * DAY });
    expect(after.contacts[0]?.deleted).toBe(iso(31 * DAY));
    expect(after.contacts[0]?.thresholds).toHaveLength(1);
  });
});
