import { describe, expect, it } from "vitest";
import { parseFunnel } from "../../../dsl/syntax/index.js";

const at = (start: number, end: number) => ({ file: "t.funnel", start, end });
const parse = (text: string) => parseFunnel(text, "t.funnel");

describe("syntax errors", () => {
  it("reports every syntax error of a file, each with its span, and keeps the declarations", () => {
    const text = `version "1"
score engagement { limit }
rule "x" on page.visited engagement
segment s { a == }
threshold t when fit >= 20 { tag }
score fit { kind fit }`;
    const r = parse(text);
    expect(r.diagnostics).toMatchObject([
      { severity: "error", code: "missing-token", span: at(37, 38) },
      { code: "missing-token", span: at(75, 82) },
      { code: "unexpected-token", span: at(92, 93) },
      { code: "missing-token", span: at(127, 128) },
    ]);
    expect(r.value.decls.map((d) => d.kind)).toEqual(["version", "score", "rule", "segment", "threshold", "score"]);
    expect(r.value.decls[5]).toMatchObject({ kind: "score", name: { text: "fit" }, scoreKind: { value: "fit" } });
  });

  it("skips junk between declarations and carries on", () => {
    const r = parse('blah blah\nscore a { kind fit }\n}}}\nversion "2"');
    expect(r.diagnostics).toMatchObject([
      { code: "unexpected-token", span: at(0, 4) },
      { code: "unexpected-token", span: at(31, 32) },
    ]);
    expect(r.value.decls.map((d) => d.kind)).toEqual(["score", "version"]);
  });

  it("names what was expected", () => {
    const r = parse("campaign c { wait 3 }");
    expect(r.diagnostics).toMatchObject([{ code: "unexpected-token", span: at(18, 19) }]);
    expect(r.diagnostics[0]?.hint).toContain("3d");
    expect(r.diagnostics[0]?.message).toContain("duration");
  });

  it("suggests the keyword a misspelt word was meant to be", () => {
    const r = parse("scor a { kind fit }\nscore b { limt 0..10 }");
    expect(r.diagnostics).toMatchObject([
      { code: "unexpected-token", span: at(0, 4), hint: "did you mean `score`?" },
      { code: "unexpected-token", span: at(30, 34), hint: "did you mean `limit`?" },
    ]);
  });

  it("reports a missing token at the end of the text with an empty span at the end", () => {
    const text = "segment s { a == 1";
    expect(parse(text).diagnostics).toMatchObject([{ code: "missing-token", span: at(text.length, text.length) }]);
  });

  it("reports unclosed parentheses", () => {
    expect(parse("segment s { (a or b }").diagnostics).toMatchObject([{ code: "missing-token", span: at(20, 21) }]);
  });

  it("reports words outside their closed lists with a hint", () => {
    const r = parse(`score a { kind wrong }
pipeline p { stage a category done }
campaign c { on change later }
field f: strng
channel ch { type carrier_pigeon }
campaign d { wait until mun 09:00 }
field g: number[]`);
    expect(r.diagnostics).toMatchObject([
      { code: "unexpected-token", span: at(15, 20) },
      { code: "unexpected-token", span: at(53, 57) },
      { code: "unexpected-token", span: at(83, 88) },
      { code: "unexpected-token", span: at(100, 105) },
      { code: "unexpected-token", span: at(124, 138) },
      { code: "unexpected-token", span: at(165, 168) },
      { code: "unexpected-token", span: at(186, 194) },
    ]);
    expect(r.diagnostics[0]?.hint).toContain("`fit`");
  });

  it("reports a feedback loop without `ask` and a channel without `type`", () => {
    expect(parse("feedback f { good_lead -> tag x }").diagnostics).toMatchObject([{ code: "missing-token", span: at(9, 10) }]);
    expect(parse('channel c { url "x" }').diagnostics).toMatchObject([{ code: "missing-token", span: at(8, 9) }]);
  });
});

describe("lexical errors", () => {
  it("validates durations: whole numbers above 0 in s, m, h, d, w only", () => {
    const r = parse(`score a { decay 10 every 0d }
score b { decay 10 every 1.5d }
score c { decay half-life 3y }
score d { decay half-life 1mo }`);
    expect(r.diagnostics).toMatchObject([
      { code: "invalid-duration", span: at(25, 27) },
      { code: "invalid-duration", span: at(55, 59) },
      { code: "invalid-duration", span: at(88, 90) },
      { code: "invalid-duration", span: at(119, 122) },
    ]);
    expect(r.diagnostics[3]?.message).toContain("month");
    expect(r.diagnostics[1]?.hint).toContain("s, m, h, d, w");
  });

  it("reports an unterminated string and still reads the declaration", () => {
    const r = parse('version "abc\nscore a { kind fit }');
    expect(r.diagnostics).toMatchObject([{ code: "unterminated-string", span: at(8, 12) }]);
    expect(r.value.decls).toMatchObject([{ kind: "version", value: { value: "abc" } }, { kind: "score" }]);
  });

  it("decodes escapes, keeps any other backslash as written and reports bad code points", () => {
    const ok = parse('version "a\\"b\\\\c\\nd\\te\\u{e9}"');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.value.decls[0]).toMatchObject({ value: { value: 'a"b\\c\nd\te\u00e9' } });
    // Marketers write regexes: `"\.edu$"` is the pattern `\.edu$`, the same as `"\\.edu$"`.
    const regex = parse('segment s { email matches "\\.edu$" or email matches "\\\\.edu$" }');
    expect(regex.diagnostics).toEqual([]);
    expect(regex.value.decls[0]).toMatchObject({ when: { args: [{ value: { value: "\\.edu$" } }, { value: { value: "\\.edu$" } }] } });
    expect(parse('version "x\\u{zz}"').diagnostics).toMatchObject([{ code: "syntax-error" }]);
  });

  it("reports unknown characters, with a hint for single quotes", () => {
    const r = parse("version 'abc'");
    expect(r.diagnostics).toMatchObject([
      { code: "syntax-error", span: at(8, 9) },
      { code: "missing-token", span: at(9, 12) },
      { code: "syntax-error", span: at(12, 13) },
    ]);
    expect(r.diagnostics[0]?.hint).toContain("double quotes");
    expect(parse("version \"1\" @@@\nscore a { kind fit }").diagnostics).toMatchObject([{ code: "syntax-error", span: at(12, 15) }]);
  });

  it("reports impossible clock times", () => {
    expect(parse("campaign d { send window mon-fri 09:00-25:00 }").diagnostics).toMatchObject([{ code: "invalid-time", span: at(39, 44) }]);
  });
});
