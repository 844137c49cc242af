/**
 * The benchmark report as text: metrics, then targets as PASS/MISS lines, then what was
 * skipped and why, then notes.
 */
import { fmt, type BenchResult } from "./measure.js";

/** The report as text lines: metrics, then PASS/MISS targets, then skips and notes. */
export function formatReport(results: readonly BenchResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`== ${r.bench}`);
    const width = Math.max(0, ...r.metrics.map((m) => m.name.length));
    for (const m of r.metrics) out.push(`  ${m.name.padEnd(width)}  ${fmt(m.value)} ${m.unit}`);
    for (const t of r.targets) out.push(`  ${t.pass ? "PASS" : "MISS"}  ${t.name}: ${t.detail}`);
    for (const s of r.skipped) out.push(`  SKIP  ${s}`);
    for (const n of r.notes) out.push(`  note  ${n}`);
  }
  const targets = results.flatMap((r) => r.targets);
  const missed = targets.filter((t) => !t.pass).length;
  out.push(`== ${targets.length - missed} of ${targets.length} targets met${missed > 0 ? `, ${missed} missed` : ""}`);
  return out.join("\n");
}
