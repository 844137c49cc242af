/**
 * Conditions in YAML block scalars (`|`, `>`) report problems at the exact line and column,
 * because the body as written means the same DSL text as the scalar's value.
 */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

describe("block scalars", () => {
  it.each(["|", "|-", ">", ">-"])("points into a `%s` condition at the mistake", (indicator) => {
    const text = `segments:\n  s:\n    when: ${indicator}\n      email endswith ".edu"\n      or email @@ "x"\n`;
    const r = loadYaml(text, "t.funnel.yaml");
    const at = text.indexOf("@@");
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]).toMatchObject({ code: "syntax-error", span: { start: at } });
  });

  it("reads a valid block condition with exact spans", () => {
    const text = 'segments:\n  s:\n    when: |\n      email endswith ".edu"\n      or tagged vendor\n';
    const r = loadYaml(text, "t.funnel.yaml");
    expect(r.diagnostics).toEqual([]);
    const s = r.value.decls[0];
    const vendor = text.indexOf("vendor");
    expect(s?.kind === "segment" ? s.when : undefined).toMatchObject({ kind: "or", args: [{}, { kind: "tagged", tag: { text: "vendor", span: { start: vendor, end: vendor + 6 } } }] });
  });

  it("falls back to the whole scalar when a folded line break splits a DSL text", () => {
    const text = 'segments:\n  s:\n    when: >\n      email endswith ".e\n      du" or @@\n';
    const r = loadYaml(text, "t.funnel.yaml");
    const scalar = text.indexOf(">");
    expect(r.diagnostics[0]).toMatchObject({ span: { start: scalar } });
  });
});
