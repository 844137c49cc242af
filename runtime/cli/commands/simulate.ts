import { readFileSync } from "node:fs";
import type { SimulationResult } from "../../engine/simulate.js";
import { parseTime } from "../../engine/validate.js";
import { readHistory } from "../../scenario/ndjson.js";
import { replayHistory, replayWithProgress, startReplay } from "../../scenario/replay.js";
import { loadWorkspace } from "../load-workspace.js";
import { Locator, sortDiagnostics } from "../output/located.js";
import { renderText, styleFor, type Style } from "../output/text.js";

export interface SimulateCommandOptions {
  events: string;
  until?: string;
  format: "text" | "json";
}

/** Progress on stderr, only where a person watches it. */
function progress(): ((what: string) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  return (what) => process.stderr.write(`\r${what}\u001b[K`);
}

/** `funnelform simulate PATH --events FILE`: replays the history with the pure engine. */
export function simulateCommand(path: string, opts: SimulateCommandOptions): number {
  const ws = loadWorkspace(path);
  if (!ws.compiled) {
    const locator = new Locator(ws.texts);
    const style = styleFor(process.stderr);
    for (const d of sortDiagnostics(ws.diagnostics.filter((x) => x.severity === "error")))
      process.stderr.write(renderText(locator.locate(d), style) + "\n\n");
    process.stderr.write("simulate: the workspace does not compile: fix the errors above\n");
    return 1;
  }
  let until: number | undefined;
  if (opts.until !== undefined) {
    until = parseTime(opts.until);
    if (until === undefined) {
      process.stderr.write(`simulate: --until must be a date-time like 2026-03-01T00:00:00Z, got "${opts.until}"\n`);
      return 2;
    }
  }
  let text: string;
  try {
    text = readFileSync(opts.events, "utf8");
  } catch {
    process.stderr.write(`simulate: cannot read the events file ${opts.events}\n`);
    return 1;
  }
  const show = progress();
  const { model } = startReplay(ws.compiled.ir);
  const history = readHistory(model, text, show && ((n) => show(`reading ${opts.events}: ${n.toLocaleString("en")} lines`)));
  if (history.problemCount > 0) {
    if (show) process.stderr.write("\r\u001b[K");
    for (const p of history.problems) process.stderr.write(`${opts.events}:${p.line}: ${p.message}\n`);
    const more = history.problemCount - history.problems.length;
    if (more > 0) process.stderr.write(`… and ${more.toLocaleString("en")} more\n`);
    process.stderr.write(`simulate: ${history.problemCount} event${history.problemCount === 1 ? "" : "s"} would be refused: nothing was simulated\n`);
    return 1;
  }
  const { result } =
    show === undefined
      ? replayHistory(ws.compiled.ir, history.events, until)
      : replayWithProgress(ws.compiled.ir, history.events, until, (done, total) =>
          show(`replaying: ${done.toLocaleString("en")} of ${total.toLocaleString("en")} events (${Math.floor((done / total) * 100)}%)`),
        );
  if (show) process.stderr.write("\r\u001b[K");
  if (opts.format === "json") process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  else process.stdout.write(renderSimulationText(result, styleFor(process.stdout)));
  return 0;
}

const list = (xs: readonly string[]): string => (xs.length === 0 ? "-" : xs.join(", "));

/** One block per contact, then the outbox count: readable, never needed by a machine. */
export function renderSimulationText(r: SimulationResult, s: Style): string {
  const out: string[] = [];
  for (const c of r.contacts) {
    out.push(s.bold(`contact ${c.id}`) + (c.deleted === undefined ? "" : s.red(` (deleted ${c.deleted})`)));
    out.push(`  scores      ${list(Object.entries(c.scores).map(([k, v]) => `${k} ${v}`))}`);
    out.push(`  stages      ${list(Object.entries(c.stages).map(([k, v]) => `${k}: ${v}`))}`);
    out.push(`  segments    ${list(c.segments)}`);
    out.push(`  tags        ${list(c.tags)}`);
    out.push(`  thresholds  ${list(c.thresholds.map((t) => `${t.name} at ${t.at}`))}`);
    if (c.feedback.length > 0)
      out.push(`  feedback    ${list(c.feedback.map((f) => `${f.loop}: ${f.outcome ?? "open"}, ${f.asks} ask${f.asks === 1 ? "" : "s"}`))}`);
    out.push("");
  }
  for (const a of r.accounts ?? []) {
    out.push(s.bold(`account ${a.id}`));
    out.push(`  scores      ${list(Object.entries(a.scores).map(([k, v]) => `${k} ${v}`))}`);
    if (a.stages !== undefined) out.push(`  stages      ${list(Object.entries(a.stages).map(([k, v]) => `${k}: ${v}`))}`);
    out.push("");
  }
  for (const e of r.errors) out.push(s.yellow(`refused event ${e.event}: ${e.error}`));
  if (r.errors.length > 0) out.push("");
  const n = r.contacts.length;
  out.push(`${n} contact${n === 1 ? "" : "s"}, ${r.outbox.length} message${r.outbox.length === 1 ? "" : "s"} in the outbox (config ${r.hash.slice(0, 12)})`);
  return out.join("\n") + "\n";
}
