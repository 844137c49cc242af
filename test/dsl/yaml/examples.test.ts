import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { funnelYamlJsonSchema } from "../../../schemas/funnel-yaml.js";

const root = new URL("../../../examples/", import.meta.url);
const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".funnel.yaml"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(funnelYamlJsonSchema());

describe("the YAML example workspaces", () => {
  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s loads without diagnostics and matches the authoring schema", (f) => {
    const text = readFileSync(new URL(f, root), "utf8");
    const { value, diagnostics } = loadYaml(text, f);
    expect(diagnostics).toEqual([]);
    expect(value.decls.length).toBeGreaterThan(0);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });
});
