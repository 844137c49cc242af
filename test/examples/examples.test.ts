/**
 * The example workspaces are what a new user copies first: each must compile with no
 * errors and no warnings, the YAML editions must mean exactly what the DSL editions mean,
 * and a typo in any of them must be reported where the user made it, with a hint.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Diagnostic } from "../../dsl/diagnostics.js";
import { compileWorkspace, type SourceFile } from "../../dsl/index.js";
import { printDsl } from "../../dsl/print/dsl.js";
import { printYaml } from "../../dsl/print/yaml.js";
import { LineIndex } from "../../dsl/span.js";

const ROOT = join(import.meta.dirname, "../..");

const isWorkspaceFile = (f: string): boolean => f.endsWith(".funnel") || f.endsWith(".funnel.yaml");

/** The files of `examples/NAME`, with paths as a user sees them (`examples/b2b/model.funnel`). */
function loadExample(name: string): SourceFile[] {
  const dir = join(ROOT, "examples", name);
  return readdirSync(dir)
    .filter(isWorkspaceFile)
    .sort()
    .map((f) => ({ path: `examples/${name}/${f}`, text: readFileSync(join(dir, f), "utf8") }));
}

const EXAMPLES = readdirSync(join(ROOT, "examples"))
  .filter((name) => statSync(join(ROOT, "examples", name)).isDirectory())
  .filter((name) => readdirSync(join(ROOT, "examples", name)).some(isWorkspaceFile))
  .sort();

/** `file:line:column code: message` — readable when a test lists unexpected diagnostics. */
function describeDiagnostic(d: Diagnostic, files: readonly SourceFile[]): string {
  const text = files.find((f) => f.path === d.span.file)?.text ?? "";
  const at = new LineIndex(text).position(d.span.start);
  return `${d.span.file}:${at.line}:${at.column} ${d.severity} ${d.code}: ${d.message}`;
}

