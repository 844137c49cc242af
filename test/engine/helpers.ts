import { compileWorkspace } from "../../dsl/index.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { compileModel, type Model } from "../../runtime/engine/index.js";

/** Compiles a one-file DSL workspace; fails the test with the diagnostics when it does not compile. */
export function compileDsl(text: string): CompiledIr {
  const r = compileWorkspace([{ path: "workspace.funnel", text }]);
  if (r.value === undefined) {
    throw new Error(`workspace does not compile:\n${r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")}`);
  }
  return r.value.ir;
}

export function modelOf(text: string): Model {
  return compileModel(compileDsl(text));
}

export const T0 = Date.parse("2026-01-01T00:00:00Z");
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

let seq = 0;
/** A raw event for `simulate`: `at` is ms after T0. */
export function ev(contact: string, at: number, type: string, props: Record<string, unknown> = {}, id?: string): {
  id: string;
  contact: string;
  at: number;
  type: string;
  props: Record<string, unknown>;
} {
  seq++;
  return { id: id ?? `e${String(seq).padStart(6, "0")}`, contact, at: T0 + at, type, props };
}
