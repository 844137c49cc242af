import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { funnelYamlJsonSchema } from "../../schemas/funnel-yaml.js";
import { irJsonSchema } from "../../schemas/json.js";

describe("schemas/ir.schema.json", () => {
  it("is what `npm run schemas` writes from schemas/ir.ts (run it after changing the IR)", () => {
    const onDisk: unknown = JSON.parse(readFileSync(new URL("../../schemas/ir.schema.json", import.meta.url), "utf8"));
    expect(onDisk).toEqual(irJsonSchema());
  });
});

describe("schemas/funnel-yaml.schema.json", () => {
  it("is what `npm run schemas` writes from schemas/funnel-yaml.ts (run it after changing the YAML layout)", () => {
    const onDisk: unknown = JSON.parse(readFileSync(new URL("../../schemas/funnel-yaml.schema.json", import.meta.url), "utf8"));
    expect(onDisk).toEqual(funnelYamlJsonSchema());
  });
});

describe("schemas/ir-validator.generated.ts", () => {
  it("is what `npm run schemas` writes (the precompiled validator matches the schema)", async () => {
    const { irValidatorSource } = await import("../../schemas/validator-source.js");
    const onDisk = readFileSync(new URL("../../schemas/ir-validator.generated.ts", import.meta.url), "utf8");
    expect(onDisk === irValidatorSource()).toBe(true);
  });
});
