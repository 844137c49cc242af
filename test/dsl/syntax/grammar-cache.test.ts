/**
 * The shipped parser reads chevrotain's grammar analysis from `grammar-cache-data.ts`
 * instead of computing it in every run. These tests hold it to the grammar: the file is what
 * the grammar gives now, and a parser using it parses — and recovers from errors — exactly
 * like one that computes everything itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GRAMMAR_CACHE } from "../../../dsl/syntax/grammar-cache-data.js";
import { unknownTokens } from "../../../dsl/syntax/grammar-cache.js";
import { computeGrammarCache, renderGrammarCache } from "../../../dsl/syntax/grammar-cache-write.js";
import { allTokens } from "../../../dsl/syntax/tokens.js";
import { parseFunnel } from "../../../dsl/syntax/index.js";

const DATA = join(import.meta.dirname, "../../../dsl/syntax/grammar-cache-data.ts");
const EXAMPLES = join(import.meta.dirname, "../../../examples");

function exampleFiles(): { path: string; text: string }[] {
  return readdirSync(EXAMPLES, { recursive: true, encoding: "utf8" })
    .filter((p) => p.endsWith(".funnel"))
    .sort()
    .map((p) => ({ path: p, text: readFileSync(join(EXAMPLES, p), "utf8") }));
}

/** Broken copies of `text`: one word dropped, one word doubled, a stray symbol, at spread-out places. */
function mutants(text: string, count: number): string[] {
  const words = [...text.matchAll(/\S+/g)];
  const out: string[] = [];
  for (let i = 0; i < count && words.length > 0; i++) {
    const w = words[Math.floor(((i + 0.5) * words.length) / count)]!;
    const at = w.index;
    const end = at + w[0].length;
    if (i % 3 === 0) out.push(text.slice(0, at) + text.slice(end));
    else if (i % 3 === 1) out.push(text.slice(0, end) + " " + w[0] + text.slice(end));
    else out.push(text.slice(0, at) + "} " + text.slice(at));
  }
  return out;
}

describe("the grammar cache", () => {
  it("is what the grammar gives (npm run build rewrites it after a grammar change)", () => {
    expect(readFileSync(DATA, "utf8")).toBe(renderGrammarCache(computeGrammarCache()));
  });

  it("names only tokens the lexer has, so every production reads it (none falls back)", () => {
    expect(Object.keys(GRAMMAR_CACHE.follows).length).toBeGreaterThan(100);
    expect(unknownTokens(GRAMMAR_CACHE, allTokens)).toEqual([]);
  });

  describe("parses like chevrotain's own analysis", () => {
    const saved = process.env["FUNNELFORM_GRAMMAR_CHECK"];
    afterAll(() => {
      if (saved === undefined) delete process.env["FUNNELFORM_GRAMMAR_CHECK"];
      else process.env["FUNNELFORM_GRAMMAR_CHECK"] = saved;
    });

    it("on every example and on broken copies of them (error recovery included)", async () => {
      vi.resetModules();
      process.env["FUNNELFORM_GRAMMAR_CHECK"] = "1";
      const checked = (await import("../../../dsl/syntax/index.js")).parseFunnel;
      expect(checked).not.toBe(parseFunnel);
      let broken = 0;
      for (const f of exampleFiles()) {
        for (const text of [f.text, ...mutants(f.text, 12)]) {
          const a = parseFunnel(text, f.path);
          const b = checked(text, f.path);
          if (b.diagnostics.length > 0) broken++;
          expect(JSON.stringify(a), `${f.path}: ${text.length} chars`).toBe(JSON.stringify(b));
        }
      }
      // The mutants do exercise recovery.
      expect(broken).toBeGreaterThan(50);
    });
  });
});
