import { describe, expect, it } from "vitest";
import { canonicalJson, hashIr } from "../../../dsl/canonical.js";
import { emptyIr } from "../../fixtures/empty-ir.js";


describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("writes numbers in one form whatever their origin", () => {
    expect(canonicalJson({ a: 1.0, b: -0, c: 2.5e3 })).toBe('{"a":1,"b":0,"c":2500}');
  });

  it("leaves out undefined members and keeps array order", () => {
    expect(canonicalJson({ a: undefined, b: [2, 1] })).toBe('{"b":[2,1]}');
  });
});

describe("hashIr", () => {
  it("is a sha256 hex digest that ignores key order and an existing hash", () => {
    const a = emptyIr();
    const b = { hash: "old", ...emptyIr(), fields: { x: { type: "string" as const } } };
    const c = { ...emptyIr(), fields: { x: { type: "string" as const } } };
    expect(hashIr(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashIr(b)).toBe(hashIr(c));
    expect(hashIr(a)).not.toBe(hashIr(c));
  });
});
