/**
 * The printers against the real front ends: print → parse gives the same AST (spans aside),
 * printing is idempotent, and DSL ⇄ YAML conversions give back exactly the formatted text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileAst } from "../../../dsl/ast.js";
import { printDsl } from "../../../dsl/print/dsl.js";
import { printYaml, schemaOf } from "../../../dsl/print/yaml.js";
import { parseFunnel } from "../../../dsl/syntax/index.js";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { arbFile, stripSpans } from "./arbitraries.js";
import { SAMPLE_DSL, SAMPLE_YAML, sampleAst } from "./sample.js";

function readDsl(text: string): FileAst {
  const r = parseFunnel(text, "t.funnel");
  expect(r.diagnostics.filter((d) => d.severity === "error"), text).toEqual([]);
  return r.value;
}

function readYaml(text: string): FileAst {
  const r = loadYaml(text, "t.funnel.yaml");
  expect(r.diagnostics.filter((d) => d.severity === "error"), text).toEqual([]);
  return r.value;
}

const RUNS = { numRuns: Number(process.env["PRINT_PROPERTY_RUNS"] ?? 150) };

describe("the sample workspace", () => {
  it("reads back from its DSL and its YAML as the AST it was printed from", () => {
    expect(stripSpans(readDsl(SAMPLE_DSL))).toEqual(stripSpans(sampleAst()));
    expect(stripSpans(readYaml(SAMPLE_YAML))).toEqual(stripSpans(sampleAst()));
  });

  it("converts DSL → YAML → DSL and YAML → DSL → YAML to the same text", () => {
    expect(printYaml(readDsl(SAMPLE_DSL))).toBe(SAMPLE_YAML);
    expect(printDsl(readYaml(SAMPLE_YAML))).toBe(SAMPLE_DSL);
  });
});

describe("the editor's schema line", () => {
  it("is kept by fmt when the caller passes it back", () => {
    const text = "# yaml-language-server: $schema=../schemas/funnel-yaml.schema.json\n\n# the version\nversion: \"2026.11.1\"\n";
    const schema = schemaOf(text);
    expect(schema).toBe("../schemas/funnel-yaml.schema.json");
    expect(printYaml(readYaml(text), schema === undefined ? {} : { schema })).toBe(text);
  });

  it("is absent when the file has none", () => {
    expect(schemaOf("version: 1.0.0\n")).toBeUndefined();
    expect(printYaml(readYaml("version: \"1.0.0\"\n"))).toBe("version: \"1.0.0\"\n");
  });
});

describe("properties", () => {
  it("DSL: parse(printDsl(ast)) is the same AST, and printing it again gives the same text", () => {
    fc.assert(
      fc.property(arbFile, (ast) => {
        const text = printDsl(ast);
        const back = readDsl(text);
        expect(stripSpans(back)).toEqual(stripSpans(ast));
        expect(printDsl(back)).toBe(text);
      }),
      RUNS,
    );
  });

  it("YAML: loadYaml(printYaml(ast)) is the same AST, and printing it again gives the same text", () => {
    fc.assert(
      fc.property(arbFile, (ast) => {
        const text = printYaml(ast);
        const back = readYaml(text);
        expect(stripSpans(back)).toEqual(stripSpans(ast));
        expect(printYaml(back)).toBe(text);
      }),
      RUNS,
    );
  });

  it("DSL → YAML → DSL gives the formatted DSL text, and YAML → DSL → YAML the formatted YAML", () => {
    fc.assert(
      fc.property(arbFile, (ast) => {
        const dsl = printDsl(ast);
        const yaml = printYaml(ast);
        expect(printDsl(readYaml(printYaml(readDsl(dsl))))).toBe(dsl);
        expect(printYaml(readDsl(printDsl(readYaml(yaml))))).toBe(yaml);
      }),
      RUNS,
    );
  });
});
