import { compileWorkspace } from "../../dsl/index.js";
import type { CompiledIr } from "../../schemas/ir.js";

/** A small model with an MQL alert that asks sales for a verdict. */
export const QUALITY_MODEL = `version "1"
field job_title: string
score engagement { limit 0..100 }
rule "Demo" on form.submitted if form == "demo" engagement +60
rule "Pricing" on page.visited if url contains "/pricing" engagement +20
threshold mql when engagement >= 60 { feedback quality }
feedback quality {
  ask owner via email after 3d, then every 3d, at most 2 times
  good_lead -> tag good
  bad_timing -> tag later
  bad_fit -> tag wrong
  junk -> tag junk
}
campaign follow_up {
  enter on form.submitted if form == "demo"
  on change migrate
  first: send email "thanks"
  wait 30d
  last: send email "still-interested"
}
`;

export function compile(text: string): CompiledIr {
  const r = compileWorkspace([{ path: "model.funnel", text }]);
  if (r.value === undefined) throw new Error(`does not compile: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return r.value.ir;
}

const T0 = Date.parse("2026-01-05T09:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * a: demo + pricing, judged good_lead; b: demo, bad_fit; c: demo, junk; d: demo + pricing,
 * bad_timing; e: pricing only (never an MQL).
 */
export function qualityHistory(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const add = (contact: string, at: number, type: string, props: object): void => {
    out.push({ id: `e${String(out.length).padStart(3, "0")}`, type, contact, at: new Date(T0 + at).toISOString(), props });
  };
  for (const c of ["a", "b", "c", "d"]) add(c, HOUR, "form.submitted", { form: "demo" });
  for (const c of ["a", "d", "e"]) add(c, 2 * HOUR, "page.visited", { url: "/pricing" });
  const verdicts: Record<string, string> = { a: "good_lead", b: "bad_fit", c: "junk", d: "bad_timing" };
  for (const [c, outcome] of Object.entries(verdicts)) add(c, 4 * DAY, "feedback.given", { loop: "quality", outcome });
  return out;
}
