import { describe, expect, it } from "vitest";
import { checkSchema } from "../../../dsl/check/schema.js";
import { emptyIr } from "../../fixtures/empty-ir.js";

const ir = emptyIr;

const span = (start: number) => ({ file: "c.funnel", start, end: start + 2 });

describe("schema validation mapped to the source", () => {
  it("accepts a valid IR", () => {
    expect(checkSchema(ir({}), new Map())).toEqual([]);
  });

  it("reports one plain-words error for a zero duration inside a union, at the nearest mapped span", () => {
    const bad = ir({
      campaigns: {
        c: { enter: { on: "start" }, reentry: { kind: "once" }, onChange: "keep", steps: [{ id: "1", step: "wait", seconds: 0 }] },
      },
    });
    const ds = checkSchema(bad, new Map(Object.entries({ "/campaigns/c": span(1), "/campaigns/c/steps/0": span(20) })));
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: "schema-violation", message: "a duration must be at least 1s", span: span(20), path: "/campaigns/c/steps/0/seconds" });
  });

  it("maps a bad clock time to invalid-time at the exact pointer when it has a span", () => {
    const bad = ir({
      campaigns: {
        c: { enter: { on: "start" }, reentry: { kind: "once" }, onChange: "keep", steps: [{ id: "1", step: "wait_time", time: "25:00" }] },
      },
    });
    const ds = checkSchema(bad, new Map(Object.entries({ "/campaigns/c/steps/0/time": span(40) })));
    expect(ds).toMatchObject([{ code: "invalid-time", span: span(40) }]);
  });

  it("reports a zero decay amount and an empty name separately", () => {
    const bad = ir({
      scores: { e: { kind: "engagement", scope: "contact", decay: { model: "step", amount: 0, every: 60 } } },
      rules: { r: { kind: "event", on: "", score: "e", points: 1 } },
    });
    const ds = checkSchema(bad, new Map(Object.entries({ "/scores/e/decay/amount": span(3), "/rules/r": span(9) })));
    expect(ds).toMatchObject([
      { path: "/rules/r/on", span: span(9) },
      { path: "/scores/e/decay/amount", span: span(3) },
    ]);
  });
});
