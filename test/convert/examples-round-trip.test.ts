/**
 * `funnelform convert` is lossless on every example workspace: DSL → YAML → DSL (and YAML →
 * DSL → YAML for the YAML editions) gives back, file for file, exactly the text `fmt` writes,
 * comments and paragraphs included, and every step compiles to the same hash. Runs the
 * commands themselves (in process), as a user would.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { convertedName } from "../../runtime/cli/commands/convert.js";
import { parseFile, printFile } from "../../runtime/cli/commands/fmt.js";
import { schemaOf } from "../../dsl/print/yaml.js";
import { listWorkspaceFiles } from "../../runtime/cli/workspace-files.js";
import { runCli } from "../cli/run-cli.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const WORKSPACES = readdirSync(EXAMPLES).filter((name) => statSync(join(EXAMPLES, name)).isDirectory());

/** What `fmt` writes for the file at `path`. */
function formatted(path: string): string {
  const text = readFileSync(path, "utf8");
  const { ast, diagnostics } = parseFile(path, text);
  expect(diagnostics.filter((d) => d.severity === "error"), path).toEqual([]);
  return printFile(ast, ast.syntax, ast.syntax === "yaml" ? schemaOf(text) : undefined);
}

const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;

/**
 * `convert` writes the editor's schema line relative to where the file goes, so it differs
 * from the original's; it must still point at the shipped schema. The rest is compared as is.
 */
function withoutModeline(text: string, file: string): string {
  const m = MODELINE.exec(text);
  if (m === null) return text;
  expect(existsSync(resolve(dirname(file), m[1] ?? "")), `${file}: schema line ${m[1]}`).toBe(true);
  return text.slice(m[0].length);
}

async function convert(from: string, to: "dsl" | "yaml"): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `ff-convert-${to}-`));
  const r = await runCli(["convert", "--to", to, from, "-o", out]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

async function hashOf(dir: string): Promise<string> {
  const r = await runCli(["compile", dir]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { hash: string }).hash;
}

describe("convert round trips on the examples", () => {
  it("covers every example workspace, in both syntaxes", () => {
    expect(WORKSPACES).toEqual(expect.arrayContaining(["b2b", "b2b-yaml", "webshop", "webshop-yaml", "multi-product", "event-stages", "ci"]));
    const files = WORKSPACES.flatMap((w) => listWorkspaceFiles(join(EXAMPLES, w)));
    expect(files.some((f) => f.endsWith(".funnel"))).toBe(true);
    expect(files.some((f) => f.endsWith(".funnel.yaml"))).toBe(true);
  });

  it.each(WORKSPACES)("%s: there and back gives the formatted text of every file and the same hash", async (workspace) => {
    const src = join(EXAMPLES, workspace);
    const files = listWorkspaceFiles(src);
    expect(files.length).toBeGreaterThan(0);
    const syntax = files.every((f) => f.endsWith(".funnel")) ? "dsl" : "yaml";
    expect(files.every((f) => (syntax === "dsl" ? f.endsWith(".funnel") : f.endsWith(".funnel.yaml")))).toBe(true);

    const there = await convert(src, syntax === "dsl" ? "yaml" : "dsl");
    const back = await convert(there, syntax);
    for (const file of files) {
      const rel = relative(src, dirname(file));
      const converted = join(there, rel, convertedName(file, syntax === "dsl" ? "yaml" : "dsl"));
      const returned = join(back, rel, convertedName(file, syntax));
      expect(existsSync(converted), converted).toBe(true);
      // The converted file is itself formatted: `fmt` would not touch it.
      expect(withoutModeline(formatted(converted), converted)).toBe(withoutModeline(readFileSync(converted, "utf8"), converted));
      expect(withoutModeline(readFileSync(returned, "utf8"), returned), file).toBe(withoutModeline(formatted(file), file));
    }
    const hash = await hashOf(src);
    expect(await hashOf(there)).toBe(hash);
    expect(await hashOf(back)).toBe(hash);
  });
});
