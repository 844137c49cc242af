import { createHash } from "node:crypto";
import type { Ir } from "../schemas/ir.js";

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, numbers as JavaScript
 * prints them (shortest round-trip form, so `1.0` and `1` agree and `-0` becomes `0`).
 * `undefined` members are left out, as JSON.stringify does; non-finite numbers become
 * `null`. The IR never holds either, but the function must not depend on that to be total.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object":
      break;
    default:
      return "null";
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v)).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** SHA-256 (hex) of the canonical JSON of the IR, ignoring any `hash` member it carries. */
export function hashIr(ir: Ir): string {
  const { hash: _ignored, ...rest } = ir as Ir & { hash?: string };
  return createHash("sha256").update(canonicalJson(rest)).digest("hex");
}
