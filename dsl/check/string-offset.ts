/**
 * Where the character at `decoded` offset of a string literal's value sits in the source,
 * given the literal as written (starting at its opening quote). Escapes (`\"`, `\\`, `\n`,
 * `\t`, `\u{...}`) take more source characters than value characters, so a plain
 * `start + 1 + offset` would drift after the first one. Code points above U+FFFF count
 * as two UTF-16 units in both the value and the source, so they need no special case.
 */
export function sourceOffsetInString(raw: string, decoded: number): number {
  const open = raw.startsWith('"') ? 1 : 0;
  let i = open;
  let v = 0;
  while (i < raw.length && v < decoded) {
    if (raw[i] === '"' && i > 0) break;
    if (raw[i] === "\\") {
      if (raw[i + 1] === "u" && raw[i + 2] === "{") {
        const close = raw.indexOf("}", i + 3);
        const hex = close < 0 ? "" : raw.slice(i + 3, close);
        const cp = Number.parseInt(hex, 16);
        v += Number.isNaN(cp) ? 1 : String.fromCodePoint(Math.min(cp, 0x10ffff)).length;
        i = close < 0 ? i + 2 : close + 1;
        continue;
      }
      i += 2;
      v += 1;
      continue;
    }
    i += 1;
    v += 1;
  }
  return i;
}
