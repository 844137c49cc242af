/**
 * The shipped lexer skips chevrotain's checks of the token definitions (start-up time); this
 * test builds one with them on, so a broken token pattern still fails CI.
 */
import type { IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { buildLexer } from "../../../dsl/syntax/lexer.js";

const shape = (tokens: IToken[]): string[] => tokens.map((t) => `${t.tokenType.name} ${t.startOffset} ${t.image}`);

describe("the DSL lexer", () => {
  it("passes chevrotain's token checks, and lexes as the shipped lexer does", () => {
    // With validations on, chevrotain throws on any lexer definition error.
    const checked = buildLexer(true);
    expect(checked.lexerDefinitionErrors).toEqual([]);
    const text = 'rule "Clicked" on email.clicked engagement +3 # a comment\nsegment hot when engagement >= 10.5 and "open\n';
    const a = checked.tokenize(text);
    const b = buildLexer(false).tokenize(text);
    expect(a.tokens.length).toBeGreaterThan(10);
    expect(shape(a.tokens)).toEqual(shape(b.tokens));
    expect(shape(a.groups["comments"] ?? [])).toEqual(shape(b.groups["comments"] ?? []));
  });
});
