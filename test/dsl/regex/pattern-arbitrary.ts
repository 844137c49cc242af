/** fast-check generators of patterns of the `matches` subset, and of texts to try them on. */
import fc from "fast-check";

/** ASCII letters and a few characters whose case rules are irregular (σ/ς, µ, K-sign, ſ, ı, İ, ß/ẞ). */
export const BMP_ALPHABET = [..."abkAsSiIK_-. 1\né", "É", "ß", "ẞ", "ς", "σ", "Σ", "µ", "μ", "Μ", "\u212a", "ſ", "ı", "İ", "ǅ", "Ǆ", "ǆ"];
/** Astral characters, some with case (Deseret `𐐀`/`𐐨`). */
export const ASTRAL_ALPHABET = ["😀", "𐐀", "𐐨"];

const META = new Set([..."\\.^$|?*+()[]{}"]);
const CLASS_META = new Set([..."\\]^-["]);

const literal = (alphabet: string[]): fc.Arbitrary<string> =>
  fc.constantFrom(...alphabet).map((c) => (META.has(c) ? `\\${c}` : c));

const classChar = (alphabet: string[]): fc.Arbitrary<string> =>
  fc.constantFrom(...alphabet).map((c) => (CLASS_META.has(c) ? `\\${c}` : c));

const classItem = (alphabet: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    classChar(alphabet),
    fc.constantFrom("\\d", "\\w", "\\s"),
    fc.tuple(fc.constantFrom(...alphabet), fc.constantFrom(...alphabet)).map(([a, b]) => {
      const [lo, hi] = (a.codePointAt(0) ?? 0) <= (b.codePointAt(0) ?? 0) ? [a, b] : [b, a];
      const esc = (c: string): string => (CLASS_META.has(c) ? `\\${c}` : c);
      return `${esc(lo)}-${esc(hi)}`;
    }),
  );

const quantifier = fc.oneof(
  { arbitrary: fc.constant(""), weight: 4 },
  { arbitrary: fc.constantFrom("?", "*", "+"), weight: 3 },
  {
    arbitrary: fc.tuple(fc.nat(3), fc.nat(2), fc.nat(2)).map(([m, d, kind]) => (kind === 0 ? `{${m}}` : kind === 1 ? `{${m},}` : `{${m},${m + d}}`)),
    weight: 1,
  },
);

/** A pattern of the subset over `alphabet` (each is accepted by checkSafeRegex, save rare `(^)*`-like ones). */
export function patternArbitrary(alphabet: string[]): fc.Arbitrary<string> {
  const { alt } = fc.letrec((tie) => ({
    atom: fc.oneof(
      { arbitrary: literal(alphabet), weight: 6 },
      { arbitrary: fc.constant("."), weight: 1 },
      { arbitrary: fc.constantFrom("\\d", "\\w", "\\s", "\\D", "\\W", "\\S"), weight: 1 },
      {
        arbitrary: fc.tuple(fc.boolean(), fc.array(classItem(alphabet), { minLength: 1, maxLength: 3 })).map(([neg, items]) => `[${neg ? "^" : ""}${items.join("")}]`),
        weight: 2,
      },
      { arbitrary: fc.tuple(fc.boolean(), tie("alt")).map(([plain, body]) => `(${plain ? "" : "?:"}${String(body)})`), weight: 1 },
    ),
    item: fc.oneof(
      { arbitrary: fc.tuple(tie("atom"), quantifier).map(([a, q]) => `${String(a)}${q}`), weight: 8 },
      { arbitrary: fc.constantFrom("^", "$", "\\b", "\\B"), weight: 1 },
    ),
    seq: fc.array(tie("item"), { minLength: 1, maxLength: 4 }).map((items) => items.join("")),
    alt: fc.array(tie("seq"), { minLength: 1, maxLength: 3 }).map((seqs) => seqs.join("|")),
  }));
  return alt;
}

export function textArbitrary(alphabet: string[]): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((cs) => cs.join(""));
}
