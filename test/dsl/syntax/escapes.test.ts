/**
 * A backslash that starts no DSL escape is kept as written, so regexes in `matches` read as
 * typed; `fmt` keeps them as typed, and pattern errors point at the right character.
 */
import { describe, expect, it } from "vitest";
import { printDsl } from "../../../dsl/print/dsl.js";
import { quote } from "../../../dsl/print/text.js";
import { patternOffsetInLiteral } from "../../../dsl/regex/literal-offset.js";
import { parseFunnel } from "../../../dsl/syntax/index.js";

const valueOf = (literal: string): string => {
  const r = parseFunnel(`version ${literal}`, "t.funnel");
  expect(r.diagnostics).toEqual([]);
  const d = r.value.decls[0];
  return d?.kind === "version" ? d.value.value : "";
};

describe("backslashes in texts", () => {
  it("keeps `\\.` `\\d` `\\b` as written and still decodes the real escapes", () => {
    expect(valueOf('"\\.edu$"')).toBe("\\.edu$");
    expect(valueOf('"\\d+\\bcto\\b"')).toBe("\\d+\\bcto\\b");
    expect(valueOf('"a\\nb\\\\."')).toBe("a\nb\\.");
    expect(valueOf('"\\u"')).toBe("\\u");
  });

  it("formats a pattern the way the author wrote it", () => {
    const text = 'segment s { email matches "\\.edu$" }\n';
    expect(printDsl(parseFunnel(text, "t.funnel").value)).toBe(text);
  });

  it("prints every value so that it reads back the same", () => {
    for (const v of ["\\", "\\\\", "\\n", "\\\n", "\\.", "a\\", '\\"', "\\u{41}", "\\\t", "\\x\\y"]) {
      expect(valueOf(quote(v))).toBe(v);
    }
  });

  it("maps a pattern offset one to one across a kept backslash", () => {
    // Written `"\.edu$|\q"`: the pattern is the same text, so `\q` (offset 7) is at 8.
    expect(patternOffsetInLiteral('"\\.edu$|\\q"', 7)).toEqual({ start: 8, length: 1 });
    expect(patternOffsetInLiteral('"\\\\.x"', 1)).toEqual({ start: 3, length: 1 });
  });
});
