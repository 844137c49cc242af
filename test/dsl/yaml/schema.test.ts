import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { funnelYamlJsonSchema } from "../../../schemas/funnel-yaml.js";
import { CASES } from "./cases.js";
import { docsYaml, sample } from "./docs-yaml.js";

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(funnelYamlJsonSchema());

describe("the YAML authoring schema (schemas/funnel-yaml.schema.json)", () => {
  it("accepts the example of docs/language.md", () => {
    expect(validate(parse(docsYaml())), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts the B2B sample", () => {
    expect(validate(parse(sample("b2b.funnel.yaml"))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(CASES)("accepts the YAML of the parity case: %s", (_, _dsl, yaml) => {
    expect(validate(parse(yaml)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts labelled, nested and single-line steps", () => {
    const doc: unknown = parse(`
campaigns:
  welcome:
    enter: on form.submitted if form == "newsletter"
    reenter: once per form
    steps:
      - intro: send email "welcome"
      - label: check
        if: did email.clicked within 3d
        then: points engagement +5
        else:
          - wait until mon 09:00
          - if: tagged vip
            then: [notify owner "vip-silent"]
      - { label: bye, do: delete contact after 30d }
`);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects a misspelt key, a bad duration, an unknown kind and a bad name", () => {
    const doc: unknown = parse(`
scores:
  engagement: { limits: "0..100", kind: fitt }
thresholds:
  mql: { when: engagement >= 60, cooldown: 30 days }
segments:
  my segment: { when: tagged vip }
`);
    expect(validate(doc)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/scores/engagement additionalProperties",
        "/scores/engagement/kind enum",
        "/thresholds/mql/cooldown pattern",
        "/segments additionalProperties",
      ]),
    );
  });

  it("has hover help on the top-level keys", () => {
    const props = funnelYamlJsonSchema()["properties"] as Record<string, { description?: string }>;
    for (const key of ["version", "scores", "rules", "pipelines", "campaigns"]) expect(props[key]?.description).toBeTruthy();
  });
});
