import { describe, expect, it } from "vitest";
import { patternOffsetInLiteral } from "../../../dsl/regex/literal-offset.js";
import { checkSafeRegex } from "../../../dsl/regex/safe-regex.js";

describe("patternOffsetInLiteral points a pattern problem at the source text", () => {
  it("skips the opening quote when nothing is escaped", () => {
    const r = checkSafeRegex("ab(c");
    expect(r).toMatchObject({ ok: false, offset: 2 });
    if (!r.ok) expect(patternOffsetInLiteral('"ab(c"', r.offset)).toEqual({ start: 3, length: 1 });
  });

  it("counts a DSL escape as the characters written", () => {
    // Written `"\\.edu$|\\q"`; the pattern is `\.edu$|\q`, whose `\q` starts at offset 7.
    const image = '"\\\\.edu$|\\\\q"';
    const r = checkSafeRegex("\\.edu$|\\q");
    expect(r).toMatchObject({ ok: false, offset: 7 });
    if (!r.ok) expect(patternOffsetInLiteral(image, r.offset)).toEqual({ start: 9, length: 2 });
  });

  it("follows `\\u{...}` escapes and astral characters", () => {
    // `"\u{1F600}😀x"`: pattern offsets 0-1 are the first emoji, 2-3 the second, 4 is `x`.
    const image = '"\\u{1F600}😀x"';
    expect(patternOffsetInLiteral(image, 0)).toEqual({ start: 1, length: 9 });
    expect(patternOffsetInLiteral(image, 2)).toEqual({ start: 10, length: 2 });
    expect(patternOffsetInLiteral(image, 4)).toEqual({ start: 12, length: 1 });
  });

  it("points past the end at the closing quote", () => {
    expect(patternOffsetInLiteral('"abc"', 3)).toEqual({ start: 4, length: 1 });
  });
});
