/** Writes the JSON Schemas in schemas/ from their TypeBox sources (`npm run schemas`). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { funnelYamlJsonSchema } from "./funnel-yaml.js";
import { irJsonSchema } from "./json.js";
import { irValidatorSource } from "./validator-source.js";

const here = fileURLToPath(new URL(".", import.meta.url));
writeFileSync(`${here}ir.schema.json`, JSON.stringify(irJsonSchema(), null, 2) + "\n");
console.log("wrote schemas/ir.schema.json");
writeFileSync(`${here}funnel-yaml.schema.json`, JSON.stringify(funnelYamlJsonSchema(), null, 2) + "\n");
console.log("wrote schemas/funnel-yaml.schema.json");
writeFileSync(`${here}ir-validator.generated.ts`, irValidatorSource());
console.log("wrote schemas/ir-validator.generated.ts");
