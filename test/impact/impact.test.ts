import { describe, expect, it } from "vitest";
import { historyText } from "../../bench/gen-history.js";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { simulate } from "../../runtime/engine/simulate.js";
import { planComment } from "../../runtime/impact/comment.js";
import { computeImpact } from "../../runtime/impact/impact.js";
import { COMMENT_LIMIT } from "../../dsl/plan/render-markdown.js";
import { compileWorkspace } from "../../dsl/index.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { compile, QUALITY_MODEL, qualityHistory } from "./fixtures.js";

function b2b(edit: (name: string, text: string) => string = (_n, t) => t): CompiledIr {
  const dir = join(import.meta.dirname, "../../examples/b2b");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".funnel"))
    .map((f) => ({ path: f, text: edit(f, readFileSync(join(dir, f), "utf8")) }));
  const r = compileWorkspace(files);
  if (r.value === undefined) throw new Error("b2b does not compile");
  return r.value.ir;
}

describe("plan impact", () => {
  it("equals two independent simulate runs of the same history (b2b, fit line raised from 20 to 40)", () => {
    const before = b2b();
    const after = b2b((name, t) => (name === "lifecycle.funnel" ? t.replace("fit >= 20", "fit >= 40") : t));
    const events = historyText({ workspace: "b2b", contacts: 150, days: 60, seed: 7 })
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    const impact = computeImpact(before, after, events);
    const a = simulate(before, events);
    const b = simulate(after, events);
    const fires = (r: typeof a): number => r.contacts.reduce((n, c) => n + c.thresholds.length, 0);
    const qualified = (r: typeof a): Set<string> => new Set(r.contacts.filter((c) => c.thresholds.length > 0).map((c) => c.id));
    expect(impact.before.fires).toBe(fires(a));
    expect(impact.after.fires).toBe(fires(b));
    expect(impact.after.fires).toBeLessThan(impact.before.fires);
    expect(impact.before.qualified).toBe(qualified(a).size);
    const gone = [...qualified(a)].filter((id) => !qualified(b).has(id)).sort();
    expect(impact.noLongerQualifying).toEqual({ count: gone.length, first: gone.slice(0, 10) });
    expect(impact.newlyQualifying.count).toBe(0);
    const live = b.contacts.filter((c) => c.deleted === undefined);
    expect(impact.after.stages["lifecycle"]?.["mql"]).toBe(live.filter((c) => c.stages["lifecycle"] === "mql").length);
    expect(impact.after.segments["do_not_score"]).toBe(live.filter((c) => c.segments.includes("do_not_score")).length);
    expect(impact.before.outbox).toBe(a.outbox.length);
  });

  it("builds the MQL quality table from the verdicts in the history, with precision", () => {
    const before = compile(QUALITY_MODEL);
    const after = compile(QUALITY_MODEL.replace("engagement >= 60", "engagement >= 80"));
    const impact = computeImpact(before, after, qualityHistory());
    expect(impact.before.quality).toEqual({ judged: 4, outcomes: { good_lead: 1, bad_timing: 1, bad_fit: 1, junk: 1 }, precision: 0.5 });
    expect(impact.after.quality).toEqual({ judged: 2, outcomes: { good_lead: 1, bad_timing: 1, bad_fit: 0, junk: 0 }, precision: 1 });
    expect(impact.noLongerQualifying).toEqual({ count: 2, first: ["b", "c"] });
  });

  it("lists in-flight enrollments of a changed campaign with what its on-change policy does", () => {
    const before = compile(QUALITY_MODEL);
    const removedStep = compile(QUALITY_MODEL.replace('  wait 30d\n  last: send email "still-interested"\n', ""));
    const migrate = computeImpact(before, removedStep, qualityHistory());
    // Everyone who asked for a demo waits at `wait 30d`, a step the new version no longer has.
    expect(migrate.campaigns).toEqual([
      expect.objectContaining({ campaign: "follow_up", change: "changed", policy: "migrate", inFlight: 4, first: ["a", "b", "c", "d"], atRemovedSteps: 4 }),
    ]);
    const restart = computeImpact(before, compile(QUALITY_MODEL.replace("on change migrate", "on change restart")), qualityHistory());
    expect(restart.campaigns).toMatchObject([{ policy: "restart", inFlight: 4, atRemovedSteps: 0 }]);
    expect(restart.campaigns[0]?.effect).toContain("start again");
    const removed = computeImpact(before, compile(QUALITY_MODEL.replace(/campaign follow_up \{[^}]*\}\n/, "")), qualityHistory());
    expect(removed.campaigns).toMatchObject([{ campaign: "follow_up", change: "removed", policy: null, inFlight: 4 }]);
    expect(computeImpact(before, before, qualityHistory()).campaigns).toEqual([]);
  });

  it("lists feedback loops stranded by a removed loop: contacts still waiting for a verdict", () => {
    const before = compile(QUALITY_MODEL);
    const after = compile(QUALITY_MODEL.replace(" { feedback quality }", " { tag mql }").replace(/feedback quality \{[^}]*\}\n/, ""));
    const open = qualityHistory().filter((e) => !(e["type"] === "feedback.given" && e["contact"] !== "d"));
    const impact = computeImpact(before, after, open);
    expect(impact.strandedFeedback).toEqual([{ loop: "quality", open: 3, first: ["a", "b", "c"] }]);
    // The verdict for d names a loop the change no longer has: refused under the change only.
    expect(impact.after.refused.count).toBe(1);
    expect(impact.before.refused.count).toBe(0);
  });

  it("keeps the pull-request comment under the limit, cutting details with a pointer to the full plan", () => {
    const before = compile(QUALITY_MODEL);
    const impact = computeImpact(before, before, qualityHistory());
    const huge = ["### funnelform plan", "", "**Plan: 0 to add, 5000 to change, 0 to remove.**", "", "<details><summary>Changes</summary>", "", "```diff", ...Array.from({ length: 5000 }, (_, i) => `!   rule r${i}: a long line of changes ${"x".repeat(40)}`), "```", "", "</details>"].join("\n");
    const md = planComment(huge, impact);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md).toContain("MQL quality");
    expect(md).toContain("the full plan is in the plan file");
    expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
  });
});
