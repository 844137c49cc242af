import { describe, expect, it } from "vitest";
import { toPostgresRegex } from "../../../dsl/regex/safe-regex.js";

// There is no PostgreSQL server in this suite yet; these tests check the text of the
// translation. oracle.property.test.ts checks its meaning by running it in JavaScript.
describe("toPostgresRegex writes an ARE that needs no collation", () => {
  it.each([
    ["director|vp", "(?c)[Dd][Ii][Rr][Ee][Cc][Tt][Oo][Rr]|[Vv][Pp]"],
    ["^ceo$", "(?c)^[Cc][Ee][Oo]$"],
    ["\\.edu$", "(?c)\\.[Ee][Dd][Uu]$"],
    ["a.c", "(?c)[Aa][^\\u000a\\u000d\\u2028\\u2029][Cc]"],
    ["[a-z0-9_-]+", "(?c)[\\-0-9A-Z_a-z]+"],
    ["[^a-c]", "(?c)[^A-Ca-c]"],
    ["\\d{3}", "(?c)[0-9]{3}"],
    ["\\w", "(?c)[0-9A-Z_a-z]"],
    ["\\W", "(?c)[^0-9A-Z_a-z]"],
    ["\\s", "(?c)[\\u0009-\\u000d \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"],
    ["(senior|junior)?x", "(?c)(?:[Ss][Ee][Nn][Ii][Oo][Rr]|[Jj][Uu][Nn][Ii][Oo][Rr])?[Xx]"],
    ["(?:a)*", "(?c)(?:[Aa])*"],
    ["1{2}2{2,}3{2,5}4?5*6+", "(?c)1{2}2{2,}3{2,5}4?5*6+"],
    ["[\\]\\[\\\\\\^\\-]", "(?c)[\\-\\[-\\^]"],
    ["\\$\\(\\)\\{\\}\\*\\+\\?\\|", "(?c)\\$\\(\\)\\{\\}\\*\\+\\?\\|"],
    ["é", "(?c)[Éé]"],
    ["σ", "(?c)[Σςσ]"],
    ["k", "(?c)[Kk]"],
    ["😀", "(?c)😀"],
  ])("%j → %j", (pattern, are) => {
    expect(toPostgresRegex(pattern)).toBe(are);
  });

  it("writes word boundaries as look-around over ASCII word characters (PostgreSQL's \\y would count é)", () => {
    const w = "[0-9A-Z_a-z]";
    expect(toPostgresRegex("\\bvp")).toBe(`(?c)(?:(?<!${w})(?=${w})|(?<=${w})(?!${w}))[Vv][Pp]`);
    expect(toPostgresRegex("\\Bvp")).toBe(`(?c)(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))[Vv][Pp]`);
  });

  it("never uses PostgreSQL's locale-dependent classes or case folding", () => {
    const are = toPostgresRegex("\\d\\w\\s\\D\\W\\S\\b\\B[\\d\\w\\s].x");
    expect(are.startsWith("(?c)")).toBe(true);
    // \d \w \s \y \m \M and [[:alpha:]]-style classes all follow the database's locale.
    expect(are).not.toMatch(/\\[dwsDWSymM]|\[:/);
  });

  it("throws only for a pattern that checkSafeRegex refuses", () => {
    expect(() => toPostgresRegex("(?=x)")).toThrow(/invalid-regex/);
  });
});
