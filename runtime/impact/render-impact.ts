/** The impact of a change for people: terminal text and the pull-request comment's tables. */
import type { Impact, IdSample, VersionImpact } from "./impact.js";
import { VERDICTS } from "./quality.js";

export interface ImpactStyle {
  bold(s: string): string;
  dim(s: string): string;
  up(s: string): string;
  down(s: string): string;
}

const n = (x: number): string => x.toLocaleString("en");
const delta = (a: number, b: number): string => (b === a ? "±0" : b > a ? `+${n(b - a)}` : `−${n(a - b)}`);
const pct = (p: number | null): string => (p === null ? "-" : `${(p * 100).toFixed(1)}%`);
const ids = (s: IdSample): string => (s.count === 0 ? "none" : `${n(s.count)}: ${s.first.join(", ")}${s.count > s.first.length ? ", …" : ""}`);

interface Row {
  label: string;
  before: number;
  after: number;
}

function headline(i: Impact): Row[] {
  const rows: Row[] = [{ label: "MQLs (threshold fires)", before: i.before.fires, after: i.after.fires }];
  const names = [...new Set([...Object.keys(i.before.firesByThreshold), ...Object.keys(i.after.firesByThreshold)])].sort();
  if (names.length > 1)
    for (const t of names) rows.push({ label: `  ${t}`, before: i.before.firesByThreshold[t] ?? 0, after: i.after.firesByThreshold[t] ?? 0 });
  rows.push(
    { label: "contacts qualifying", before: i.before.qualified, after: i.after.qualified },
    { label: "suppressed", before: i.before.suppressed, after: i.after.suppressed },
    { label: "deleted", before: i.before.deleted, after: i.after.deleted },
    { label: "messages in the outbox", before: i.before.outbox, after: i.after.outbox },
  );
  return rows;
}

/** Rows of a name → count table that differ between the versions, and how many do not. */
function changedRows(a: Record<string, number>, b: Record<string, number>): { rows: Row[]; same: number } {
  const rows: Row[] = [];
  let same = 0;
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x === y) same++;
    else rows.push({ label: k, before: x, after: y });
  }
  return { rows, same };
}

function stageTables(i: Impact): { pipeline: string; rows: Row[]; same: number }[] {
  const names = [...new Set([...Object.keys(i.before.stages), ...Object.keys(i.after.stages)])].sort();
  return names.map((p) => ({ pipeline: p, ...changedRows(i.before.stages[p] ?? {}, i.after.stages[p] ?? {}) }));
}

function qualityRows(v: VersionImpact, w: VersionImpact): Row[] {
  const verdicts = [...new Set([...VERDICTS, ...Object.keys(v.quality.outcomes), ...Object.keys(w.quality.outcomes)])];
  return verdicts.map((k) => ({ label: k, before: v.quality.outcomes[k] ?? 0, after: w.quality.outcomes[k] ?? 0 }));
}

function refusedLines(i: Impact): string[] {
  const out: string[] = [];
  for (const [side, v] of [["the base", i.before], ["the change", i.after]] as const)
    if (v.refused.count > 0)
      out.push(`${n(v.refused.count)} events are refused under ${side}, e.g. ${v.refused.first[0]?.event ?? "?"}: ${v.refused.first[0]?.error ?? ""}`);
  return out;
}

/** "the runtime's " when the history and the work in flight came from its database. */
const source = (i: Impact): string => (i.inFlightFrom === "runtime" ? "the runtime's " : "");

export function renderImpactText(i: Impact, s: ImpactStyle): string {
  const out: string[] = [s.bold(`Impact on ${source(i)}${n(i.events)} events from ${n(i.contacts)} contacts${i.until === null ? "" : `, replayed to ${i.until}`}:`), ""];
  const line = (r: Row, pad = 2): string => {
    const d = delta(r.before, r.after);
    const coloured = r.after > r.before ? s.up(d) : r.after < r.before ? s.down(d) : s.dim(d);
    return `${" ".repeat(pad)}${r.label.padEnd(30)} ${n(r.before).padStart(8)} → ${n(r.after).padEnd(8)} ${coloured}`;
  };
  for (const r of headline(i)) out.push(line(r));
  out.push(`  ${"newly qualifying".padEnd(30)} ${ids(i.newlyQualifying)}`, `  ${"no longer qualifying".padEnd(30)} ${ids(i.noLongerQualifying)}`, "");
  out.push("  MQL quality (the leads sales judged that each version sends to sales):");
  for (const r of qualityRows(i.before, i.after)) out.push(line(r, 4));
  out.push(line({ label: "judged", before: i.before.quality.judged, after: i.after.quality.judged }, 4));
  out.push(`    ${"precision".padEnd(30)} ${pct(i.before.quality.precision).padStart(8)} → ${pct(i.after.quality.precision)}`, "");
  for (const t of stageTables(i)) {
    if (t.rows.length === 0) continue;
    out.push(`  pipeline ${t.pipeline} (contacts per stage at the end):`);
    for (const r of t.rows) out.push(line(r, 4));
    if (t.same > 0) out.push(s.dim(`    (${t.same} stages unchanged)`));
  }
  const seg = changedRows(i.before.segments, i.after.segments);
  out.push(seg.rows.length === 0 ? "  segment sizes: unchanged" : "  segment sizes:");
  for (const r of seg.rows) out.push(line(r, 4));
  if (seg.rows.length > 0 && seg.same > 0) out.push(s.dim(`    (${seg.same} segments unchanged)`));
  for (const c of i.campaigns)
    out.push(`  campaign ${c.campaign}${c.policy === null ? " (removed)" : ` (on change ${c.policy})`}: ${c.effect} — ${c.first.join(", ")}${c.inFlight > c.first.length ? ", …" : ""}`);
  for (const f of i.strandedFeedback)
    out.push(`  feedback loop ${f.loop} is removed: ${n(f.open)} contacts waiting for a verdict are stranded — ${f.first.join(", ")}${f.open > f.first.length ? ", …" : ""}`);
  for (const l of refusedLines(i)) out.push(`  ${l}`);
  return out.join("\n");
}

