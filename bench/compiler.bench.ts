/**
 * The compiler benchmark, on the generated large workspace in both syntaxes:
 * front-end throughput (parse only), whole validate+compile time, peak memory, and the
 * ratios against baselines measured in the same run on inputs of the same size —
 * the DSL front end against chevrotain's example JSON grammar (target ≥ 0.4), the YAML
 * front end against a bare `yaml` parseDocument (target ≥ 0.6), and DSL ≥ 5× YAML.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { jsonOfSize } from "./baselines/json-input.js";
import { loadCompilerApi, prepareCode, type CodeFrom, type Compile, type CompilerApi, type FrontEnd } from "./compiler-api.js";
import { generateDslWorkspace, generateYamlWorkspace, LARGE, scaledCounts, type GeneratedFile } from "./gen-workspace.js";
import { atLeast, emptyResult, fmt, interleaved, mbPerSecond, type BenchResult, type RunPlan } from "./measure.js";
import type { MemoryReport } from "./memory-probe.js";

export interface CompilerBenchOptions extends RunPlan {
  seed: number;
  /** 1 = the large workspace (10,000 rules …); smaller for a quick look. */
  scale: number;
  /** Measure peak memory in child processes (needs `tsx`). */
  memory: boolean;
  /** `transpiled` (default): plain JS as tsc emits it; `source`: the .ts under tsx (slower). */
  code: CodeFrom;
}

const REPO = fileURLToPath(new URL("..", import.meta.url));
const bytesOf = (files: readonly GeneratedFile[]) => files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
const errorsOf = (ds: readonly { severity: string }[]) => ds.filter((d) => d.severity === "error").length;

/** Parses every file; returns the number of error diagnostics (so a broken parse is visible). */
function parseAll(fn: FrontEnd, files: readonly GeneratedFile[]): number {
  let errors = 0;
  for (const f of files) errors += errorsOf(fn(f.text, f.path).diagnostics);
  return errors;
}

function firstErrors(compile: Compile, files: GeneratedFile[]): string[] {
  return compile(files)
    .diagnostics.filter((d) => d.severity === "error")
    .slice(0, 5)
    .map((d) => `${d.span.file}@${d.span.start}: ${d.code}: ${d.message}`);
}

function frontEnds(res: BenchResult, api: CompilerApi, dsl: GeneratedFile[], yaml: GeneratedFile[], plan: RunPlan): void {
  const dslBytes = bytesOf(dsl);
  const yamlBytes = bytesOf(yaml);
  let dslRun: { rate: number; ms: number } | undefined;
  let yamlRun: { rate: number; ms: number } | undefined;
  if (api.parseFunnel.ok && api.parseJsonBaseline.ok) {
    const parse = api.parseFunnel.fn;
    const parseJsonBaseline = api.parseJsonBaseline.fn;
    const errors = parseAll(parse, dsl);
    if (errors > 0) res.notes.push(`DSL front end reported ${errors} errors on the generated workspace (see test/bench)`);
    const json = jsonOfSize(dslBytes);
    const check = parseJsonBaseline(json);
    if (check.lexErrors.length + check.parseErrors.length > 0) res.notes.push("JSON baseline input did not parse cleanly");
    const ms = interleaved({ dsl: () => void parseAll(parse, dsl), json: () => void parseJsonBaseline(json) }, plan);
    const dslRate = mbPerSecond(dslBytes, ms.dsl);
    dslRun = { rate: dslRate, ms: ms.dsl };
    const jsonRate = mbPerSecond(Buffer.byteLength(json), ms.json);
    res.metrics.push(
      { name: "DSL front end (parseFunnel)", value: dslRate, unit: "MB/s" },
      { name: "baseline: chevrotain example JSON grammar (CST)", value: jsonRate, unit: "MB/s" },
    );
    res.notes.push(`JSON baseline input: ${fmt(Buffer.byteLength(json) / 1e6)} MB (DSL workspace ${fmt(dslBytes / 1e6)} MB)`);
    res.targets.push(atLeast("DSL front end / chevrotain JSON grammar", dslRate / jsonRate, 0.4));
  } else if (!api.parseFunnel.ok) res.skipped.push(`DSL front end: ${api.parseFunnel.why}`);
  else if (!api.parseJsonBaseline.ok) res.skipped.push(`DSL front end: the JSON baseline: ${api.parseJsonBaseline.why}`);

  if (api.loadYaml.ok) {
    const load = api.loadYaml.fn;
    const errors = parseAll(load, yaml);
    if (errors > 0) res.notes.push(`YAML front end reported ${errors} errors on the generated workspace (see test/bench)`);
    const ms = interleaved(
      {
        yaml: () => void parseAll(load, yaml),
        bare: () => {
          for (const f of yaml) parseDocument(f.text);
        },
      },
      plan,
    );
    const yamlRate = mbPerSecond(yamlBytes, ms.yaml);
    yamlRun = { rate: yamlRate, ms: ms.yaml };
    const bareRate = mbPerSecond(yamlBytes, ms.bare);
    res.metrics.push(
      { name: "YAML front end (loadYaml)", value: yamlRate, unit: "MB/s" },
      { name: "baseline: bare yaml parseDocument", value: bareRate, unit: "MB/s" },
    );
    res.targets.push(atLeast("YAML front end / bare parseDocument", yamlRate / bareRate, 0.6));
  } else res.skipped.push(`YAML front end: ${api.loadYaml.why}`);

  if (dslRun !== undefined && yamlRun !== undefined) {
    res.targets.push(atLeast("DSL front end / YAML front end (MB/s)", dslRun.rate / yamlRun.rate, 5, "×"));
    // The same content is larger in YAML; time for the same workspace is the other view.
    res.notes.push(`same content: DSL ${fmt(dslBytes / 1e6)} MB, YAML ${fmt(yamlBytes / 1e6)} MB; front-end time YAML/DSL ${fmt(yamlRun.ms / dslRun.ms)}×`);
  }
}

