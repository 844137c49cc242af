import { describe, expect, it } from "vitest";
import { compileSafeRegex } from "../../../dsl/regex/safe-regex.js";

describe("compileSafeRegex matches like a marketer expects", () => {
  it.each([
    // [pattern, input, expected]
    ["director|vp|chief", "Sales Director", true],
    ["director|vp|chief", "VP of Marketing", true],
    ["director|vp|chief", "CHIEF EXECUTIVE", true],
    ["director|vp|chief", "Account Manager", false],
    ["\\bcto\\b", "Director", false],
    ["\\bcto\\b", "CTO", true],
    ["\\bcto\\b", "Acting CTO, EMEA", true],
    ["\\Bcto", "Director", true],
    ["\\Bcto", "cto", false],
    ["\\.edu$", "ann@uni.EDU", true],
    ["\\.edu$", "ann@uni.edu.au", false],
    ["^/pricing", "/pricing/enterprise", true],
    ["^/pricing", "/en/pricing", false],
    ["^$", "", true],
    ["^a?$", "", true],
    ["a*", "", true],
    ["x", "", false],
    ["a.c", "abc", true],
    ["a.c", "a\nc", false],
    ["a.c", "a\u2028c", false],
    ["a\\sc", "a\nc", true],
    ["[a-c]+x", "ABCX", true],
    ["[^a-c]", "ABC", false],
    ["[^a-c]", "ABCd", true],
    ["\\d{3}-\\d{4}", "call 555-1234", true],
    ["\\d{3}-\\d{4}", "call 55-1234", false],
    ["^\\w+$", "snake_case_99", true],
    ["^\\w+$", "café", false],
    ["\\W", "abc", false],
    ["\\D", "123", false],
    ["\\S", "  \t", false],
    ["^(ab){2,3}$", "ababab", true],
    ["^(ab){2,3}$", "abababab", false],
    ["^(ab){2,3}$", "ab", false],
    ["^a{0}$", "", true],
    ["^a{2,}$", "aaaaa", true],
    ["^a{2,}$", "a", false],
    ["(a|b)*c", "ababbac", true],
    ["(?:senior )?engineer", "Senior Engineer", true],
    ["a|^b", "cb", false],
    ["a|^b", "bc", true],
    ["a$|b", "ab", true],
    ["^\\$\\(\\)\\[\\]\\{\\}\\*\\+\\?\\.\\|\\\\\\^$", "$()[]{}*+?.|\\^", true],
    ["[\\]\\-]", "-", true],
    ["[-a]", "-", true],
  ] as const)("%j on %j → %s", (pattern, input, expected) => {
    expect(compileSafeRegex(pattern).test(input)).toBe(expected);
  });
});

describe("case-insensitivity", () => {
  it.each([
    ["director", "DIRECTOR"],
    ["DIRECTOR", "director"],
    ["é", "É"],
    ["ü", "Ü"],
    ["straße", "STRAßE"],
    ["ω", "Ω"],
    ["σ", "ς"],
    ["привет", "ПРИВЕТ"],
    ["[à-ÿ]", "É"],
    ["𐐀", "𐐨"],
  ])("%j matches %j", (pattern, input) => {
    expect(compileSafeRegex(pattern).test(input)).toBe(true);
  });

  // The edge, as in JavaScript's /.../i: a non-ASCII character never folds onto an ASCII one,
  // and a character whose upper case is two characters folds onto nothing else.
  it.each([
    ["k", "\u212a"],
    ["s", "ſ"],
    ["i", "ı"],
    ["i", "İ"],
    ["ß", "ẞ"],
    ["\\w", "\u212a"],
  ])("%j does not match %j", (pattern, input) => {
    expect(compileSafeRegex(pattern).test(input)).toBe(false);
  });
});

describe("text is read by code point, as PostgreSQL reads it", () => {
  it("`.` takes an emoji as one character", () => {
    expect(compileSafeRegex("^.$").test("😀")).toBe(true);
    expect(compileSafeRegex("^..$").test("😀")).toBe(false);
    expect(compileSafeRegex("^[😀-😂]$").test("😁")).toBe(true);
  });
});

describe("no pattern can make matching slow", () => {
  const long = "a".repeat(100_000);
  it.each(["(a*)*b", "(a|a)*b", "(a|aa)+b", "(.*a){20}b", "^(a+)+$c", "(\\w+\\s?)*!", "(a?){50}a{50}b"])(
    "%j on 100 000 `a`s finishes well under a second",
    (pattern) => {
      const regex = compileSafeRegex(pattern);
      const started = performance.now();
      expect(regex.test(long)).toBe(false);
      expect(performance.now() - started).toBeLessThan(1000);
    },
  );

  it("still finds a match at the end of a long text", () => {
    const started = performance.now();
    expect(compileSafeRegex("(a*)*b").test(`${long}b`)).toBe(true);
    expect(compileSafeRegex("(.*a){20}$").test(long)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("throws only for a pattern that checkSafeRegex refuses", () => {
    expect(() => compileSafeRegex("a**")).toThrow(/invalid-regex/);
    expect(() => compileSafeRegex("(a{100}){100}")).toThrow(/unsafe-regex/);
  });

  it("can be used again and again (its buffers are reused)", () => {
    const regex = compileSafeRegex("^vp|chief$");
    expect([regex.test("VP"), regex.test("x"), regex.test("Chief"), regex.test("vpx"), regex.test("chiefs")]).toEqual([true, false, true, true, false]);
  });
});
