import { describe, expect, it } from "vitest";
import { diffIr } from "../../../dsl/plan/diff.js";
import type { Ir } from "../../../schemas/ir.js";

function base(): Ir {
  return {
    format: "funnelform-ir/1",
    version: "1",
    timezone: "UTC",
    fields: { job_title: { type: "string" } },
    events: { "page.visited": { props: { url: { type: "string" } }, builtin: true } },
    scores: { engagement: { kind: "engagement", scope: "contact", limit: { min: -20, max: 70 }, decay: { model: "step", amount: 10, every: 604800 } } },
    rules: {
      "Pricing page": {
        kind: "event",
        on: "page.visited",
        if: { op: "text", ref: { ref: "prop", name: "url" }, fn: "contains", value: "/pricing" },
        score: "engagement",
        points: 20,
        atMost: { count: 1, per: 86400 },
      },
    },
    segments: { students: { kind: "dynamic", when: { op: "text", ref: { ref: "field", name: "email" }, fn: "endswith", value: ".edu" } } },
    suppressions: { students: ["engagement"] },
    pipelines: {},
    thresholds: {
      mql: { when: { op: "cmp", ref: { ref: "score", score: "engagement" }, cmp: ">=", value: 60 }, actions: [{ do: "tag", tag: "mql" }] },
    },
    feedback: {},
    campaigns: {},
    channels: {},
  };
}

describe("diffIr", () => {
  it("finds no change between a workspace and itself", () => {
    expect(diffIr(base(), base())).toEqual({ changes: [], summary: { add: 0, change: 0, remove: 0, rename: 0 } });
  });

  it("reports changed attributes in the language's words, old and new", () => {
    const after = base();
    after.scores["engagement"] = { ...after.scores["engagement"]!, limit: { min: -20, max: 80 } };
    after.thresholds["mql"]!.when = { op: "cmp", ref: { ref: "score", score: "engagement" }, cmp: ">=", value: 50 };
    const d = diffIr(base(), after);
    expect(d.summary).toEqual({ add: 0, change: 2, remove: 0, rename: 0 });
    expect(d.changes).toEqual([
      { kind: "score", name: "engagement", action: "change", attributes: [{ attribute: "limit", before: "-20..70", after: "-20..80" }] },
      { kind: "threshold", name: "mql", action: "change", attributes: [{ attribute: "when", before: "engagement >= 60", after: "engagement >= 50" }] },
    ]);
  });

  it("lists every attribute of an added or removed entity", () => {
    const after = base();
    delete after.segments["students"];
    after.rules["Webinar"] = { kind: "event", on: "webinar.attended", score: "engagement", points: 15, once: true };
    const d = diffIr(base(), after);
    expect(d.changes).toContainEqual({
      kind: "rule",
      name: "Webinar",
      action: "add",
      attributes: [
        { attribute: "on", after: "webinar.attended" },
        { attribute: "score", after: "engagement" },
        { attribute: "points", after: "+15" },
        { attribute: "once", after: "yes" },
      ],
    });
    expect(d.changes).toContainEqual(expect.objectContaining({ kind: "segment", name: "students", action: "remove" }));
  });

  it("shows a likely rename (same body, new name) as one rename, not a remove and an add", () => {
    const after = base();
    after.rules["Visited pricing"] = after.rules["Pricing page"]!;
    delete after.rules["Pricing page"];
    const d = diffIr(base(), after);
    expect(d.changes).toEqual([{ kind: "rule", name: "Visited pricing", action: "rename", from: "Pricing page", attributes: [] }]);
    expect(d.summary.rename).toBe(1);
  });
});
