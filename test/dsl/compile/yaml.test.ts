import { describe, expect, it } from "vitest";
import { compile, compileFiles, SPEC_TEXT, spanText, withCode } from "./helpers.js";
import { SPEC_YAML } from "./spec-yaml.js";

const DSL = `version "2026.11.1"
field marketing_suspended: boolean = false
score engagement { limit -20..70  decay 10 every 7d }
rule "Pricing page" on page.visited if url contains "/pricing" engagement +20 at most 1 per 1d
segment do_not_score "Suppressed" { email endswith ".edu" or marketing_suspended }
suppress engagement while in do_not_score
`;

const YAML = `version: "2026.11.1"
fields:
  marketing_suspended: { type: boolean, default: false }
scores:
  engagement: { limit: "-20..70", decay: "10 every 7d" }
rules:
  Pricing page: { on: page.visited, if: 'url contains "/pricing"', score: engagement, points: 20, at most: 1 per 1d }
segments:
  do_not_score: { label: Suppressed, when: 'email endswith ".edu" or marketing_suspended' }
suppress:
  do_not_score: [engagement]
`;

describe("YAML workspaces", () => {
  it("compile to the same hash as the same workspace in the DSL", () => {
    const dsl = compile(DSL);
    const yaml = compile(YAML, "main.funnel.yaml");
    expect(yaml.diagnostics).toEqual([]);
    expect(yaml.value?.ir.hash).toBe(dsl.value?.ir.hash);
  });

  it("can be mixed with DSL files in one namespace", () => {
    const r = compileFiles([
      { path: "a.funnel.yaml", text: YAML },
      { path: "b.funnel", text: `threshold hot when engagement >= 60 { tag hot }\n` },
    ]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(Object.keys(r.value?.ir.thresholds ?? {})).toEqual(["hot"]);
  });

  it("points errors inside embedded conditions at the YAML text", () => {
    const text = YAML.replace("email endswith", "emal endswith");
    const [d] = withCode(compile(text, "main.funnel.yaml").diagnostics, "unknown-name");
    expect(d?.span.file).toBe("main.funnel.yaml");
    expect(spanText(text, d)).toBe("emal");
    expect(d?.hint).toBe("did you mean `email`?");
  });
});

describe("files the compiler does not know", () => {
  it("are reported, and an empty workspace is an error", () => {
    expect(compileFiles([{ path: "notes.txt", text: "" }]).diagnostics).toMatchObject([{ code: "file-unreadable" }]);
    expect(compileFiles([]).diagnostics).toMatchObject([{ code: "no-files" }]);
  });
});

describe("YAML-only mistakes", () => {
  it("a static segment with a condition is reported at the condition", () => {
    const text = 'version: "1"\nsegments:\n  s: { static: true, when: "email is set" }\n';
    const [d] = withCode(compile(text, "main.funnel.yaml").diagnostics, "static-segment-condition");
    expect(spanText(text, d)).toBe("email is set");
  });
});

describe("the SPEC example in both syntaxes", () => {
  it("gives the same IR and hash", () => {
    const dsl = compile(SPEC_TEXT);
    const yaml = compile(SPEC_YAML, "main.funnel.yaml");
    expect(yaml.diagnostics).toEqual([]);
    expect(yaml.value?.ir).toEqual(dsl.value?.ir);
  });
});

describe("YAML key order", () => {
  it("does not change the hash: sections and keys in another order", () => {
    const reference = compile(SPEC_YAML, "main.funnel.yaml").value?.ir.hash;
    const rulesAt = SPEC_YAML.indexOf("rules:\n");
    const segmentsAt = SPEC_YAML.indexOf("segments:\n");
    const rules = SPEC_YAML.slice(rulesAt, segmentsAt);
    const moved = (SPEC_YAML.slice(0, rulesAt) + SPEC_YAML.slice(segmentsAt) + rules).replace(
      "Clicked an email: { on: email.clicked, score: engagement, points: 3 }",
      "Clicked an email: { points: 3, score: engagement, on: email.clicked }",
    );
    expect(moved).not.toBe(SPEC_YAML);
    const r = compile(moved, "main.funnel.yaml");
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.ir.hash).toBe(reference);
  });
});
