/**
 * The shipped parser skips chevrotain's grammar validations (they dominate start-up time);
 * this test builds one with them on, so a grammar mistake (an ambiguity, left recursion, a
 * rule name used twice) still fails CI.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FunnelParser } from "../../../dsl/syntax/parser.js";

describe("the DSL grammar", () => {
  const saved = process.env["FUNNELFORM_GRAMMAR_CHECK"];
  afterEach(() => {
    if (saved === undefined) delete process.env["FUNNELFORM_GRAMMAR_CHECK"];
    else process.env["FUNNELFORM_GRAMMAR_CHECK"] = saved;
  });

  it("passes chevrotain's validations when FUNNELFORM_GRAMMAR_CHECK is set", () => {
    process.env["FUNNELFORM_GRAMMAR_CHECK"] = "1";
    // With validations on, chevrotain throws on any grammar definition error.
    expect(() => new FunnelParser()).not.toThrow();
  });
});
