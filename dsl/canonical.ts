import { createHash } from "node:crypto";
import type { Ir } from "../schemas/ir.js";

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, numbers as JavaScript
 * prints them (shortest round-trip form, so `1.0` and `1` agree and `-0` becomes `0`).
 * `undefined` members are left out, as JSON.stringify does; non-finite numbers become
 * `null`. The IR never holds either, but the function must not depend on that to be total.
 */
export function canonicalJson(value: unknown): string {
  out = "";
  flush = undefined;
  write(value);
  const json = out;
  out = "";
  return json;
}

/** The IR repeats a few dozen key names (`op`, `ref`, `kind`, ...) hundreds of thousands of times. */
const quotedKeys = new Map<string, string>();

// The document is built by appending to one string (V8 joins the pieces once, at the end):
// the IR of a large workspace is megabytes, and an array of its millions of small pieces
// cost more to grow and to join. `canonicalJson` does not call itself, so one buffer will do.
let out = "";
/** While hashing: takes the text so far whenever `out` grows past FLUSH_AT. */
let flush: ((text: string) => void) | undefined;
const FLUSH_AT = 1 << 16;

function write(value: unknown): void {
  if (value === null || value === undefined) {
    out += "null";
    return;
  }
  switch (typeof value) {
    case "number":
      out += Number.isFinite(value) ? JSON.stringify(value) : "null";
      return;
    case "string":
    case "boolean":
      out += JSON.stringify(value);
      return;
    case "object":
      break;
    default:
      out += "null";
      return;
  }
  if (Array.isArray(value)) {
    out += "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      write(value[i]);
    }
    out += "]";
    if (flush !== undefined && out.length > FLUSH_AT) flushOut(flush);
    return;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  out += "{";
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) out += ",";
    first = false;
    let quoted = quotedKeys.get(k);
    if (quoted === undefined) {
      quoted = `${JSON.stringify(k)}:`;
      if (quotedKeys.size < 10_000) quotedKeys.set(k, quoted);
    }
    out += quoted;
    write(v);
  }
  out += "}";
  if (flush !== undefined && out.length > FLUSH_AT) flushOut(flush);
}

function flushOut(to: (text: string) => void): void {
  to(out);
  out = "";
}

/** SHA-256 (hex) of the canonical JSON of the IR, ignoring any `hash` member it carries. */
export function hashIr(ir: Ir): string {
  const { hash: _ignored, ...rest } = ir as Ir & { hash?: string };
  // The canonical text is hashed in pieces as it is written: the whole of it is never held.
  const hash = createHash("sha256");
  out = "";
  flush = (text) => hash.update(text);
  try {
    write(rest);
    hash.update(out);
  } finally {
    flush = undefined;
    out = "";
  }
  return hash.digest("hex");
}
