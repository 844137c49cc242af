import { createHash } from "node:crypto";
import type { Ir } from "../schemas/ir.js";

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, numbers as JavaScript
 * prints them (shortest round-trip form, so `1.0` and `1` agree and `-0` becomes `0`).
 * `undefined` members are left out, as JSON.stringify does; non-finite numbers become
 * `null`. The IR never holds either, but the function must not depend on that to be total.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join("");
}

/** The IR repeats a few dozen key names (`op`, `ref`, `kind`, ...) hundreds of thousands of times. */
const quotedKeys = new Map<string, string>();

// One output array for the whole document: the IR of a large workspace is megabytes, and
// building it by nested join()s allocates every level's string again.
function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "number":
      out.push(Number.isFinite(value) ? JSON.stringify(value) : "null");
      return;
    case "string":
    case "boolean":
      out.push(JSON.stringify(value));
      return;
    case "object":
      break;
    default:
      out.push("null");
      return;
  }
  if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      write(value[i], out);
    }
    out.push("]");
    return;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  out.push("{");
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) out.push(",");
    first = false;
    let quoted = quotedKeys.get(k);
    if (quoted === undefined) {
      quoted = `${JSON.stringify(k)}:`;
      if (quotedKeys.size < 10_000) quotedKeys.set(k, quoted);
    }
    out.push(quoted);
    write(v, out);
  }
  out.push("}");
}

/** SHA-256 (hex) of the canonical JSON of the IR, ignoring any `hash` member it carries. */
export function hashIr(ir: Ir): string {
  const { hash: _ignored, ...rest } = ir as Ir & { hash?: string };
  return createHash("sha256").update(canonicalJson(rest)).digest("hex");
}