const table = (head: string, rows: Row[]): string[] => [
  `| ${head} | before | after | change |`,
  "|---|---:|---:|---:|",
  ...rows.map((r) => `| ${r.label.trim() === r.label ? r.label : `&nbsp;&nbsp;${r.label.trim()}`} | ${n(r.before)} | ${n(r.after)} | ${delta(r.before, r.after)} |`),
];

/** Markdown rows can hold anything but a pipe or a newline. */
const cell = (t: string): string => t.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The impact section of the PR comment: the tables people read first, details collapsed. */
export function renderImpactMarkdown(i: Impact): { summary: string; details: string } {
  const sum: string[] = [`#### Impact on ${source(i)}${n(i.events)} events from ${n(i.contacts)} contacts`, "", ...table("", headline(i))];
  sum.push(`| newly qualifying | | ${n(i.newlyQualifying.count)} | |`, `| no longer qualifying | | ${n(i.noLongerQualifying.count)} | |`, "");
  sum.push("**MQL quality** — of the leads sales judged, how many each version sends to sales:", "", ...table("verdict", qualityRows(i.before, i.after)));
  sum.push(`| **judged** | ${n(i.before.quality.judged)} | ${n(i.after.quality.judged)} | ${delta(i.before.quality.judged, i.after.quality.judged)} |`);
  sum.push(`| **precision** | ${pct(i.before.quality.precision)} | ${pct(i.after.quality.precision)} | |`);
  const warn: string[] = [];
  for (const c of i.campaigns) warn.push(`- campaign \`${c.campaign}\`${c.policy === null ? " (removed)" : ` (on change ${c.policy})`}: ${cell(c.effect)}`);
  for (const f of i.strandedFeedback) warn.push(`- feedback loop \`${f.loop}\` is removed: ${n(f.open)} contacts waiting for a verdict are stranded`);
  if (warn.length > 0) sum.push("", "**In flight**", "", ...warn);
  const refused = refusedLines(i);
  if (refused.length > 0) sum.push("", "**Events refused**", "", ...refused.map((l) => `- ${cell(l)}`));

  const det: string[] = ["<details><summary>Stages and segments</summary>", ""];
  for (const t of stageTables(i)) {
    if (t.rows.length === 0) continue;
    det.push(`Pipeline \`${t.pipeline}\`${t.same > 0 ? ` (${t.same} stages unchanged)` : ""}`, "", ...table("stage", t.rows), "");
  }
  const seg = changedRows(i.before.segments, i.after.segments);
  det.push(seg.rows.length === 0 ? "Segment sizes: unchanged." : `Segments${seg.same > 0 ? ` (${seg.same} unchanged)` : ""}`, "");
  if (seg.rows.length > 0) det.push(...table("segment", seg.rows), "");
  det.push("</details>", "", "<details><summary>Contacts</summary>", "");
  det.push(`- newly qualifying: ${cell(ids(i.newlyQualifying))}`, `- no longer qualifying: ${cell(ids(i.noLongerQualifying))}`);
  for (const c of i.campaigns) det.push(`- in campaign \`${c.campaign}\`: ${cell(c.first.join(", "))}${c.inFlight > c.first.length ? ", …" : ""}`);
  for (const f of i.strandedFeedback) det.push(`- waiting in \`${f.loop}\`: ${cell(f.first.join(", "))}${f.open > f.first.length ? ", …" : ""}`);
  det.push("", "</details>");
  return { summary: sum.join("\n"), details: det.join("\n") };
}
