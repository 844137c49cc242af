/** Writes the JSON Schemas in schemas/ from their TypeBox sources (`npm run schemas`). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { irJsonSchema } from "./json.js";

const here = fileURLToPath(new URL(".", import.meta.url));
writeFileSync(`${here}ir.schema.json`, JSON.stringify(irJsonSchema(), null, 2) + "\n");
console.log("wrote schemas/ir.schema.json");
