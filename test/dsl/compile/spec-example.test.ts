import { describe, expect, it } from "vitest";
import { hashIr } from "../../../dsl/canonical.js";
import { compile, SPEC_TEXT } from "./helpers.js";

describe("the SPEC section 2 example", () => {
  const result = compile(SPEC_TEXT);
  const ir = result.value?.ir;

  it("compiles without errors or warnings", () => {
    expect(result.diagnostics).toEqual([]);
    expect(ir?.hash).toBe(ir === undefined ? "" : hashIr(ir));
  });

  it("fills the defaults and keeps the built-in catalog", () => {
    expect(ir).toMatchObject({
      format: "funnelform-ir/1",
      version: "2026.11.1",
      timezone: "UTC",
      fields: {
        email: { type: "string", builtin: true },
        owner: { type: "string", builtin: true },
        marketing_suspended: { type: "boolean", default: false },
      },
      events: { "purchase.completed": { props: { amount: { type: "number" }, product: { type: "string" } }, builtin: true } },
      scores: {
        engagement: { kind: "engagement", scope: "contact", limit: { min: -20, max: 70 }, decay: { model: "step", amount: 10, every: 604800 } },
        fit: { kind: "fit", scope: "contact", limit: { min: 0, max: 100 } },
      },
      suppressions: { do_not_score: ["engagement"] },
      channels: { email: { type: "log" } },
    });
    expect(ir?.events["contact.updated"]).toBeUndefined();
  });

  it("lowers rules into a map by name, with conditions resolved to event props and fields", () => {
    expect(ir?.rules["Pricing page"]).toEqual({
      kind: "event",
      on: "page.visited",
      if: { op: "text", ref: { ref: "prop", name: "url" }, fn: "contains", value: "/pricing" },
      score: "engagement",
      points: 20,
      atMost: { count: 1, per: 86400 },
    });
    expect(ir?.rules["Senior title"]).toEqual({
      kind: "fit",
      when: { op: "text", ref: { ref: "field", name: "job_title" }, fn: "matches", value: "director|vp|chief" },
      score: "fit",
      points: 30,
    });
    expect(ir?.rules["Careers page"]).toMatchObject({ points: -10 });
  });

  it("flattens the segment's `or` and lowers `in`", () => {
    expect(ir?.segments["do_not_score"]).toEqual({
      kind: "dynamic",
      label: "Suppressed",
      when: {
        op: "or",
        args: [
          { op: "text", ref: { ref: "field", name: "email" }, fn: "endswith", value: ".edu" },
          { op: "true", ref: { ref: "field", name: "marketing_suspended" } },
          { op: "in", ref: { ref: "field", name: "company_domain" }, values: ["rival.example"] },
        ],
      },
    });
  });

  it("lowers the pipeline with its initial stage, categories and listed backward moves", () => {
    expect(ir?.pipelines["lifecycle"]).toEqual({
      scope: "contact",
      initial: "unknown",
      backward: "listed",
      allow: [],
      stages: [
        { name: "unknown", category: "in_progress", triggers: [] },
        { name: "engaged", category: "in_progress", triggers: [{ on: "event", event: "page.visited" }] },
        { name: "mql", category: "in_progress", triggers: [] },
        { name: "sales_accepted", category: "in_progress", triggers: [] },
        { name: "customer", category: "succeeded", triggers: [{ on: "event", event: "purchase.completed" }] },
      ],
    });
  });

  it("lowers the threshold, the feedback loop and the campaign", () => {
    expect(ir?.thresholds["mql"]).toEqual({
      when: {
        op: "and",
        args: [
          { op: "cmp", ref: { ref: "score", score: "engagement" }, cmp: ">=", value: 60 },
          { op: "cmp", ref: { ref: "score", score: "fit" }, cmp: ">=", value: 20 },
        ],
      },
      actions: [
        { do: "stage", pipeline: "lifecycle", stage: "mql" },
        { do: "notify", to: { to: "owner" }, template: "mql-alert" },
        { do: "feedback", loop: "mql_quality" },
      ],
    });
    expect(ir?.feedback["mql_quality"]).toEqual({
      ask: { to: { to: "owner" }, channel: "email", after: 259200, every: 259200, times: 10 },
      outcomes: {
        good_lead: [{ do: "stage", pipeline: "lifecycle", stage: "sales_accepted" }],
        bad_timing: [{ do: "start", campaign: "nurture" }],
        bad_fit: [{ do: "set", field: "marketing_suspended", value: true }],
        junk: [{ do: "delete_contact", after: 2592000 }],
      },
    });
    expect(ir?.campaigns["nurture"]).toEqual({
      enter: { on: "start" },
      reentry: { kind: "once" },
      onChange: "keep",
      steps: [
        { id: "1", step: "action", action: { do: "send_email", template: "nurture-1" } },
        { id: "2", step: "wait", seconds: 604800 },
        { id: "3", step: "action", action: { do: "send_email", template: "nurture-2" } },
      ],
    });
  });

  it("maps IR pointers back to the text they came from", () => {
    const sm = result.value?.sourceMap ?? new Map<string, never>();
    const at = (p: string): string | undefined => {
      const s = sm.get(p);
      return s === undefined ? undefined : SPEC_TEXT.slice(s.start, s.end);
    };
    expect(at("/scores/engagement/limit/max")).toBe("70");
    expect(at("/scores/engagement/decay/every")).toBe("7d");
    expect(at("/rules/Pricing page/if/value")).toBe('"/pricing"');
    expect(at("/thresholds/mql/actions/0/stage")).toBe("mql");
    expect(at("/pipelines/lifecycle/stages/4/triggers/0/event")).toBe("purchase.completed");
    expect(at("/feedback/mql_quality/outcomes/junk/0/after")).toBe("30d");
  });
});
