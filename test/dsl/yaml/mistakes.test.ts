import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

const FILE = "m.funnel.yaml";
/** The span of the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { file: string; start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`no ${needle}`);
  return { file: FILE, start: i, end: i + needle.length };
}

describe("loadYaml: mistakes a person makes", () => {
  it("names an unknown key and suggests the closest one", () => {
    const text = "scores:\n  engagement: { limt: 0..100, kind: fit }\n";
    const { value, diagnostics } = loadYaml(text, FILE);
    expect(diagnostics).toMatchObject([{ code: "yaml-unknown-key", span: at(text, "limt"), hint: "did you mean `limit`?" }]);
    expect(value.decls).toMatchObject([{ kind: "score", scoreKind: { value: "fit" } }]);
  });

  it("suggests the plural group key at the top level", () => {
    const text = "score:\n  engagement: {}\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "yaml-unknown-key", span: at(text, "score"), hint: "did you mean `scores`?" }]);
  });

  it("says which kind of value a key wants", () => {
    const text = "scores:\n  engagement: { limit: [0, 100] }\nrules:\n  R: { on: email.opened, score: engagement, points: lots }\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([
      { code: "yaml-wrong-type", span: at(text, "[0, 100]") },
      { code: "yaml-wrong-type", span: at(text, "lots") },
    ]);
  });

  it("rejects a word outside a closed list with a hint", () => {
    const text = "scores:\n  fit: { kind: fitt }\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "yaml-wrong-type", span: at(text, "fitt"), hint: "did you mean `fit`?" }]);
  });

  it("reports a missing required key on the declaration", () => {
    const text = "rules:\n  Clicked: { on: email.clicked, score: engagement }\n";
    const { value, diagnostics } = loadYaml(text, FILE);
    expect(diagnostics).toMatchObject([{ code: "yaml-missing-key", span: { start: text.indexOf("Clicked") } }]);
    expect(value.decls).toEqual([]);
  });

  it("reports a key written twice and keeps the first", () => {
    const text = "scores:\n  engagement: { kind: fit }\n  engagement: { kind: engagement }\n";
    const { value, diagnostics } = loadYaml(text, FILE);
    expect(diagnostics).toMatchObject([{ code: "duplicate-name", span: at(text, "engagement", 1) }]);
    expect(value.decls).toMatchObject([{ kind: "score", scoreKind: { value: "fit" } }]);
  });

  it("refuses a name that is not an identifier", () => {
    const text = "segments:\n  my segment: { static: true }\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "invalid-name", span: at(text, "my segment") }]);
  });

  it("reports broken YAML with a span and still returns what it could read", () => {
    const text = 'version: "1"\nscores:\n  engagement: { limit: 0..100\nrules: {}\n';
    const { value, diagnostics } = loadYaml(text, FILE);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ code: "yaml-syntax-error", severity: "error" });
    expect(value.decls[0]).toMatchObject({ kind: "version", value: { value: "1" } });
  });

  it("tells that tabs cannot indent, once", () => {
    const text = "scores:\n\tengagement: {}\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "yaml-syntax-error", span: at(text, "\t") }]);
  });

  it("gives one clear error for an unquoted `: ` inside a value, without echoes", () => {
    const text = "thresholds:\n  mql:\n    when: engagement >= 60: x\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "yaml-syntax-error", span: { start: text.indexOf("engagement") } }]);
  });

  it("reports every problem of the file, not only the first", () => {
    const text = "scores:\n  a: { limt: 0..1 }\n  b: { decai: 1 every 1d }\nthresholds:\n  t: { do: [tag x] }\n";
    expect(loadYaml(text, FILE).diagnostics.map((d) => d.code)).toEqual(["yaml-unknown-key", "yaml-unknown-key", "yaml-missing-key"]);
  });

  it("asks for one stage per list item", () => {
    const text = "pipelines:\n  p:\n    stages:\n      - a: {}\n        b: {}\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "yaml-wrong-type" }]);
  });

  it("accepts a stage whose settings sit under its name in the same list item", () => {
    const text = "pipelines:\n  p:\n    stages:\n      - a:\n        initial: true\n        category: succeeded\n";
    const { value, diagnostics } = loadYaml(text, FILE);
    expect(diagnostics).toEqual([]);
    expect(value.decls).toMatchObject([{ stages: [{ name: { text: "a" }, initial: {}, category: { value: "succeeded" } }] }]);
  });
});

describe("loadYaml: empty values", () => {
  it("are shown on their key", () => {
    const text = "scores:\n  fit:\n    label:\n    kind: fit\n";
    expect(loadYaml(text, FILE).diagnostics).toMatchObject([{ code: "yaml-wrong-type", span: at(text, "label") }]);
  });

  it("leave a declaration without a body", () => {
    const { value, diagnostics } = loadYaml("scores:\n  fit:\npipelines:\n  p:\n    stages: [a, b]\n", FILE);
    expect(diagnostics).toEqual([]);
    expect(value.decls).toMatchObject([{ kind: "score", name: { text: "fit" } }, { kind: "pipeline", stages: [{ name: { text: "a" } }, { name: { text: "b" } }] }]);
  });
});
