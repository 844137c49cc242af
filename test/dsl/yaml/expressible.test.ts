/**
 * The YAML front end refuses what the DSL cannot say, so `convert` never writes DSL text
 * that reads back differently.
 */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

const load = (text: string) => loadYaml(text, "t.funnel.yaml");
const at = (text: string, needle: string): { file: string; start: number; end: number } => ({ file: "t.funnel.yaml", start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

describe("YAML that the DSL cannot express", () => {
  it("reports a segment with both `static` and `when` at the condition", () => {
    const text = "segments:\n  vip:\n    static: true\n    when: tagged vip\n";
    expect(load(text).diagnostics).toMatchObject([{ code: "static-segment-condition", span: at(text, "tagged vip") }]);
  });

  it("reports a segment with neither `static` nor `when` at its name", () => {
    const text = "segments:\n  vip:\n    label: VIPs\n";
    expect(load(text).diagnostics).toMatchObject([{ code: "yaml-missing-key", span: at(text, "vip") }]);
    expect(load("segments:\n  vip: { static: true }\n").diagnostics).toEqual([]);
    expect(load("segments:\n  vip: { when: tagged vip }\n").diagnostics).toEqual([]);
  });

  it("reports a step label that is a reserved word, in both step forms", () => {
    const text = 'campaigns:\n  c:\n    steps:\n      - in: send email "a"\n      - { label: is, do: wait 3d }\n      - wait: send email "b"\n';
    const r = load(text);
    const word = (w: string) => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length - 1 });
    expect(r.diagnostics).toMatchObject([
      { code: "reserved-name", span: word("in:") },
      { code: "reserved-name", span: word("is,") },
    ]);
    // Soft keywords are fine as labels: the DSL reads `wait: send email "b"` as labelled.
    const c = r.value.decls[0];
    expect(c?.kind === "campaign" ? c.steps.map((s) => s.label?.text) : []).toEqual([undefined, undefined, "wait"]);
  });
});
