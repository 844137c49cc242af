import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { docsYaml, sample } from "./docs-yaml.js";

describe("loadYaml: files that are right", () => {
  it("reads the example of docs/language.md without a single diagnostic", () => {
    const { value, diagnostics } = loadYaml(docsYaml(), "docs.funnel.yaml");
    expect(diagnostics).toEqual([]);
    expect(value.syntax).toBe("yaml");
    expect(value.decls.map((d) => d.kind)).toEqual([
      "version",
      "timezone",
      "field",
      "field",
      "event",
      "score",
      "score",
      "score",
      "rule",
      "rule",
      "rule",
      "segment",
      "segment",
      "suppress",
      "pipeline",
      "threshold",
      "feedback",
      "campaign",
      "channel",
    ]);
  });

  it("reads the B2B sample of the spec", () => {
    const { value, diagnostics } = loadYaml(sample("b2b.funnel.yaml"), "b2b.funnel.yaml");
    expect(diagnostics).toEqual([]);
    const rule = value.decls.find((d) => d.kind === "rule" && d.name.text === "Pricing page");
    expect(rule).toMatchObject({
      kind: "rule",
      trigger: { kind: "event", event: { text: "page.visited" }, if: { kind: "compare", op: { value: "contains" } } },
      score: { text: "engagement" },
      points: { value: 20 },
      atMost: { count: { value: 1 }, per: { seconds: 86400 } },
    });
    const pipeline = value.decls.find((d) => d.kind === "pipeline");
    expect(pipeline).toMatchObject({
      stages: [
        { name: { text: "unknown" }, initial: {} },
        { name: { text: "engaged" }, triggers: [{ kind: "event", event: { text: "page.visited" } }] },
        { name: { text: "mql" }, triggers: [] },
        { name: { text: "sales_accepted" } },
        { name: { text: "customer" }, category: { value: "succeeded" } },
      ],
    });
    const feedback = value.decls.find((d) => d.kind === "feedback");
    expect(feedback).toMatchObject({
      ask: { to: { kind: "owner" }, channel: { text: "email" }, times: { value: 10 } },
      outcomes: [{ outcome: { text: "good_lead" } }, { outcome: { text: "bad_timing" } }, { outcome: { text: "bad_fit" } }, { outcome: { text: "junk" } }],
    });
  });

  it("takes points as numbers or signed text, and names as written", () => {
    const { value, diagnostics } = loadYaml(
      `rules:\n  A: { on: email.opened, score: engagement, points: 3 }\n  B: { on: email.opened, score: engagement, points: "-2.5" }\n`,
      "r.funnel.yaml",
    );
    expect(diagnostics).toEqual([]);
    expect(value.decls).toMatchObject([{ points: { value: 3 } }, { points: { value: -2.5 } }]);
  });

  it("reads a version written as a YAML number as it is written", () => {
    const { value } = loadYaml("version: 1.0\n", "v.funnel.yaml");
    expect(value.decls).toMatchObject([{ kind: "version", value: { value: "1.0" } }]);
  });

  it("reads an empty file as no declarations", () => {
    expect(loadYaml("", "e.funnel.yaml")).toEqual({ value: { file: "e.funnel.yaml", syntax: "yaml", decls: [], trailingComments: [] }, diagnostics: [] });
  });

  it("follows anchors and aliases", () => {
    const { value, diagnostics } = loadYaml(
      `thresholds:\n  a: { when: engagement >= 60, do: &acts [tag hot, start nurture] }\n  b: { when: fit >= 20, do: *acts }\n`,
      "a.funnel.yaml",
    );
    expect(diagnostics).toEqual([]);
    expect(value.decls).toMatchObject([{ actions: [{ kind: "tag" }, { kind: "start" }] }, { actions: [{ kind: "tag" }, { kind: "start" }] }]);
  });
});
