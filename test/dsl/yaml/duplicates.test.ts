/**
 * A key written twice in one mapping is a `duplicate-name` at the second key, found with a
 * set per mapping (the `yaml` package's own check is quadratic on large mappings).
 */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

describe("duplicate keys", () => {
  it("reports the second key in block and flow mappings, once each", () => {
    const text = "scores:\n  fit: { kind: fit, kind: engagement }\n  fit: { kind: fit }\n";
    const second = text.indexOf("kind", text.indexOf("kind") + 1);
    const fit2 = text.lastIndexOf("fit:");
    expect(loadYaml(text, "d.funnel.yaml").diagnostics).toMatchObject([
      { code: "duplicate-name", span: { start: second, end: second + 4 } },
      { code: "duplicate-name", span: { start: fit2, end: fit2 + 3 } },
    ]);
  });

  it("finds the one duplicate among thousands of rules", () => {
    const rules = Array.from({ length: 5000 }, (_, i) => `  r${i}: { on: a.b, score: s, points: 1 }`);
    rules.push("  r42: { on: a.b, score: s, points: 2 }");
    const text = `scores:\n  s: { kind: fit }\nrules:\n${rules.join("\n")}\n`;
    const r = loadYaml(text, "d.funnel.yaml");
    const at = text.lastIndexOf("r42:");
    expect(r.diagnostics).toMatchObject([{ code: "duplicate-name", span: { start: at, end: at + 3 } }]);
    expect(r.value.decls).toHaveLength(5001);
  });
});
