/**
 * Loads the compiler's entry points (and the JSON baseline) for the benchmarks, or says why
 * one is unavailable.
 *
 * The benchmarks must run (and skip with a clear line) while parts of the compiler are
 * still missing or broken, so the modules are imported at run time, not statically — from
 * the sources (under tsx) or from their plain-JavaScript transpilation (`transpile.ts`).
 */
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../dsl/diagnostics.js";
import { transpileTree } from "./transpile.js";

export interface ParseResult {
  value?: unknown;
  diagnostics: Diagnostic[];
}
export type FrontEnd = (text: string, file: string) => ParseResult;
export type Compile = (files: { path: string; text: string }[]) => {
  value?: { ir: { hash: string } };
  diagnostics: Diagnostic[];
};
export type JsonBaseline = (text: string) => { lexErrors: unknown[]; parseErrors: unknown[] };

export type Loaded<T> = { ok: true; fn: T } | { ok: false; why: string };

export interface CompilerApi {
  parseFunnel: Loaded<FrontEnd>;
  loadYaml: Loaded<FrontEnd>;
  compileWorkspace: Loaded<Compile>;
  parseJsonBaseline: Loaded<JsonBaseline>;
}

/** Where the code under measurement comes from. */
export type CodeFrom = "transpiled" | "source";

const REPO = new URL("../", import.meta.url);
const TRANSPILED = new URL("out/js/", import.meta.url);

/**
 * The root to import the compiler from. `transpiled` first writes the plain JavaScript of
 * `dsl/`, `schemas/` and the baseline to `bench/out/js/` (a few seconds).
 */
export function prepareCode(from: CodeFrom): URL {
  if (from === "source") return REPO;
  transpileTree(fileURLToPath(REPO), fileURLToPath(TRANSPILED), ["dsl", "schemas", "bench/baselines", "bench/prng.ts"]);
  return TRANSPILED;
}

async function load<T>(root: URL, modulePath: string, name: string): Promise<Loaded<T>> {
  // A variable specifier keeps TypeScript from resolving (and requiring) the module at build time.
  const specifier = new URL(modulePath, root).href;
  try {
    const mod = (await import(specifier)) as Record<string, unknown>;
    const fn = mod[name];
    if (typeof fn !== "function") return { ok: false, why: `${modulePath} does not export ${name}()` };
    return { ok: true, fn: fn as T };
  } catch (e) {
    const message = e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e);
    return { ok: false, why: `${modulePath} could not be loaded: ${message}` };
  }
}

/** The entry points the benchmarks use, from `root` (see `prepareCode`). */
export async function loadCompilerApi(root: URL = REPO): Promise<CompilerApi> {
  const [parseFunnel, loadYaml, compileWorkspace, parseJsonBaseline] = await Promise.all([
    load<FrontEnd>(root, "dsl/syntax/index.js", "parseFunnel"),
    load<FrontEnd>(root, "dsl/yaml/index.js", "loadYaml"),
    load<Compile>(root, "dsl/index.js", "compileWorkspace"),
    load<JsonBaseline>(root, "bench/baselines/json-grammar.js", "parseJsonBaseline"),
  ]);
  return { parseFunnel, loadYaml, compileWorkspace, parseJsonBaseline };
}
