import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { irJsonSchema } from "../../schemas/json.js";
import type { Diagnostic, DiagnosticCode } from "../diagnostics.js";
import type { SourceMap } from "../lower/context.js";
import { pointerSegments } from "../lower/pointer.js";
import { spanAt } from "./context.js";

import { validate as fastValidate } from "../../schemas/ir-validator.generated.js";

let validator: ValidateFunction | undefined;

/**
 * The detailed validator (every error, with its schema, for plain-words messages) is
 * compiled only when the precompiled yes/no validator has rejected an IR: compiling the
 * schema costs more than validating a workspace.
 */
function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true, code: { optimize: false } }).compile(irJsonSchema());
  return validator;
}

/** Keys that pick a branch of a union: a `const` error on one means "another branch", not a mistake. */
const DISCRIMINATORS = new Set(["op", "ref", "do", "step", "on", "kind", "by", "key", "model", "to", "type", "format", "agg", "dir"]);

const PRIORITY: Record<string, number> = {
  minimum: 0,
  exclusiveMinimum: 0,
  maximum: 0,
  minLength: 0,
  maxLength: 0,
  pattern: 0,
  minItems: 0,
  type: 1,
  enum: 2,
  const: 2,
  required: 3,
  additionalProperties: 4,
};

function plain(e: ErrorObject): { code: DiagnosticCode; message: string } {
  const last = pointerSegments(e.instancePath).at(-1) ?? "";
  const parent = (e.parentSchema ?? {}) as { description?: string; pattern?: string };
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "minimum":
      if (parent.description?.includes("duration")) return { code: "schema-violation", message: "a duration must be at least 1s" };
      return { code: "schema-violation", message: `this number must be at least ${String(p["limit"])}` };
    case "exclusiveMinimum":
      return { code: "schema-violation", message: `this number must be more than ${String(p["limit"])}` };
    case "maximum":
      return { code: "schema-violation", message: `this number must be at most ${String(p["limit"])}` };
    case "minLength":
      return last === "address"
        ? { code: "schema-violation", message: "this address is too short to be an email address" }
        : { code: "schema-violation", message: "a name or text here cannot be empty" };
    case "maxLength":
      return { code: "schema-violation", message: `this is too long (at most ${String(p["limit"])} characters)` };
    case "pattern":
      if (last === "env") return { code: "invalid-env-name", message: "an environment variable name uses capital letters, digits and `_`" };
      return { code: "invalid-time", message: "a clock time is written like 09:00 (24-hour, 00:00 to 23:59)" };
    case "minItems":
      if (last === "stages") return { code: "schema-violation", message: "a pipeline needs at least one stage" };
      return { code: "schema-violation", message: `this list needs at least ${String(p["limit"])} item(s)` };
    case "type":
      return { code: "schema-violation", message: p["type"] === "integer" ? "this must be a whole number" : `this must be ${String(p["type"])}` };
    default:
      return { code: "schema-violation", message: `this does not fit the IR: ${e.message ?? e.keyword}` };
  }
}

/**
 * Validates the IR against `schemas/ir.schema.json` and maps each problem to the source
 * through the source map (the nearest ancestor pointer that has a span). ajv reports every
 * branch of a union it tried; only the most specific error of each leaf path is kept.
 */
export function checkSchema(ir: unknown, sourceMap: SourceMap, fallbackFile = ""): Diagnostic[] {
  if ((fastValidate as (x: unknown) => boolean)(ir)) return [];
  const v = validate();
  if (v(ir)) return [];
  const errors = (v.errors ?? []).filter((e) => {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") return false;
    const last = pointerSegments(e.instancePath).at(-1);
    return !(e.keyword === "const" && last !== undefined && DISCRIMINATORS.has(last));
  });
  const paths = [...new Set(errors.map((e) => e.instancePath))];
  const leaves = paths.filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`)));
  const out: Diagnostic[] = [];
  for (const path of leaves.sort()) {
    const best = errors
      .filter((e) => e.instancePath === path)
      .sort((a, b) => (PRIORITY[a.keyword] ?? 5) - (PRIORITY[b.keyword] ?? 5))[0];
    if (best === undefined) continue;
    const { code, message } = plain(best);
    out.push({ severity: "error", code, message, span: spanAt(sourceMap, path, fallbackFile), path });
  }
  return out;
}
