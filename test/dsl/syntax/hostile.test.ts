import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FragmentKind } from "../../../dsl/ast.js";
import type { Diagnostic } from "../../../dsl/diagnostics.js";
import { MAX_FILE_CHARS, parseFragment, parseFunnel } from "../../../dsl/syntax/index.js";
import { docsSnippets, readSample } from "./helpers.js";

/** Generous: the machine is shared; a hang or a quadratic blow-up takes far longer. */
const PER_INPUT_MS = 2000;

function checkDiagnostics(diagnostics: readonly Diagnostic[], base: number, length: number): void {
  for (const d of diagnostics) {
    expect(d.span.start).toBeGreaterThanOrEqual(base);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(base + length);
    expect(d.message).not.toMatch(/internal error/);
  }
}

/** A recovered AST still has the AST's shape: no holes in arrays, no keys set to `undefined`. */
function holes(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => (v === undefined || v === null ? [`${path}[${i}]`] : holes(v, `${path}[${i}]`)));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [`${path}.${k}`] : holes(v, `${path}.${k}`)));
}

function parseChecked(text: string): void {
  const t0 = performance.now();
  const r = parseFunnel(text, "f.funnel");
  expect(performance.now() - t0).toBeLessThan(PER_INPUT_MS);
  checkDiagnostics(r.diagnostics, 0, text.length);
  expect(holes(r.value, "file")).toEqual([]);
}

const WORDS = [
  "version", "timezone", "field", "event", "score", "rule", "segment", "suppress", "pipeline", "threshold", "feedback",
  "campaign", "channel", "stage", "when", "if", "else", "on", "and", "or", "not", "in", "is", "set", "did", "count", "sum",
  "of", "within", "before", "after", "ago", "at", "least", "most", "per", "tag", "tagged", "wait", "until", "send", "email",
  "decay", "limit", "kind", "every", "half-life", "allow", "->", "{", "}", "(", ")", "[", "]", ",", ";", ":", ".", "..",
  "==", "!=", ">=", "<", "=", "+", "-", "7d", "0d", "3mo", "09:00", "12", "2.5", '"x"', '"unterminated', "#c\n", "\n",
  "a", "b.c", "mon", "fri", "env", "type", "ask", "via", "owner", "->", "start", "notify", "points", "delete", "contact",
];

const tokenSoup = fc.array(fc.constantFrom(...WORDS), { maxLength: 80 }).map((ws) => ws.join(" "));

const snippets = [...docsSnippets(), readSample("b2b.funnel")];
const mutated = fc
  .tuple(
    fc.constantFrom(...snippets),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 4 }))), { minLength: 1, maxLength: 6 }),
  )
  .map(([text, edits]) => {
    let s = text;
    for (const [pos, del, ins] of edits) {
      const p = pos % (s.length + 1);
      s = s.slice(0, p) + ins + s.slice(p + del);
    }
    return s;
  });

describe("hostile and random input", () => {
  it("never throws on random strings, keeps spans inside the text, and finishes quickly", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: "binary" }), parseChecked), { numRuns: 300 });
  });

  it("never throws on random token soup", () => {
    fc.assert(fc.property(tokenSoup, parseChecked), { numRuns: 400 });
  });

  it("never throws on mutated copies of the documented snippets", () => {
    fc.assert(fc.property(mutated, parseChecked), { numRuns: 400 });
  });

  it("never throws on random fragments and keeps their spans inside the embedded text", () => {
    const kinds: FragmentKind[] = ["condition", "action", "step", "duration", "literal", "limit", "decay", "dimension", "accountFrom", "atMost", "trigger", "allow", "ask", "enter", "reentry", "window", "recipient"];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), tokenSoup, fc.nat({ max: 10_000 }), (kind, text, base) => {
        const r = parseFragment(kind, text, "w.yaml", base);
        checkDiagnostics(r.diagnostics, base, text.length);
        if (r.value === undefined) expect(r.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it("reports 10,000 nested parentheses as too deep, once, quickly", () => {
    const text = "segment s { " + "(".repeat(10_000) + "a" + ")".repeat(10_000) + " }\nscore x { kind fit }";
    const t0 = performance.now();
    const r = parseFunnel(text, "f.funnel");
    expect(performance.now() - t0).toBeLessThan(PER_INPUT_MS);
    expect(r.diagnostics).toMatchObject([{ code: "nesting-too-deep" }]);
    expect(r.diagnostics[0]?.span.start).toBe(12 + 64);
    expect(r.value.decls.map((d) => d.kind)).toEqual(["segment", "score"]);
  });

  it("reports deep `not` chains, `did ... if` chains and unbalanced nesting quickly", () => {
    for (const text of [
      "segment s { " + "not ".repeat(10_000) + "a }",
      "segment s { did a " + "if did a ".repeat(10_000) + " }",
      "segment s { " + "(not ".repeat(10_000) + "a }",
      "segment s { " + "(".repeat(10_000) + " }",
    ]) {
      const t0 = performance.now();
      const r = parseFunnel(text, "f.funnel");
      expect(performance.now() - t0).toBeLessThan(PER_INPUT_MS);
      expect(r.diagnostics.filter((d) => d.code === "nesting-too-deep")).toHaveLength(1);
      checkDiagnostics(r.diagnostics, 0, text.length);
    }
  });

  it("stops after 100 syntax errors, keeping what came before", () => {
    const text = "score a { kind fit }\n" + "rule x 1\n".repeat(5000);
    const t0 = performance.now();
    const r = parseFunnel(text, "f.funnel");
    expect(performance.now() - t0).toBeLessThan(PER_INPUT_MS);
    expect(r.diagnostics.length).toBeGreaterThan(50);
    expect(r.diagnostics.length).toBeLessThanOrEqual(101);
    expect(r.diagnostics[r.diagnostics.length - 1]).toMatchObject({ code: "syntax-error" });
    expect(r.value.decls[0]).toMatchObject({ kind: "score", name: { text: "a" } });
    checkDiagnostics(r.diagnostics, 0, text.length);
  });

  it("reports runs of stray characters once per run, and lists at most 100", () => {
    const r = parseFunnel("version \"1\" €€ ☃\u0001", "f.funnel");
    expect(r.diagnostics).toMatchObject([
      { code: "syntax-error", span: { start: 12, end: 14 } },
      { code: "syntax-error", span: { start: 15, end: 17 } },
    ]);
    expect(r.value.decls).toMatchObject([{ kind: "version" }]);
    const many = parseFunnel("@ ".repeat(1000), "f.funnel");
    expect(many.diagnostics).toHaveLength(101);
  });

  it("accepts nesting up to the limit", () => {
    const text = "segment s { " + "(".repeat(60) + "a" + ")".repeat(60) + " }";
    expect(parseFunnel(text, "f.funnel").diagnostics).toEqual([]);
  });

  it("refuses a file over 10 MB without lexing it", () => {
    const text = "x".repeat(MAX_FILE_CHARS + 1024 * 1024);
    const t0 = performance.now();
    const r = parseFunnel(text, "big.funnel");
    expect(performance.now() - t0).toBeLessThan(200);
    expect(r.diagnostics).toMatchObject([{ code: "file-too-large", span: { file: "big.funnel", start: 0, end: 0 } }]);
    expect(r.value.decls).toEqual([]);
  });
});
