/**
 * The YAML front end must produce the DSL front end's AST for the same content: the
 * converter relies on it, and so does "DSL and YAML give the same IR".
 */
import { describe, expect, it } from "vitest";
import { parseFunnel } from "../../../dsl/syntax/index.js";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { CASES } from "./cases.js";
import { stripSpans } from "./strip.js";

describe("YAML and DSL give the same AST", () => {
  it.each(CASES)("%s", (_, dsl, yaml) => {
    const fromDsl = parseFunnel(dsl, "x.funnel");
    const fromYaml = loadYaml(yaml, "x.funnel.yaml");
    expect(fromDsl.diagnostics).toEqual([]);
    expect(fromYaml.diagnostics).toEqual([]);
    expect(fromYaml.value.decls.length).toBeGreaterThan(0);
    expect(stripSpans(fromYaml.value.decls)).toEqual(stripSpans(fromDsl.value?.decls));
    expect(fromYaml.value.trailingComments).toEqual(fromDsl.value?.trailingComments);
  });
});
