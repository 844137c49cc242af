/**
 * A `matches` pattern arrives decoded from a DSL text literal (`"\\.edu$"` is the pattern
 * `\.edu$`), but its diagnostics must point into the source. This maps an offset into the
 * decoded pattern back onto the literal's image as written (quotes included), following the
 * DSL escapes `\" \\ \n \t \u{...}` (see dsl/syntax/literals.ts). Any other backslash is
 * kept as written (`"\.edu$"` is the pattern `\.edu$`), so it maps one to one.
 */

/** What may follow a backslash to make a DSL escape; any other backslash is a character. */
const KNOWN_ESCAPE = new Set(['"', "\\", "n", "t"]);

/** Where the pattern character at `offset` was written in `image`: start offset and length. */
export function patternOffsetInLiteral(image: string, offset: number): { start: number; length: number } {
  const end = image.length > 1 && image.endsWith('"') ? image.length - 1 : image.length;
  let decoded = 0;
  let i = image.startsWith('"') ? 1 : 0;
  while (i < end) {
    let width = 1;
    let units = 1;
    const e = image[i + 1] ?? "";
    if (image[i] === "\\" && (KNOWN_ESCAPE.has(e) || (e === "u" && image[i + 2] === "{"))) {
      const close = image[i + 1] === "u" && image[i + 2] === "{" ? image.indexOf("}", i + 3) : -1;
      width = close > 0 && close < end ? close - i + 1 : 2;
      const code = close > 0 ? parseInt(image.slice(i + 3, close), 16) : 0;
      units = code > 0xffff ? 2 : 1;
    } else if ((image.codePointAt(i) ?? 0) > 0xffff) {
      width = 2;
      units = 2;
    }
    if (offset < decoded + units) return { start: i, length: width };
    decoded += units;
    i += width;
  }
  // Past the last character (e.g. "the pattern ends here"): the closing quote, or the end.
  return { start: Math.min(i, image.length), length: i < image.length ? 1 : 0 };
}
