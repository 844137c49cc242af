import { describe, expect, test } from "vitest";
import { simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, HOUR, T0 } from "./helpers.js";

const ir = compileDsl(`
version "1"
timezone "Europe/Berlin"
score engagement { limit 0..100 }
segment lapsed { last_active before 30d ago }
campaign onboarding {
  enter on form.submitted if form == "trial"
  goal did purchase.completed
  reenter every time
  welcome: send email "welcome"
  wait 2d
  if did email.clicked within 2d {
    send email "tips"
  } else {
    wait until mon 09:00
    send email "nudge"
  }
  wait until did email.clicked at most 3d
  points engagement +5
}
campaign win_back {
  enter when in segment lapsed
  send email "we-miss-you"
  wait 7d
  send email "last-chance"
}
`);

const sends = (r: ReturnType<typeof simulate>) => r.outbox.map((m) => [m.template, m.at]);
const iso = (ms: number) => new Date(T0 + ms).toISOString();

describe("campaigns", () => {
  // 2026-01-01 is a Thursday.
  test("steps run in order: send, wait, branch, wait until a weekday time in the workspace zone", () => {
    const r = simulate(ir, [ev("a", 0, "contact.updated", { email: "a@x.example" }), ev("a", 0, "form.submitted", { form: "trial" })], { until: T0 + 20 * DAY });
    // Sat 3 Jan: no click → wait until Mon 5 Jan 09:00 Berlin = 08:00 UTC.
    expect(sends(r)).toEqual([
      ["welcome", iso(0)],
      ["nudge", "2026-01-05T08:00:00.000Z"],
    ]);
    // `wait until ... at most 3d` times out, then the points step runs.
    expect(r.contacts[0]?.scores["engagement"]).toBe(5);
  });

  test("the then-branch, and `wait until` ending as soon as its condition holds", () => {
    const r = simulate(
      ir,
      [ev("a", 0, "form.submitted", { form: "trial" }), ev("a", DAY, "email.clicked", { email: "welcome", url: "/" })],
      { until: T0 + 20 * DAY },
    );
    expect(sends(r)).toEqual([
      ["welcome", iso(0)],
      ["tips", iso(2 * DAY)],
    ]);
    expect(r.contacts[0]?.scores["engagement"]).toBe(5);
  });

  test("the goal ends the enrollment as converted", () => {
    const r = simulate(ir, [ev("a", 0, "form.submitted", { form: "trial" }), ev("a", HOUR, "purchase.completed", { amount: 1, product: "crm" })], {
      until: T0 + 20 * DAY,
    });
    expect(sends(r)).toEqual([["welcome", iso(0)]]);
  });

  test("segment entry enrolls; leaving the segment ends the enrollment at once", () => {
    const quiet = simulate(ir, [ev("b", 0, "email.opened", { email: "n" })], { until: T0 + 60 * DAY });
    expect(sends(quiet)).toEqual([
      ["we-miss-you", iso(30 * DAY)],
      ["last-chance", iso(37 * DAY)],
    ]);
    const back = simulate(ir, [ev("b", 0, "email.opened", { email: "n" }), ev("b", 32 * DAY, "page.visited", { url: "/" })], { until: T0 + 60 * DAY });
    expect(sends(back)).toEqual([["we-miss-you", iso(30 * DAY)]]);
  });
});
