import { describe, expect, it } from "vitest";
import { parseFunnel } from "../../../dsl/syntax/index.js";
import { docsSnippets, readSample } from "./helpers.js";

describe("realistic files", () => {
  it("parses the B2B sample without diagnostics", () => {
    const r = parseFunnel(readSample("b2b.funnel"), "b2b.funnel");
    expect(r.diagnostics).toEqual([]);
    expect(r.value.decls.map((d) => d.kind)).toEqual([
      "version", "timezone", "field", "field", "field", "field", "event", "score", "score", "score",
      "rule", "rule", "rule", "rule", "rule", "segment", "segment", "segment", "suppress", "pipeline",
      "threshold", "feedback", "campaign", "campaign", "channel", "channel",
    ]);
    expect(r.value.decls[0]).toMatchObject({ kind: "version", comments: ["A B2B lead funnel: the SPEC section 2 example, completed."] });
  });

  it("parses every DSL snippet of docs/language.md except the condition table", () => {
    const snippets = docsSnippets();
    expect(snippets.length).toBeGreaterThanOrEqual(10);
    snippets.forEach((s, i) => {
      if (s.startsWith("a and b")) return; // the condition table: tested condition by condition
      const r = parseFunnel(s, `snippet-${i}.funnel`);
      expect(r.diagnostics, `snippet ${i}`).toEqual([]);
      expect(r.value.decls.length, `snippet ${i}`).toBeGreaterThan(0);
    });
  });
});
