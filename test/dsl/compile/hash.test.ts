import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, compileFiles, SPEC_DECLS, SPEC_TEXT } from "./helpers.js";

const hashOf = (r: ReturnType<typeof compile>): string | undefined => {
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.value?.ir.hash;
};

describe("the config hash", () => {
  const reference = hashOf(compile(SPEC_TEXT));

  it("exists for the reference workspace", () => {
    expect(reference).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not change with comments and reformatting", () => {
    const reformatted = SPEC_DECLS.map((d) => `# about this one\n${d.replace(/ {2,}/g, " ").replace(/\{ /g, "{\n  ")}`).join("\n\n\n");
    expect(hashOf(compile(reformatted))).toBe(reference);
  });

  it("does not change when declarations are reordered", () => {
    expect(hashOf(compile([...SPEC_DECLS].reverse().join("\n")))).toBe(reference);
  });

  it("does not change when the workspace is split into two files", () => {
    const half = Math.floor(SPEC_DECLS.length / 2);
    const r = compileFiles([
      { path: "b.funnel", text: SPEC_DECLS.slice(0, half).join("\n") },
      { path: "a.funnel", text: SPEC_DECLS.slice(half).join("\n") },
    ]);
    expect(hashOf(r)).toBe(reference);
  });

  it("changes when a number that matters changes", () => {
    expect(hashOf(compile(SPEC_TEXT.replace("engagement >= 60", "engagement >= 61")))).not.toBe(reference);
  });

  it("never changes under any shuffle and split across files (property)", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(SPEC_DECLS, { minLength: SPEC_DECLS.length, maxLength: SPEC_DECLS.length }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: SPEC_DECLS.length, maxLength: SPEC_DECLS.length }),
        (order, fileOf) => {
          const texts = ["", "", ""];
          order.forEach((d, i) => {
            const k = fileOf[i] ?? 0;
            texts[k] = `${texts[k] ?? ""}${d}\n`;
          });
          const files = texts.map((text, i) => ({ path: `part${i}.funnel`, text }));
          const r = compileFiles(files);
          return r.value?.ir.hash === reference;
        },
      ),
      { numRuns: 40 },
    );
  });
});