function compile(res: BenchResult, compileFn: Compile, dsl: GeneratedFile[], yaml: GeneratedFile[], plan: RunPlan): void {
  const once = { dsl: compileFn(dsl), yaml: compileFn(yaml) };
  for (const [syntax, r] of Object.entries(once)) {
    const errors = errorsOf(r.diagnostics);
    const warnings = r.diagnostics.length - errors;
    res.notes.push(`${syntax}: ${errors} errors, ${warnings} warnings, hash ${r.value?.ir.hash.slice(0, 16) ?? "(none)"}`);
    if (errors > 0) res.notes.push(...firstErrors(compileFn, syntax === "dsl" ? dsl : yaml).map((l) => `  ${l}`));
  }
  const dh = once.dsl.value?.ir.hash;
  if (dh !== undefined && dh === once.yaml.value?.ir.hash) res.notes.push("DSL and YAML compile to the same hash");
  else if (dh !== undefined && once.yaml.value !== undefined) res.notes.push("DSL and YAML hashes DIFFER");
  const ms = interleaved({ dsl: () => void compileFn(dsl), yaml: () => void compileFn(yaml) }, plan);
  res.metrics.push(
    { name: "validate+compile, DSL workspace (median)", value: ms.dsl, unit: "ms" },
    { name: "validate+compile, YAML workspace (median)", value: ms.yaml, unit: "ms" },
  );
}

function memory(res: BenchResult, opts: CompilerBenchOptions, root: URL): void {
  for (const syntax of ["dsl", "yaml"]) {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "bench/memory-probe.ts", "--syntax", syntax, "--seed", String(opts.seed), "--scale", String(opts.scale), "--root", root.href],
      { cwd: REPO, encoding: "utf8", timeout: 300_000 },
    );
    let report: (MemoryReport & { skipped?: undefined }) | { skipped: string } | undefined;
    try {
      report = JSON.parse(child.stdout) as typeof report;
    } catch {
      report = undefined;
    }
    if (report === undefined) res.skipped.push(`peak memory (${syntax}): the probe failed: ${child.stderr.split("\n").find((l) => l.trim() !== "") ?? `exit ${child.status}`}`);
    else if (report.skipped !== undefined) res.skipped.push(`peak memory (${syntax}): ${report.skipped}`);
    else {
      res.metrics.push(
        { name: `peak RSS, compile ${syntax} (whole process)`, value: report.peakRssMb, unit: "MB" },
        { name: `peak RSS added by the compile, ${syntax}`, value: report.peakRssMb - report.baselineRssMb, unit: "MB" },
        { name: `heap after compile, ${syntax}`, value: report.heapAfterMb, unit: "MB" },
      );
    }
  }
}

/** Runs the compiler benchmark; parts whose compiler pieces are missing are skipped, with the reason. */
export async function runCompilerBench(opts: CompilerBenchOptions): Promise<BenchResult> {
  const res = emptyResult("compiler");
  const counts = opts.scale === 1 ? LARGE : scaledCounts(opts.scale);
  const dsl = generateDslWorkspace(opts.seed, counts);
  const yaml = generateYamlWorkspace(opts.seed, counts);
  res.notes.push(
    `workspace (seed ${opts.seed}): ${counts.rules} point rules + ${counts.fitRules ?? Math.round(counts.rules / 10)} fit rules, ${counts.segments} segments, ${counts.campaigns} campaigns, ` +
      `${counts.pipelines} pipelines, ${counts.thresholds} thresholds; ${dsl.length} files per syntax`,
    `runs: ${opts.warmup} warm-up + median of ${opts.runs}`,
  );
  const root = prepareCode(opts.code);
  res.notes.push(
    opts.code === "transpiled"
      ? "code: dsl/ and the baseline transpiled to plain JS (bench/out/js), as tsc emits it"
      : "code: the .ts sources under tsx (esbuild keepNames wraps every closure in __name(): slower than built code)",
  );
  const api = await loadCompilerApi(root);
  frontEnds(res, api, dsl, yaml, opts);
  if (api.compileWorkspace.ok) compile(res, api.compileWorkspace.fn, dsl, yaml, opts);
  else res.skipped.push(`validate+compile: ${api.compileWorkspace.why}`);
  if (!opts.memory) res.skipped.push("peak memory: not asked for (--no-memory)");
  else if (api.compileWorkspace.ok) memory(res, opts, root);
  else res.skipped.push("peak memory: needs compileWorkspace");
  const rss = process.resourceUsage().maxRSS / 1024;
  res.metrics.push({ name: "peak RSS of the benchmark process", value: rss, unit: "MB" });
  return res;
}
