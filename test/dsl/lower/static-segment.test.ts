import { describe, expect, it } from "vitest";
import { lowerToIr } from "../../../dsl/lower/index.js";
import type { Decl } from "../../../dsl/ast.js";
import { base, cmp, file, name, ref, sp, str } from "./builders.js";

describe("static segments (hand-built AST)", () => {
  it("rejects a condition on a static segment, at the condition", () => {
    const when = cmp(ref("email"), "endswith", str(".edu"));
    const seg: Decl = { kind: "segment", name: name("s"), static: sp(), when, ...base };
    const r = lowerToIr([file([seg])]);
    expect(r.diagnostics).toMatchObject([{ code: "static-segment-condition", span: when.span }]);
    expect(r.value?.ir.segments["s"]).toEqual({ kind: "static" });
  });

  it("lowers a static segment without a condition", () => {
    const seg: Decl = { kind: "segment", name: name("s"), static: sp(), ...base };
    expect(lowerToIr([file([seg])]).value?.ir.segments["s"]).toEqual({ kind: "static" });
  });
});
