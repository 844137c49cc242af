import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../../dsl/index.js";
import { diffIr } from "../../../dsl/plan/diff.js";
import type { CompiledIr } from "../../../schemas/ir.js";

function campaign(steps: string): CompiledIr {
  const text = `version "1"\nsegment all { email is set }\ncampaign c {\n  enter when in segment all\n${steps}}\n`;
  const r = compileWorkspace([{ path: "m.funnel", text }]);
  if (r.value === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value.ir;
}

const STEPS = '  hello: send email "a"\n  wait 3d\n  send email "b"\n  wait 7d\n  send email "c"\n';

describe("campaign steps in a plan", () => {
  it("removing an unnamed step reports that step only, not every step after it", () => {
    const after = campaign(STEPS.replace('  wait 3d\n  send email "b"\n', ""));
    const d = diffIr(campaign(STEPS), after);
    const attrs = d.changes[0]?.attributes ?? [];
    expect(attrs.filter((a) => a.attribute.startsWith("step "))).toEqual([
      { attribute: "step 2", before: "wait 3d" },
      { attribute: "step 3", before: 'send email "b"' },
    ]);
  });

  it("a changed unnamed step shows as one change, old → new", () => {
    const d = diffIr(campaign(STEPS), campaign(STEPS.replace("wait 7d", "wait 10d")));
    expect(d.changes[0]?.attributes).toEqual([{ attribute: "step 4", before: "wait 7d", after: "wait 10d" }]);
  });

  it("an inserted unnamed step is new, and the steps after it keep their old names", () => {
    const d = diffIr(campaign(STEPS), campaign(STEPS.replace("  wait 3d\n", "  wait 1d\n  wait 3d\n")));
    const attrs = d.changes[0]?.attributes ?? [];
    expect(attrs.find((a) => a.attribute === "steps")).toEqual({ attribute: "steps", before: "[hello, 2, 3, 4, 5]", after: "[hello, new 2, 2, 3, 4, 5]" });
    expect(attrs.filter((a) => a.attribute.startsWith("step "))).toEqual([{ attribute: "step new 2", after: "wait 1d" }]);
  });
});
