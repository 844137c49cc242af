import { Cond, Ir, Step } from "./ir.js";

const RECURSIVE = new Set(["Cond", "Step"]);

/** Replaces each inlined recursive type by a `$ref` to its single definition. */
function hoist(node: unknown, isDefinitionRoot = false): unknown {
  if (Array.isArray(node)) return node.map((n) => hoist(n));
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  const id = obj["$id"];
  if (!isDefinitionRoot && typeof id === "string" && RECURSIVE.has(id)) return { $ref: `#/definitions/${id}` };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "$id" && isDefinitionRoot) continue;
    if (k === "$ref" && typeof v === "string" && RECURSIVE.has(v)) out[k] = `#/definitions/${v}`;
    else out[k] = hoist(v);
  }
  return out;
}

/**
 * The IR's JSON Schema as one self-contained document (draft-07, for ajv and editors).
 * TypeBox inlines recursive types wherever they are used; they are hoisted into
 * `definitions` here so each appears once.
 */
export function irJsonSchema(): Record<string, unknown> {
  const plain = (s: unknown): unknown => JSON.parse(JSON.stringify(s));
  const root = hoist(plain(Ir), false) as Record<string, unknown>;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    ...root,
    definitions: { Cond: hoist(plain(Cond), true), Step: hoist(plain(Step), true) },
  };
}
