import { describe, expect, test } from "vitest";
import type { Decay } from "../../schemas/ir.js";
import { decayedValue, decaySteps, nextTransitionAt, simulate } from "../../runtime/engine/index.js";
import { compileDsl, DAY, ev, T0 } from "./helpers.js";

const step: Decay = { model: "step", amount: 10, every: 7 * 86400 };
const stepAfter: Decay = { model: "step", amount: 10, every: 7 * 86400, after: 14 * 86400 };
const half: Decay = { model: "half-life", halfLife: 14 * 86400 };

describe("decayedValue", () => {
  const cell = { value: 35, asOf: 0, increasedAt: 0 };

  test("fixed step: ticks at last increase + k·D, toward 0, never across", () => {
    expect(decayedValue(step, cell, 7 * DAY - 1)).toBe(35);
    expect(decayedValue(step, cell, 7 * DAY)).toBe(25);
    expect(decayedValue(step, cell, 21 * DAY)).toBe(5);
    expect(decayedValue(step, cell, 28 * DAY)).toBe(0);
    expect(decayedValue(step, { value: -25, asOf: 0, increasedAt: 0 }, 14 * DAY)).toBe(-5);
    expect(decayedValue(step, { value: -25, asOf: 0, increasedAt: 0 }, 21 * DAY)).toBe(0);
  });

  test("`after 14d inactive`: the first tick at last increase + 14d, then every 7d", () => {
    expect(decayedValue(stepAfter, cell, 14 * DAY - 1)).toBe(35);
    expect(decayedValue(stepAfter, cell, 14 * DAY)).toBe(25);
    expect(decayedValue(stepAfter, cell, 21 * DAY)).toBe(15);
  });

  test("a value already materialised at a later time only loses the ticks after it", () => {
    const later = { value: 25, asOf: 8 * DAY, increasedAt: 0 };
    expect(decayedValue(step, later, 13 * DAY)).toBe(25);
    expect(decayedValue(step, later, 14 * DAY)).toBe(15);
    expect(decaySteps(step, later, 21 * DAY)).toEqual([
      { at: 14 * DAY, value: 15 },
      { at: 21 * DAY, value: 5 },
    ]);
  });

  test("half-life halves every H, rounded to 2 decimals", () => {
    const c = { value: 40, asOf: 0, increasedAt: 0 };
    expect(decayedValue(half, c, 14 * DAY)).toBe(20);
    expect(decayedValue(half, c, 28 * DAY)).toBe(10);
    expect(decayedValue(half, c, 7 * DAY)).toBe(28.28);
  });

  test("decay stops at the limit bound nearest 0 when 0 is outside the limit", () => {
    expect(decayedValue(step, cell, 100 * DAY, 10)).toBe(10);
    // A value between 0 and that bound (a suppressed score held at 0) stays put.
    expect(decayedValue(step, { value: 0, asOf: 0, increasedAt: 0 }, 100 * DAY, 10)).toBe(0);
    expect(nextTransitionAt(step, { value: 0, asOf: 0, increasedAt: 0 }, [], 0, 10)).toBeUndefined();
  });
});

describe("nextTransitionAt", () => {
  const cell = { value: 70, asOf: 0, increasedAt: 0 };

  test("the first tick that flips a comparison with a boundary (a threshold at 60 re-arms)", () => {
    // 70 → 60 at week 1 (>= 60 still true), 50 at week 2: `>= 60` flips then.
    expect(nextTransitionAt(step, cell, [{ value: 60, op: ">=" }], 0)).toBe(14 * DAY);
    // `> 60` flips at week 1 already.
    expect(nextTransitionAt(step, cell, [{ value: 60, op: ">" }], 0)).toBe(7 * DAY);
    // A bound outside the path, or already passed, does not matter.
    expect(nextTransitionAt(step, { value: 30, asOf: 0, increasedAt: 0 }, [{ value: 60, op: ">=" }], 0)).toBe(21 * DAY);
  });

  test("reaching 0 is always a transition; none once at 0 or without decay", () => {
    expect(nextTransitionAt(step, cell, [], 0)).toBe(49 * DAY);
    expect(nextTransitionAt(step, { value: 0, asOf: 0, increasedAt: 0 }, [60], 0)).toBeUndefined();
    expect(nextTransitionAt(undefined, cell, [60], 0)).toBeUndefined();
  });

  test("half-life: the exact millisecond the rounded value crosses", () => {
    const c = { value: 40, asOf: 0, increasedAt: 0 };
    const t = nextTransitionAt(half, c, [{ value: 20, op: ">=" }], 0) ?? 0;
    expect(decayedValue(half, c, t)).toBeLessThan(20);
    expect(decayedValue(half, c, t - 1)).toBeGreaterThanOrEqual(20);
  });
});

describe("decay in a simulation", () => {
  const ir = compileDsl(`
version "1"
score engagement { limit 0..100  decay 10 every 7d after 14d inactive }
rule "Visit" on page.visited engagement +30
rule "Careers" on page.visited if url contains "careers" engagement -40
`);

  test("an increase restarts the clock; a decrease does not", () => {
    const r = (events: ReturnType<typeof ev>[], at: number) => simulate(ir, events, { until: T0 + at }).contacts[0]?.scores["engagement"];
    const visits = [ev("a", 0, "page.visited", { url: "/" }), ev("a", 10 * DAY, "page.visited", { url: "/" })];
    expect(r(visits, 23 * DAY)).toBe(60);
    expect(r(visits, 24 * DAY)).toBe(50);
    const withDrop = [
      ev("a", 0, "page.visited", { url: "/" }),
      ev("a", 1, "page.visited", { url: "/" }),
      ev("a", 10 * DAY, "page.visited", { url: "/careers" }),
    ];
    // 60, then -10 net at day 10 (+30 -40) = 50 with the clock restarted by the +30 rule.
    expect(r(withDrop, 24 * DAY)).toBe(40);
  });
});

describe("reads for the runtime", () => {
  test("a stored row's value now, and its next transition with the config's boundaries", async () => {
    const { compileModel, scoreTransitionAt, scoreValueAt } = await import("../../runtime/engine/index.js");
    const model = compileModel(
      compileDsl(`version "1"\nscore engagement { limit 0..70  decay 10 every 7d }\nthreshold mql when engagement >= 60 { tag mql }`),
    );
    const cell = { value: 70, asOf: T0, increasedAt: T0 };
    expect(scoreValueAt(model, "engagement", cell, T0 + 8 * DAY)).toBe(60);
    expect(scoreTransitionAt(model, "engagement", cell, T0)).toBe(T0 + 14 * DAY);
    expect(scoreTransitionAt(model, "engagement", { ...cell, value: 50 }, T0)).toBe(T0 + 35 * DAY);
  });
});