describe("the example workspaces", () => {
  it("include every example the README describes", () => {
    expect(EXAMPLES).toEqual(
      expect.arrayContaining(["b2b", "b2b-yaml", "webshop", "webshop-yaml", "multi-product", "event-stages"]),
    );
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const name of EXAMPLES) expect(readme).toContain(`\`${name}/\``);
  });

  it.each(EXAMPLES)("examples/%s compiles with no errors and no warnings", (name) => {
    const files = loadExample(name);
    const result = compileWorkspace(files);
    expect(result.diagnostics.map((d) => describeDiagnostic(d, files))).toEqual([]);
    expect(result.value?.ir.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("point every YAML file at the authoring schema, and pass it (no squiggles in the editor)", () => {
    const schema: unknown = JSON.parse(readFileSync(join(ROOT, "schemas", "funnel-yaml.schema.json"), "utf8"));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
    const yamlFiles = EXAMPLES.flatMap((name) => loadExample(name)).filter((f) => f.path.endsWith(".yaml"));
    expect(yamlFiles.length).toBeGreaterThan(0);
    for (const f of yamlFiles) {
      expect(f.text.split("\n")[0], f.path).toBe("# yaml-language-server: $schema=../../schemas/funnel-yaml.schema.json");
      expect(validate(parse(f.text)), `${f.path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe.each([
  ["b2b", "b2b-yaml"],
  ["webshop", "webshop-yaml"],
])("examples/%s and examples/%s", (dsl, yaml) => {
  it("compile to the same IR, with the same hash", () => {
    const fromDsl = compileWorkspace(loadExample(dsl)).value?.ir;
    const fromYaml = compileWorkspace(loadExample(yaml)).value?.ir;
    expect(fromDsl).toBeDefined();
    expect(fromYaml).toEqual(fromDsl);
    expect(fromYaml?.hash).toBe(fromDsl?.hash);
  });

  it("are written in the syntax their folder promises", () => {
    expect(loadExample(dsl).every((f) => f.path.endsWith(".funnel"))).toBe(true);
    expect(loadExample(yaml).every((f) => f.path.endsWith(".funnel.yaml"))).toBe(true);
  });
});

describe.each(EXAMPLES)("examples/%s converted", (name) => {
  const compiled = compileWorkspace(loadExample(name));
  const base = (path: string): string => path.replace(/\.funnel(\.yaml)?$/, "");

  it("compiles before conversion", () => {
    expect(compiled.value?.ir.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("to the DSL means the same (same hash)", () => {
    const files = compiled.asts.map((a) => ({ path: `${base(a.file)}.funnel`, text: printDsl(a) }));
    expect(compileWorkspace(files).value?.ir.hash).toBe(compiled.value?.ir.hash);
  });

  it("to YAML means the same (same hash)", () => {
    const files = compiled.asts.map((a) => ({ path: `${base(a.file)}.funnel.yaml`, text: printYaml(a) }));
    expect(compileWorkspace(files).value?.ir.hash).toBe(compiled.value?.ir.hash);
  });
});

/**
 * One broken reference: in `file`, the text `find` (which must occur exactly once) becomes
 * `replace`. The error is expected in `errorIn` (default: the same file) at the first
 * occurrence of `at` — the name as the user now reads it there — and its hint must name
 * `hintNames` (the name the user meant, or the one to declare).
 */
interface Breakage {
  title: string;
  example: string;
  file: string;
  find: string;
  replace: string;
  code: Diagnostic["code"];
  errorIn?: string;
  /** Where the error must point: this text, found after `after` (default: the edit itself). */
  at: string;
  after?: string;
  hintNames: string;
}

const BREAKAGES: Breakage[] = [
  // b2b
  { title: "a misspelt suppression segment", example: "b2b", file: "scoring.funnel", find: "while in do_not_score", replace: "while in do_not_scor", code: "unknown-segment", at: "do_not_scor", hintNames: "do_not_score" },
  { title: "a misspelt score in the MQL threshold", example: "b2b", file: "lifecycle.funnel", find: "when engagement >= 60", replace: "when engagment >= 60", code: "unknown-name", at: "engagment", hintNames: "engagement" },
  { title: "a misspelt stage in a threshold action", example: "b2b", file: "lifecycle.funnel", find: "  stage lifecycle.mql\n", replace: "  stage lifecycle.mqll\n", code: "unknown-stage", at: "mqll", hintNames: "mql" },
  { title: "a misspelt campaign in a feedback outcome", example: "b2b", file: "feedback.funnel", find: "start nurture", replace: "start nurtur", code: "unknown-campaign", at: "nurtur", hintNames: "nurture" },
  {
    title: "a field renamed where it is declared, still used by a fit rule in another file",
    example: "b2b",
    file: "model.funnel",
    find: "field industry: string",
    replace: "field sector: string",
    code: "unknown-name",
    errorIn: "scoring.funnel",
    at: "industry in [",
    hintNames: "industry",
  },
  {
    title: "the recycle loop without its `allow`",
    example: "b2b",
    file: "lifecycle.funnel",
    find: "  allow mql -> recycled\n",
    replace: "",
    code: "backward-move-not-allowed",
    errorIn: "feedback.funnel",
    at: "stage lifecycle.recycled",
    hintNames: "allow mql -> recycled",
  },
  // b2b-yaml: the spans point into the YAML strings
  { title: "a misspelt score in `suppress`", example: "b2b-yaml", file: "scoring.funnel.yaml", find: "do_not_score: [engagement]", replace: "do_not_score: [engagment]", code: "unknown-score", at: "engagment", hintNames: "engagement" },
  {
    title: "a misspelt field on the sixth line of a multi-line condition",
    example: "b2b-yaml",
    file: "scoring.funnel.yaml",
    find: "or marketing_suspended\n",
    replace: "or marketing_suspend\n",
    code: "unknown-name",
    at: "marketing_suspend\n",
    hintNames: "marketing_suspended",
  },
  { title: "a misspelt campaign in a YAML outcome list", example: "b2b-yaml", file: "feedback.funnel.yaml", find: "start nurture", replace: "start nurtur", code: "unknown-campaign", at: "nurtur", hintNames: "nurture" },
  // webshop
  { title: "a misspelt entry segment", example: "webshop", file: "campaigns.funnel", find: "in segment lapsed_buyers", replace: "in segment lapsed_buyer", code: "unknown-segment", at: "lapsed_buyer", hintNames: "lapsed_buyers" },
  { title: "a misspelt stage in a segment", example: "webshop", file: "stages.funnel", find: "stage shop is reactivate_1 }", replace: "stage shop is reactivate1 }", code: "unknown-stage", at: "reactivate1", hintNames: "reactivate_1" },
  { title: "a misspelt stage in an `allow`", example: "webshop", file: "stages.funnel", find: "allow reactivate_2 -> cold_lead", replace: "allow reactivate_2 -> cold_leads", code: "unknown-stage", at: "cold_leads", hintNames: "cold_lead" },
  // webshop-yaml
  {
    title: "a YAML field renamed where it is declared, still used by a segment",
    example: "webshop-yaml",
    file: "model.funnel.yaml",
    find: "newsletter_opt_in: { type",
    replace: "opt_in: { type",
    code: "unknown-name",
    errorIn: "stages.funnel.yaml",
    at: "newsletter_opt_in",
    hintNames: "newsletter_opt_in",
  },
  { title: "a misspelt stage in a YAML segment", example: "webshop-yaml", file: "stages.funnel.yaml", find: "when: stage shop is reactivate_1 }", replace: "when: stage shop is reactivate_one }", code: "unknown-stage", at: "reactivate_one", hintNames: "reactivate_1" },
  // multi-product
  { title: "a misspelt per-product score", example: "multi-product", file: "thresholds.funnel", find: "interest[erp] >= 70", replace: "intrest[erp] >= 70", code: "unknown-name", at: "intrest", hintNames: "interest" },
  { title: "a misspelt per-product pipeline", example: "multi-product", file: "campaigns.funnel", find: "stage products[crm] is customer", replace: "stage product[crm] is customer", code: "unknown-pipeline", at: "product[crm]", hintNames: "products" },
  {
    title: "an account score renamed where it is declared, still used by the account pipeline",
    example: "multi-product",
    file: "scoring.funnel",
    find: "score account_engagement ",
    replace: "score company_engagement ",
    code: "unknown-name",
    errorIn: "pipelines.funnel",
    at: "account_engagement >= 30",
    hintNames: "account_engagement",
  },
  // event-stages
  // An unknown event in a stage trigger is reported as a trigger that never fires.
  { title: "a misspelt event in a stage trigger", example: "event-stages", file: "event-stages.funnel", find: "when event qr.scanned", replace: "when event qr.scaned", code: "stage-trigger-never-fires", at: "qr.scaned", hintNames: "qr.scanned" },
  { title: "a misspelt stage in a segment", example: "event-stages", file: "event-stages.funnel", find: "stage customer_stage is intentional_lead", replace: "stage customer_stage is intentional_leads", code: "unknown-stage", at: "intentional_leads", hintNames: "intentional_lead" },
  {
    title: "a custom event renamed where it is declared, still used by a segment",
    example: "event-stages",
    file: "event-stages.funnel",
    find: "event coupon.received {",
    replace: "event coupon.issued {",
    code: "unknown-event",
    at: "coupon.received",
    after: "segment coupon_not_redeemed",
    hintNames: "coupon.received",
  },
];

describe.each(BREAKAGES.map((b) => [`examples/${b.example}: ${b.title}`, b] as const))("%s", (_, b) => {
  it("is an error at the place the user must fix, with a hint", () => {
    const files = loadExample(b.example);
    const edited = files.find((f) => f.path === `examples/${b.example}/${b.file}`);
    if (edited === undefined) throw new Error(`no file ${b.file} in examples/${b.example}`);
    expect(edited.text.split(b.find).length, `\`${b.find}\` must occur once in ${b.file}`).toBe(2);
    const editAt = edited.text.indexOf(b.find);
    edited.text = edited.text.replace(b.find, b.replace);

    const target = files.find((f) => f.path === `examples/${b.example}/${b.errorIn ?? b.file}`);
    if (target === undefined) throw new Error(`no file ${b.errorIn ?? b.file} in examples/${b.example}`);
    const from = b.after !== undefined ? target.text.indexOf(b.after) : target === edited ? editAt : 0;
    const start = target.text.indexOf(b.at, from);
    expect(from, "the anchor text must exist").toBeGreaterThanOrEqual(0);
    expect(start, `\`${b.at}\` must occur in ${target.path}`).toBeGreaterThanOrEqual(0);
    const lines = new LineIndex(target.text);
    const expected = lines.position(start);

    const result = compileWorkspace(files);
    expect(result.value).toBeUndefined();
    const found = result.diagnostics.find((d) => d.severity === "error" && d.code === b.code && d.span.file === target.path && d.span.start === start);
    expect(
      found,
      `expected ${b.code} at ${target.path}:${expected.line}:${expected.column}; got:\n${result.diagnostics.map((d) => describeDiagnostic(d, files)).join("\n")}`,
    ).toBeDefined();
    if (found === undefined) return;
    const at = lines.position(found.span.start);
    expect({ file: found.span.file, line: at.line, column: at.column }).toEqual({ file: target.path, line: expected.line, column: expected.column });
    expect(found.span.end).toBeGreaterThan(found.span.start);
    expect(found.hint).toContain(b.hintNames);
  });
});
