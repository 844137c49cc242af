/**
 * Names that are also words of the language (`after`, `startswith`, a field called `did`)
 * must never make `convert` or `fmt` write DSL text that reads back differently: the
 * printer encloses a condition in parentheses where the next word would join it.
 */
import { describe, expect, it } from "vitest";
import type { Decl } from "../../../dsl/ast.js";
import { printDsl } from "../../../dsl/print/dsl.js";
import { parseFunnel } from "../../../dsl/syntax/index.js";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { stripSpans } from "../yaml/strip.js";

/** YAML → DSL text, which must parse without errors. */
function convert(yaml: string): { text: string; decls: Decl[] } {
  const loaded = loadYaml(yaml, "t.funnel.yaml");
  expect(loaded.diagnostics).toEqual([]);
  const text = printDsl(loaded.value);
  const back = parseFunnel(text, "t.funnel");
  expect(back.diagnostics).toEqual([]);
  return { text, decls: back.value.decls };
}

describe("soft keywords next to conditions", () => {
  it("encloses a condition that a score named `startswith` or `after` would continue", () => {
    const { text, decls } = convert(
      "rules:\n  A: { when: vip, score: startswith, points: 5 }\n  B: { on: a.b, if: vip, score: after, points: 5 }\n",
    );
    expect(text).toContain('rule "A"  when (vip)');
    expect(text).toContain("if (vip)");
    expect(decls).toMatchObject([{ score: { text: "startswith" } }, { score: { text: "after" } }]);
  });

  it("leaves conditions alone where the next word cannot join them", () => {
    const text = 'rule "r" when x == 1 after +5\n';
    expect(printDsl(parseFunnel(text, "t.funnel").value)).toBe(text);
    const segment = "segment s { did }\n";
    expect(printDsl(parseFunnel(segment, "t.funnel").value)).toBe(segment);
  });

  it("encloses a field named `did` or `tagged` where a name follows it", () => {
    const { decls } = convert(
      "pipelines:\n  p:\n    stages:\n      - a: { initial: true, when: did }\n      - b: { when: tagged }\ncampaigns:\n  c:\n    leave: when did\n    goal: tagged\n    steps: [wait 1d]\n",
    );
    expect(stripSpans(decls)).toMatchObject([
      { kind: "pipeline", stages: [{ triggers: [{ when: { kind: "paren", inner: { kind: "bare", ref: { name: { text: "did" } } } } }] }, { name: { text: "b" } }] },
      { kind: "campaign", leave: { kind: "paren" }, goal: { kind: "paren" }, steps: [{ kind: "wait" }] },
    ]);
  });
});
