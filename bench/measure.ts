/**
 * Timing helpers: medians over repeated runs after warm-up, throughput, and the shape of
 * a benchmark's result (metrics plus PASS/MISS target lines, or a reason it was skipped).
 */
import { performance } from "node:perf_hooks";

/** Milliseconds of one call. */
export function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const WARMUP_MS = 2000;
const MAX_WARMUP_RUNS = 200;

export interface RunPlan {
  warmup: number;
  runs: number;
}

/**
 * Runs each of `cases` `warmup` times, then `runs` rounds in which every case runs once,
 * interleaved, so drift of the machine (other processes, GC, CPU clock) hits all alike —
 * that is what makes the ratios fair. Returns each case's median milliseconds.
 */
export function interleaved<K extends string>(cases: Record<K, () => void>, plan: RunPlan): Record<K, number> {
  const keys = Object.keys(cases) as K[];
  // V8 needs a while to optimise a parser (throughput rises 3–4× over the first runs), so
  // warm-up also lasts at least WARMUP_MS, whatever the count says — small inputs included.
  const t0 = performance.now();
  for (let i = 0; i < MAX_WARMUP_RUNS && (i < plan.warmup || (plan.warmup > 0 && performance.now() - t0 < WARMUP_MS)); i++)
    for (const k of keys) cases[k]();
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let i = 0; i < plan.runs; i++) for (const k of keys) samples[k].push(timeMs(cases[k]));
  return Object.fromEntries(keys.map((k) => [k, median(samples[k])])) as Record<K, number>;
}

/** MB/s for `bytes` processed in `ms`. */
export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

export interface Metric {
  name: string;
  value: number;
  unit: string;
}

export interface Target {
  name: string;
  pass: boolean;
  /** e.g. "0.52 (target ≥ 0.4)" */
  detail: string;
}

export interface BenchResult {
  bench: string;
  metrics: Metric[];
  targets: Target[];
  /** Parts that could not run, each with its reason. */
  skipped: string[];
  /** Facts worth a line that are not numbers (e.g. hashes, sizes, errors). */
  notes: string[];
}

export function emptyResult(bench: string): BenchResult {
  return { bench, metrics: [], targets: [], skipped: [], notes: [] };
}

/** A `≥` target line. */
export function atLeast(name: string, value: number, target: number, unit = ""): Target {
  return { name, pass: value >= target, detail: `${fmt(value)}${unit} (target ≥ ${fmt(target)}${unit})` };
}

/** A `≤` target line. */
export function atMost(name: string, value: number, target: number, unit = ""): Target {
  return { name, pass: value <= target, detail: `${fmt(value)}${unit} (target ≤ ${fmt(target)}${unit})` };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : n.toFixed(2);
}
