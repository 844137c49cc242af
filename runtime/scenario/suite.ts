/**
 * Finding and running every `*.test.yaml` under a path. A test file belongs to the nearest
 * folder, from its own upwards, that holds workspace files (`.funnel`, `.funnel.yaml`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { checkTest, runTest, type TestOutcome } from "./run-test.js";
import { parseTestFile } from "./test-file.js";

export const TEST_FILE = /\.test\.ya?ml$/;
const SOURCE = /\.funnel$|\.funnel\.ya?ml$/;

/** What the suite needs from the CLI: compile the workspace in a folder. */
export type LoadWorkspace = (dir: string) => { ir?: CompiledIr; diagnostics: Diagnostic[]; texts: ReadonlyMap<string, string> };

export interface FileReport {
  file: string;
  /** The workspace folder the tests ran against; undefined when none was found. */
  workspace?: string;
  hash?: string;
  /** Errors that kept the file from running (the file, its events, or the workspace). */
  diagnostics: Diagnostic[];
  tests: TestOutcome[];
}

export interface SuiteReport {
  files: FileReport[];
  /** Test file and workspace texts, for printing lines and columns. */
  texts: Map<string, string>;
  passed: number;
  failed: number;
}

/** Lists test files under PATH (PATH itself if it is one; beside it if it is a workspace file), sorted. */
export function findTestFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return TEST_FILE.test(path) ? [path] : findTestFiles(dirname(path));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && TEST_FILE.test(entry.name)) out.push(p);
    }
  };
  walk(path);
  return out.sort();
}

function hasSources(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => SOURCE.test(n));
  } catch {
    return false;
  }
}

/** The workspace folder for a test file, or undefined. */
export function workspaceOf(file: string): string | undefined {
  let dir = resolve(dirname(file));
  for (;;) {
    if (hasSources(dir)) return relative(process.cwd(), dir) || ".";
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Runs every test under PATH. A file that cannot run counts as one failure. */
export function runSuite(path: string, load: LoadWorkspace): SuiteReport {
  const texts = new Map<string, string>();
  const loaded = new Map<string, ReturnType<LoadWorkspace>>();
  const report: SuiteReport = { files: [], texts, passed: 0, failed: 0 };
  for (const abs of findTestFiles(path)) {
    const file = relative(process.cwd(), abs) || abs;
    const text = readFileSync(abs, "utf8");
    texts.set(file, text);
    const fr: FileReport = { file, diagnostics: [], tests: [] };
    report.files.push(fr);
    const parsed = parseTestFile(file, text);
    const ws = workspaceOf(abs);
    if (ws === undefined) {
      fr.diagnostics.push({
        severity: "error",
        code: "no-files",
        message: `no workspace beside ${file}: a test runs against the .funnel files in its folder or a folder above`,
        span: { file, start: 0, end: 0 },
      });
    } else {
      fr.workspace = ws;
      let w = loaded.get(ws);
      if (w === undefined) loaded.set(ws, (w = load(ws)));
      for (const [k, v] of w.texts) texts.set(k, v);
      if (w.ir === undefined) fr.diagnostics.push(...w.diagnostics.filter((d) => d.severity === "error"));
      else fr.hash = w.ir.hash;
    }
    fr.diagnostics.push(...parsed.diagnostics);
    const ir = ws === undefined ? undefined : loaded.get(ws)?.ir;
    if (parsed.value !== undefined && ir !== undefined) {
      for (const t of parsed.value) fr.diagnostics.push(...checkTest(ir, t));
      if (fr.diagnostics.length === 0) fr.tests = parsed.value.map((t) => runTest(ir, t));
    }
    fr.diagnostics.sort((a, b) => (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : a.span.start - b.span.start));
    if (fr.diagnostics.length > 0) report.failed++;
    for (const t of fr.tests) {
      if (t.failures.length === 0) report.passed++;
      else report.failed++;
    }
  }
  return report;
}
