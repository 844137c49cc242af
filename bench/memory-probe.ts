/**
 * Child process of the compiler benchmark: compiles the generated workspace once in one
 * syntax and prints its memory use as JSON. A fresh process per syntax is the only way to
 * attribute peak RSS (which never goes down) to one compile.
 *
 *   node --import tsx bench/memory-probe.ts --syntax dsl|yaml --seed N --scale S [--root URL]
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadCompilerApi } from "./compiler-api.js";
import { generateWorkspace, LARGE, scaledCounts } from "./gen-workspace.js";

export interface MemoryReport {
  syntax: string;
  /** Peak resident set size of the whole process (MB). */
  peakRssMb: number;
  /** Peak RSS before compiling: Node, tsx, the compiler's modules and the generated text (MB). */
  baselineRssMb: number;
  /** Heap in use right after the compile, the result still alive (MB). */
  heapAfterMb: number;
  errors: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      syntax: { type: "string", default: "dsl" },
      seed: { type: "string", default: "1" },
      scale: { type: "string", default: "1" },
      root: { type: "string", default: new URL("../", import.meta.url).href },
    },
  });
  const syntax = values.syntax === "yaml" ? "yaml" : "dsl";
  const scale = Number(values.scale);
  const api = await loadCompilerApi(new URL(values.root));
  if (!api.compileWorkspace.ok) {
    process.stdout.write(JSON.stringify({ skipped: api.compileWorkspace.why }));
    return 0;
  }
  const files = generateWorkspace(syntax, Number(values.seed), scale === 1 ? LARGE : scaledCounts(scale));
  const mb = (kb: number) => kb / 1024;
  const baselineRssMb = mb(process.resourceUsage().maxRSS);
  const result = api.compileWorkspace.fn(files);
  const report: MemoryReport = {
    syntax,
    peakRssMb: mb(process.resourceUsage().maxRSS),
    baselineRssMb,
    heapAfterMb: process.memoryUsage().heapUsed / 2 ** 20,
    errors: result.diagnostics.filter((d) => d.severity === "error").length,
  };
  process.stdout.write(JSON.stringify(report));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main();
