import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, T0 } from "./helpers.js";

const ir = compileDsl(`
version "1"
score engagement { limit 0..100 }
rule "Visit" on page.visited engagement +10
segment pricing_curious { did page.visited if url contains "/pricing" within 30d }
segment clickers { count(email.clicked within 7d) >= 3 }
segment big_spenders { sum(amount of purchase.completed) >= 500 }
segment lapsed { last_active before 90d ago }
segment warm { engagement >= 20 and not in segment lapsed }
segment needs_feedback static
threshold visited_twice when engagement >= 20 { add to needs_feedback }
`);

const segmentsAt = (events: ReturnType<typeof ev>[], at: number) => simulate(ir, events, { until: T0 + at }).contacts[0]?.segments;

describe("dynamic segments", () => {
  test("`did ... within 30d`: in on the visit, out exactly 30 days later (by timer)", () => {
    const events = [ev("a", 0, "page.visited", { url: "/pricing" })];
    expect(segmentsAt(events, 0)).toContain("pricing_curious");
    expect(segmentsAt(events, 30 * DAY - 1)).toContain("pricing_curious");
    expect(segmentsAt(events, 30 * DAY)).not.toContain("pricing_curious");
  });

  test("`count(... within 7d) >= 3` slides with time", () => {
    const clicks = [0, DAY, 2 * DAY].map((t) => ev("a", t, "email.clicked", { email: "n1", url: "/" }));
    expect(segmentsAt(clicks, 2 * DAY)).toContain("clickers");
    expect(segmentsAt(clicks, 7 * DAY)).not.toContain("clickers");
  });

  test("all-time sums are kept as counters", () => {
    const buys = [300, 250].map((amount, i) => ev("a", i * DAY, "purchase.completed", { amount, product: "crm" }));
    expect(segmentsAt(buys, 10 * DAY)).toContain("big_spenders");
    expect(segmentsAt(buys.slice(0, 1), 10 * DAY)).not.toContain("big_spenders");
  });

  test("`last_active before 90d ago` turns true by itself, and segments over segments follow", () => {
    const events = [ev("a", 0, "page.visited", { url: "/" }), ev("a", 1, "page.visited", { url: "/" })];
    expect(segmentsAt(events, 1)).toEqual(expect.arrayContaining(["warm"]));
    const later = segmentsAt(events, 90 * DAY + 1);
    expect(later).toContain("lapsed");
    expect(later).not.toContain("warm");
  });

  test("entries and exits are effects; static segments change only by actions", () => {
    const r = simulate(ir, [ev("a", 0, "page.visited", { url: "/" }), ev("a", 1, "page.visited", { url: "/" })]);
    expect(r.contacts[0]?.segments).toEqual(["needs_feedback", "warm"]);
  });
});
