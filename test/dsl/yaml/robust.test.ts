import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { docsYaml, sample } from "./docs-yaml.js";

const FILE = "f.funnel.yaml";
const SOURCES = [docsYaml(), sample("b2b.funnel.yaml")];
const YAMLISH = fc.constantFrom(":", " ", "\n", "- ", "[", "]", "{", "}", ",", "#", '"', "'", "&a ", "*a", "|", ">", "\t", "  ", "x", "~");

/** A real file with a slice cut out and some YAML punctuation dropped in. */
const mutated = fc
  .record({
    src: fc.constantFrom(...SOURCES),
    cut: fc.tuple(fc.nat(), fc.nat({ max: 40 })),
    at: fc.nat(),
    insert: fc.array(YAMLISH, { maxLength: 6 }),
  })
  .map(({ src, cut, at, insert }) => {
    const a = cut[0] % (src.length + 1);
    const cutOut = src.slice(0, a) + src.slice(a + cut[1]);
    const b = at % (cutOut.length + 1);
    return cutOut.slice(0, b) + insert.join("") + cutOut.slice(b);
  });

function wellFormed(text: string): void {
  const result = loadYaml(text, FILE);
  expect(result.value.file).toBe(FILE);
  for (const d of result.diagnostics) {
    expect(d.span.file).toBe(FILE);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

describe("loadYaml never throws and keeps spans inside the file", () => {
  it("for damaged real files", () => {
    fc.assert(fc.property(mutated, wellFormed), { numRuns: 80 });
  });

  it("for arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), wellFormed), { numRuns: 200 });
  });
});
