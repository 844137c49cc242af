import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

describe("loadYaml: comments", () => {
  const text = `# yaml-language-server: $schema=../schemas/funnel-yaml.schema.json
# Scoring for the EU team
scores:
  # decays weekly
  engagement: { limit: 0..100, decay: 10 every 7d }  # tuned in Q3
  fit:
    kind: fit
    # capped
    limit: 0..100
pipelines:
  lifecycle:
    stages:
      # everyone starts here
      - unknown: { initial: true }
      - mql  # set by the threshold
campaigns:
  nurture:
    steps:
      # first touch
      - send email "hello"
      - if: tagged vip
        then:
          # vips get a call
          - notify owner "call-vip"
# end of file
`;
  const { value, diagnostics } = loadYaml(text, "c.funnel.yaml");

  it("attaches each comment to the declaration, stage or step it belongs to", () => {
    expect(diagnostics).toEqual([]);
    expect(value.decls).toMatchObject([
      { name: { text: "engagement" }, comments: ["Scoring for the EU team", "decays weekly", "tuned in Q3"] },
      { name: { text: "fit" }, comments: [], bodyComments: { limit: ["capped"] } },
      { name: { text: "lifecycle" }, comments: [], stages: [{ comments: ["everyone starts here"] }, { comments: ["set by the threshold"] }] },
      { name: { text: "nurture" }, steps: [{ comments: ["first touch"] }, { comments: [], then: [{ comments: ["vips get a call"] }] }] },
    ]);
    expect(value.trailingComments).toEqual(["end of file"]);
  });

  it("leaves out the editor's schema line", () => {
    expect(JSON.stringify(value)).not.toContain("yaml-language-server");
  });
});
