/**
 * `funnelform validate examples/X` as a user runs it — a fresh Node process each time,
 * start-up included. Target: ≤ 150 ms per invocation. Needs the built CLI (`npm run build`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { atMost, emptyResult, median, type BenchResult, type RunPlan } from "./measure.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
export const EXAMPLES = ["b2b", "webshop", "multi-product", "event-stages"] as const;

/** Median wall time of `node bin/funnelform.js validate examples/X` per example. */
export function runCliBench(plan: RunPlan): BenchResult {
  const res = emptyResult("cli");
  if (!existsSync(join(REPO, "dist/runtime/cli/main.js"))) {
    res.skipped.push("validate examples: dist/ has no built CLI (dist/runtime/cli/main.js); run `npm run build` first");
    return res;
  }
  // Node alone, to tell start-up from our own work.
  const bare = timed(["-e", ""], plan);
  res.metrics.push({ name: "node -e '' (start-up alone)", value: bare.ms, unit: "ms" });
  for (const example of EXAMPLES) {
    if (!existsSync(join(REPO, "examples", example))) {
      res.skipped.push(`validate examples/${example}: the folder does not exist`);
      continue;
    }
    const r = timed(["bin/funnelform.js", "validate", `examples/${example}`], plan);
    // Exit 1 is a validation that found errors — still the full work; anything else did not validate.
    if (r.status !== 0 && r.status !== 1) {
      res.skipped.push(`validate examples/${example}: the CLI exited ${r.status ?? "by a signal"}: ${r.firstLine}`);
      continue;
    }
    if (r.status === 1) res.notes.push(`validate examples/${example} reported errors: ${r.firstLine}`);
    res.metrics.push({ name: `validate examples/${example}`, value: r.ms, unit: "ms" });
    res.targets.push(atMost(`validate examples/${example} per invocation`, r.ms, 150, " ms"));
  }
  res.notes.push(`runs: ${plan.warmup} warm-up + median of ${plan.runs} (fresh process each)`);
  // validate runs from its own bundle with V8's code cache (bin/funnelform.js); without the
  // cache (another Node, a read-only dist/) the first run writes one, in ~/.cache/funnelform.
  const fast = join(REPO, "dist/cli-validate");
  const files = existsSync(fast) ? readdirSync(fast) : [];
  res.notes.push(
    files.some((f) => f.endsWith(".v8cache"))
      ? "validate ran from dist/cli-validate/ with a V8 code cache"
      : files.length > 0
        ? "dist/cli-validate/ has no code cache yet: the first run writes one (here or in ~/.cache/funnelform)"
        : "no dist/cli-validate/: validate ran from the ordinary ES-module CLI",
  );
  return res;
}

function timed(args: string[], plan: RunPlan): { ms: number; status: number | null; firstLine: string } {
  const samples: number[] = [];
  let status: number | null = 0;
  let firstLine = "";
  for (let i = 0; i < plan.warmup + plan.runs; i++) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, args, { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const ms = performance.now() - t0;
    if (i >= plan.warmup) samples.push(ms);
    status = child.status;
    firstLine = `${child.stdout}${child.stderr}`.split("\n").find((l) => l.trim() !== "") ?? "";
  }
  return { ms: median(samples), status, firstLine };
}
