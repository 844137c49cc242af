import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { printYaml } from "../../../dsl/print/yaml.js";
import { S, a, decl, file, lit, n, num, s, step, tok } from "./build.js";
import { SAMPLE_YAML, sampleAst } from "./sample.js";

describe("printYaml", () => {
  it("prints the sample workspace in the documented layout", () => {
    expect(printYaml(sampleAst())).toBe(SAMPLE_YAML);
  });

  it("prints an empty file as empty text", () => {
    expect(printYaml(file([]))).toBe("");
  });

  it("quotes only scalars that would otherwise read back differently", () => {
    const ast = file([
      decl({ kind: "version", value: s("1.0") }),
      decl({ kind: "field", name: n("flag"), type: tok("string"), default: lit.str("true") }),
      decl({ kind: "field", name: n("note"), type: tok("string"), default: lit.str('say "hi": now') }),
      decl({ kind: "field", name: n("multi"), type: tok("string"), default: lit.str("a\nb") }),
      decl({ kind: "field", name: n("list"), type: tok("string[]"), default: lit.list(lit.str("a, b"), lit.str("c")) }),
      decl({ kind: "segment", name: n("s"), label: s("# not a comment"), when: { kind: "bare", ref: { name: n("x"), span: S }, span: S } }),
    ]);
    const text = printYaml(ast);
    expect(text).toContain('version: "1.0"\n');
    expect(text).toContain('flag: { type: string, default: "true" }');
    expect(text).toContain(`note: { type: string, default: 'say "hi": now' }`);
    expect(text).toContain('multi: { type: string, default: "a\\nb" }');
    expect(text).toContain('list: { type: "string[]", default: ["a, b", c] }');
    expect(parse(text)).toEqual({
      version: "1.0",
      fields: {
        flag: { type: "string", default: "true" },
        note: { type: "string", default: 'say "hi": now' },
        multi: { type: "string", default: "a\nb" },
        list: { type: "string[]", default: ["a, b", "c"] },
      },
      segments: { s: { label: "# not a comment", when: "x" } },
    });
  });

  it("quotes rule names that are not plain YAML keys", () => {
    const rule = (name: string) =>
      decl({ kind: "rule", name: n(name), trigger: { kind: "event", event: n("email.clicked"), span: S }, score: n("engagement"), points: num(-3) });
    const text = printYaml(file([rule("Clicked: once"), rule("- dash"), rule("plain name")]));
    expect(parse(text)).toEqual({
      rules: {
        "Clicked: once": { on: "email.clicked", score: "engagement", points: -3 },
        "- dash": { on: "email.clicked", score: "engagement", points: -3 },
        "plain name": { on: "email.clicked", score: "engagement", points: -3 },
      },
    });
  });

  it("writes a step label that is a step key in the `{ label, do }` form", () => {
    const ast = file([
      decl({
        kind: "campaign",
        name: n("c"),
        steps: [step({ kind: "action", action: a.tag("x"), label: n("do") }), step({ kind: "wait_time", days: [tok("sat"), tok("sun")], time: s("10:00") })],
      }),
    ]);
    expect(printYaml(ast)).toBe(["campaigns:", "  c:", "    steps:", "      - { label: do, do: tag x }", "      - wait until sat,sun 10:00", ""].join("\n"));
  });
});
