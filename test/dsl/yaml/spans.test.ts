import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

const FILE = "s.funnel.yaml";
const spanOf = (text: string, needle: string, from = 0) => {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`no ${needle}`);
  return { file: FILE, start, end: start + needle.length };
};

describe("loadYaml: spans of DSL text inside YAML strings", () => {
  it.each([
    ["plain", `segments:\n  s: { when: email endswith ".edu" orr tagged vip }\n`],
    ["single-quoted", `segments:\n  s: { when: 'email endswith ".edu" orr tagged vip' }\n`],
    ["double-quoted", `segments:\n  s: { when: "engagement >= 60 orr tagged vip" }\n`],
    ["folded over two lines", `segments:\n  s:\n    when: email endswith ".edu"\n      orr tagged vip\n`],
  ])("an error in a %s condition points at the exact characters", (_, text) => {
    const { diagnostics } = loadYaml(text, FILE);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ severity: "error", span: spanOf(text, "orr") });
  });

  it("the nodes of an embedded condition point into the YAML file", () => {
    const text = `thresholds:\n  mql:\n    when: engagement >= 60 and fit >= 20\n    do: [tag hot]\n`;
    const { value, diagnostics } = loadYaml(text, FILE);
    expect(diagnostics).toEqual([]);
    expect(value.decls[0]).toMatchObject({
      kind: "threshold",
      when: { kind: "and", span: spanOf(text, "engagement >= 60 and fit >= 20"), args: [{ span: spanOf(text, "engagement >= 60") }, { span: spanOf(text, "fit >= 20") }] },
      actions: [{ kind: "tag", tag: { text: "hot", span: spanOf(text, "hot") } }],
    });
  });

  it("an error in a block scalar is exact; one in an escaped string covers the whole value", () => {
    const block = `segments:\n  s:\n    when: |\n      email endswith ".edu" orr tagged vip\n`;
    const start = block.indexOf("orr");
    expect(loadYaml(block, FILE).diagnostics[0]).toMatchObject({ span: { file: FILE, start } });
    const escaped = `segments:\n  s: { when: "email endswith \\".edu\\" orr tagged vip" }\n`;
    const q = escaped.indexOf('"email');
    expect(loadYaml(escaped, FILE).diagnostics[0]).toMatchObject({ span: { file: FILE, start: q, end: escaped.indexOf(" }") } });
  });

  it("a declaration spans from its name to the end of its body", () => {
    const text = `scores:\n  fit:\n    kind: fit\n    limit: 0..100\n\n# next\nrules: {}\n`;
    const { value } = loadYaml(text, FILE);
    expect(value.decls[0]?.span).toEqual({ file: FILE, start: text.indexOf("fit:"), end: text.indexOf("0..100") + 6 });
  });
});
