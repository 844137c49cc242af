import { describe, expect, it } from "vitest";
import { lowerToIr } from "../../../dsl/lower/index.js";
import type { CondNode, Decl } from "../../../dsl/ast.js";
import { and, cmp, field, file, name, num, or, paren, ref, score, segment, sp, str } from "./builders.js";

function lowerSegment(when: CondNode, extra: Decl[] = []) {
  const r = lowerToIr([file([...extra, segment("s", when)])]);
  const seg = r.value?.ir.segments["s"];
  return { cond: seg?.kind === "dynamic" ? seg.when : undefined, diagnostics: r.diagnostics, sourceMap: r.value?.sourceMap ?? new Map<string, never>() };
}

describe("condition lowering (hand-built AST)", () => {
  it("resolves a bare name to a score before a field, and attributes last", () => {
    const { cond, diagnostics } = lowerSegment(and(cmp(ref("engagement"), ">=", num(5)), cmp(ref("last_active"), "!=", str("x"))), [
      score("engagement"),
      field("engagement", "number"),
    ]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(cond).toEqual({
      op: "and",
      args: [
        { op: "cmp", ref: { ref: "score", score: "engagement" }, cmp: ">=", value: 5 },
        { op: "cmp", ref: { ref: "attr", name: "last_active_at" }, cmp: "!=", value: "x" },
      ],
    });
  });

  it("flattens nested and/or of the same operator and drops parentheses", () => {
    const a = cmp(ref("email"), "==", str("a"));
    const b = cmp(ref("email"), "==", str("b"));
    const c = cmp(ref("email"), "==", str("c"));
    const { cond } = lowerSegment(or(paren(or(a, b)), c));
    expect(cond).toMatchObject({ op: "or", args: [{ value: "a" }, { value: "b" }, { value: "c" }] });
  });

  it("lowers `not in` to not(in) and records spans for the values", () => {
    const list = { kind: "list" as const, items: [str("x"), str("y")], span: sp() };
    const node = cmp(ref("email"), "not in", list);
    const { cond, sourceMap } = lowerSegment(node);
    expect(cond).toEqual({ op: "not", arg: { op: "in", ref: { ref: "field", name: "email" }, values: ["x", "y"] } });
    expect(sourceMap.get("/segments/s/when/arg/values/1")).toEqual(list.items[1]?.span);
  });

  it("asks for a key on a per-dimension score outside a context of its dimension", () => {
    const r = ref("interest");
    const { diagnostics } = lowerSegment(cmp(r, ">=", num(5)), [score("interest", "product")]);
    expect(diagnostics).toMatchObject([{ code: "missing-dimension-key", span: r.span }]);
    expect(diagnostics[0]?.hint).toContain("interest[any]");
  });

  it("rejects a key on a score that is not kept per dimension", () => {
    const r = ref("engagement", "crm");
    const { diagnostics } = lowerSegment(cmp(r, ">=", num(5)), [score("engagement")]);
    expect(diagnostics).toMatchObject([{ code: "unexpected-dimension-key", span: r.key?.span }]);
  });

  it("reports an unknown bare name with a did-you-mean hint at the name", () => {
    const r = ref("engagment");
    const { diagnostics } = lowerSegment(cmp(r, ">=", num(5)), [score("engagement")]);
    expect(diagnostics).toMatchObject([{ code: "unknown-name", span: r.name.span, hint: "did you mean `engagement`?" }]);
    void name;
  });
});
