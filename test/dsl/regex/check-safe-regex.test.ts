import { describe, expect, it } from "vitest";
import { checkSafeRegex } from "../../../dsl/regex/safe-regex.js";

describe("checkSafeRegex accepts the subset", () => {
  it.each([
    "director|vp|chief",
    "^ceo$",
    "\\.edu$",
    "[a-z0-9_-]+@example\\.com",
    "[^0-9]",
    "[-a]",
    "[a-]",
    "[\\]\\[\\\\\\^\\-]",
    "\\d{3}-\\d{4}",
    "\\w+\\s\\w+",
    "\\D\\W\\S",
    "\\bvp\\b",
    "\\Bvp",
    "(senior|junior) (engineer|developer)",
    "(?:senior )?engineer",
    "a?b*c+",
    "x{0}y{2}z{1,}w{0,100}",
    "(a*)*b",
    "(a|aa)+$",
    "(.*a){20}",
    "é|ü|日本",
    "😀+",
    "/pricing/",
    "a|^b",
    "(x|^)+",
    "a{100}b{100}c{100}",
  ])("%s", (pattern) => {
    expect(checkSafeRegex(pattern)).toEqual({ ok: true });
  });
});

describe("checkSafeRegex refuses what is outside the subset, pointing at the culprit", () => {
  it.each([
    // [pattern, code, offset]
    ["", "invalid-regex", 0],
    ["(a)\\1", "invalid-regex", 3],
    ["(?<n>a)\\k<n>", "invalid-regex", 0],
    ["a\\k<n>", "invalid-regex", 1],
    ["foo(?=bar)", "invalid-regex", 3],
    ["foo(?!bar)", "invalid-regex", 3],
    ["(?<=a)b", "invalid-regex", 0],
    ["(?<!a)b", "invalid-regex", 0],
    ["a+?", "invalid-regex", 2],
    ["a*?", "invalid-regex", 2],
    ["a??", "invalid-regex", 2],
    ["a{2,3}?", "invalid-regex", 6],
    ["a*+", "invalid-regex", 2],
    ["a**", "invalid-regex", 2],
    ["a{2}{3}", "invalid-regex", 4],
    ["x(?<name>a)", "invalid-regex", 1],
    ["(?P<name>a)", "invalid-regex", 0],
    ["(?i)ceo", "invalid-regex", 0],
    ["(?i:ceo)", "invalid-regex", 0],
    ["/ceo/i", "invalid-regex", 5],
    ["(ceo", "invalid-regex", 0],
    ["a(b(c)", "invalid-regex", 1],
    ["ceo)", "invalid-regex", 3],
    ["[a-z", "invalid-regex", 0],
    ["ab]", "invalid-regex", 2],
    ["a}", "invalid-regex", 1],
    ["a{", "invalid-regex", 1],
    ["a{x}", "invalid-regex", 1],
    ["a{,3}", "invalid-regex", 1],
    ["a{3,2}", "invalid-regex", 1],
    ["{2}", "invalid-regex", 0],
    ["*a", "invalid-regex", 0],
    ["a|*b", "invalid-regex", 2],
    ["(+)", "invalid-regex", 1],
    ["^*", "invalid-regex", 1],
    ["a$+", "invalid-regex", 2],
    ["\\b{2}", "invalid-regex", 2],
    ["(^$)*", "invalid-regex", 4],
    ["director|", "invalid-regex", 8],
    ["|director", "invalid-regex", 0],
    ["a||b", "invalid-regex", 1],
    ["(a|)", "invalid-regex", 2],
    ["()", "invalid-regex", 0],
    ["[]", "invalid-regex", 0],
    ["x[^]", "invalid-regex", 1],
    ["[z-a]", "invalid-regex", 2],
    ["[a-z-0]", "invalid-regex", 4],
    ["[\\d-z]", "invalid-regex", 3],
    ["[a-\\d]", "invalid-regex", 3],
    ["[\\D]", "invalid-regex", 1],
    ["[a\\b]", "invalid-regex", 2],
    ["[[:alpha:]]", "invalid-regex", 1],
    ["[a[]", "invalid-regex", 2],
    ["abc\\", "invalid-regex", 3],
    ["\\q", "invalid-regex", 0],
    ["\\é", "invalid-regex", 0],
    ["\\p{L}", "invalid-regex", 0],
    ["\\u00e9", "invalid-regex", 0],
    ["\\x41", "invalid-regex", 0],
    ["\\0", "invalid-regex", 0],
    ["[\\1]", "invalid-regex", 1],
    ["ab\ud800", "invalid-regex", 2],
    ["a{101}", "unsafe-regex", 1],
    ["a{1,101}", "unsafe-regex", 1],
    ["a{1000000000000}", "unsafe-regex", 1],
    ["(a{100}){100}", "unsafe-regex", 8],
    ["((a{20}){20}){20}", "unsafe-regex", 13],
  ] as const)("%j → %s at %i", (pattern, code, offset) => {
    expect(checkSafeRegex(pattern)).toMatchObject({ ok: false, code, offset });
  });

  it("accepts a pattern of exactly 500 characters and refuses 501 as unsafe, pointing past the limit", () => {
    expect(checkSafeRegex("a".repeat(500))).toEqual({ ok: true });
    expect(checkSafeRegex("a".repeat(501))).toMatchObject({ ok: false, code: "unsafe-regex", offset: 500 });
  });

  it("gives a message for every refusal", () => {
    const result = checkSafeRegex("a**");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });
});
