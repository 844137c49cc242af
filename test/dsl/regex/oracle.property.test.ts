import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSafeRegex, compileSafeRegex, toPostgresRegex } from "../../../dsl/regex/safe-regex.js";
import { ASTRAL_ALPHABET, BMP_ALPHABET, patternArbitrary, textArbitrary } from "./pattern-arbitrary.js";

const subsetPattern = (alphabet: string[]): fc.Arbitrary<string> => patternArbitrary(alphabet).filter((p) => checkSafeRegex(p).ok);

/** The PostgreSQL text without its `(?c)` prefix: the rest is also JavaScript `u`-mode syntax with the same meaning. */
function postgresAsJs(pattern: string): RegExp {
  const are = toPostgresRegex(pattern);
  expect(are.startsWith("(?c)")).toBe(true);
  return new RegExp(are.slice(4), "uy");
}

/**
 * Searches only from code-point boundaries, as PostgreSQL does. JavaScript's `u`-mode search
 * can report an empty match between the two halves of a surrogate pair (seen with `\B` on
 * "a𐐀a"), a position PostgreSQL never considers.
 */
function searchByCodePoint(re: RegExp, text: string): boolean {
  for (let i = 0; ; ) {
    re.lastIndex = i;
    if (re.test(text)) return true;
    if (i >= text.length) return false;
    i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  }
}

describe("the matcher agrees with JavaScript's own engine (new RegExp(p, 'i'))", () => {
  it("on random patterns of the subset and random texts (BMP characters)", () => {
    fc.assert(
      fc.property(subsetPattern(BMP_ALPHABET), fc.array(textArbitrary(BMP_ALPHABET), { minLength: 1, maxLength: 6 }), (pattern, texts) => {
        const ours = compileSafeRegex(pattern);
        const theirs = new RegExp(pattern, "i");
        for (const text of texts) expect([pattern, text, ours.test(text)]).toEqual([pattern, text, theirs.test(text)]);
      }),
      { numRuns: 600 },
    );
  });

  it("the generator mostly yields patterns of the subset (so the property above is not vacuous)", () => {
    const samples = fc.sample(patternArbitrary(BMP_ALPHABET), { numRuns: 300, seed: 42 });
    const accepted = samples.filter((p) => checkSafeRegex(p).ok).length;
    expect(accepted / samples.length).toBeGreaterThan(0.9);
  });
});

describe("toPostgresRegex means the same as the matcher", () => {
  // No PostgreSQL server in this suite yet: the translation is checked by running its text
  // (minus `(?c)`) in JavaScript's `u` mode, whose reading of the constructs it emits —
  // brackets, escapes, `(?:)`, look-around, repeats — is the same as PostgreSQL's ARE.
  it("on random patterns and texts, astral characters included", () => {
    const alphabet = [...BMP_ALPHABET, ...ASTRAL_ALPHABET];
    fc.assert(
      fc.property(subsetPattern(alphabet), fc.array(textArbitrary(alphabet), { minLength: 1, maxLength: 6 }), (pattern, texts) => {
        const ours = compileSafeRegex(pattern);
        const pg = postgresAsJs(pattern);
        for (const text of texts) expect([pattern, text, ours.test(text)]).toEqual([pattern, text, searchByCodePoint(pg, text)]);
      }),
      { numRuns: 600 },
    );
  });
});
