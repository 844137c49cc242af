/** One `expect:` entry → checks, each remembering the YAML node it was written as. */
import { isMap, isScalar, isSeq } from "yaml";
import type { Check, Comparison, Expectation, OutboxFilter } from "./test-types.js";
import { parseTestTime } from "./test-time.js";
import type { YamlReader, YNode } from "./yaml-read.js";

const EXPECT_KEYS = ["at", "contact", "scores", "stages", "segments", "tags", "thresholds", "deleted", "feedback", "outbox"] as const;
type ExpectKey = (typeof EXPECT_KEYS)[number];
const PER_CONTACT: readonly ExpectKey[] = ["scores", "stages", "segments", "tags", "thresholds", "deleted", "feedback"];
const OUTBOX_KEYS = ["count", "contact", "template", "kind", "channel", "to"] as const;
const COMPARISON = /^(>=|<=|==|>|<)?\s*(-?\d+(?:\.\d+)?)$/;

export function parseExpectation(r: YamlReader, node: YNode, start: number): Expectation | undefined {
  const m = r.map(node, "an expectation");
  if (m === undefined) return undefined;
  const f: Partial<Record<ExpectKey, YNode>> = {};
  for (const p of r.pairs(m, EXPECT_KEYS, "an expectation")) f[p.key as ExpectKey] = p.value;
  if (f.at === undefined) return r.fail("yaml-missing-key", "every expectation needs `at`: the time it must hold", m);
  const atText = isScalar(f.at) ? String(f.at.value) : "";
  const at = parseTestTime(isScalar(f.at) ? f.at.value : undefined, start);
  if (at === undefined) return r.fail("invalid-time", "`at` must be a time after the start like `1d` or `14d 2h`, or a date-time like 2026-01-15T09:00:00Z", f.at);
  const e: Expectation = { at, atText, checks: [], span: r.span(m) };
  if (f.contact !== undefined) {
    const c = r.text(f.contact, "`contact`");
    if (c !== undefined) e.contact = c;
  }
  for (const k of PER_CONTACT)
    if (f[k] !== undefined && f.contact === undefined) r.fail("yaml-missing-key", `\`${k}\` is about one contact: say which with \`contact\``, m);
  if (f.scores !== undefined) scores(r, f.scores, e.checks);
  if (f.stages !== undefined) stages(r, f.stages, e.checks);
  if (f.segments !== undefined) membership(r, f.segments, "segments", e.checks);
  if (f.tags !== undefined) membership(r, f.tags, "tags", e.checks);
  if (f.thresholds !== undefined) thresholds(r, f.thresholds, e.checks);
  if (f.deleted !== undefined) {
    const d = r.boolean(f.deleted, "`deleted`");
    if (d !== undefined) e.checks.push({ kind: "deleted", deleted: d, span: r.span(f.deleted) });
  }
  if (f.feedback !== undefined) {
    const fm = r.map(f.feedback, "`feedback` (loop: outcome, or loop: open)");
    for (const p of fm ? r.pairs(fm, null, "`feedback`") : []) {
      const outcome = r.text(p.value, `the outcome of ${p.key}`);
      if (outcome !== undefined) e.checks.push({ kind: "feedback", loop: p.key, outcome, span: r.span(p.value) });
    }
  }
  if (f.outbox !== undefined) {
    const items = isSeq(f.outbox) ? (f.outbox.items as YNode[]) : [f.outbox];
    for (const item of items) outbox(r, item, e.contact, e.checks);
  }
  if (e.checks.length === 0 && r.diagnostics.length === 0)
    r.fail("yaml-missing-key", "this expectation checks nothing: add scores, stages, segments, tags, thresholds, deleted, feedback or outbox", m);
  return e;
}

function scores(r: YamlReader, node: YNode, out: Check[]): void {
  const m = r.map(node, "`scores` (score: number)");
  for (const p of m ? r.pairs(m, null, "`scores`") : []) {
    const v = p.value;
    const raw = isScalar(v) ? v.value : undefined;
    const match = typeof raw === "number" ? ["", "==", String(raw)] : typeof raw === "string" ? COMPARISON.exec(raw.trim()) : null;
    if (match === null) {
      r.fail("yaml-wrong-type", `the expected value of ${p.key} must be a number, or a comparison like ">= 60"`, v ?? p.keyNode);
      continue;
    }
    out.push({ kind: "score", name: p.key, op: (match[1] ?? "==") as Comparison, value: Number(match[2]), span: r.span(v) });
  }
}

function stages(r: YamlReader, node: YNode, out: Check[]): void {
  const m = r.map(node, "`stages` (pipeline: stage)");
  for (const p of m ? r.pairs(m, null, "`stages`") : []) {
    if (isScalar(p.value) && p.value.value === null) {
      out.push({ kind: "stage", pipeline: p.key, stage: null, span: r.span(p.value, r.span(p.keyNode)) });
      continue;
    }
    const s = r.text(p.value, `the stage of ${p.key}`, r.span(p.keyNode));
    if (s !== undefined) out.push({ kind: "stage", pipeline: p.key, stage: s, span: r.span(p.value) });
  }
}

function membership(r: YamlReader, node: YNode, of: "segments" | "tags", out: Check[]): void {
  if (isSeq(node)) {
    const names = r.texts(node, `\`${of}\``);
    if (names) out.push({ kind: "exact", of, names: names.map((n) => n.value).sort(), span: r.span(node) });
    return;
  }
  const m = r.map(node, `\`${of}\` (a list, or includes/excludes)`);
  for (const p of m ? r.pairs(m, ["includes", "excludes"], `\`${of}\``) : [])
    for (const n of r.texts(p.value, `\`${p.key}\``) ?? []) out.push({ kind: "member", of, name: n.value, present: p.key === "includes", span: r.span(n.node) });
}

function thresholds(r: YamlReader, node: YNode, out: Check[]): void {
  let list: YNode = node;
  if (isMap(node)) {
    const ps = r.pairs(node, ["fired"], "`thresholds`");
    list = ps[0]?.value;
    if (ps.length === 0) return;
  }
  const names = r.texts(list, "`thresholds.fired`");
  if (names) out.push({ kind: "fired", names: names.map((n) => n.value).sort(), span: r.span(list) });
}

function outbox(r: YamlReader, node: YNode, contact: string | undefined, out: Check[]): void {
  const m = r.map(node, "`outbox` (count, and optionally contact, template, kind, channel, to)");
  if (m === undefined) return;
  const filter: OutboxFilter = {};
  if (contact !== undefined) filter.contact = contact;
  let count: number | null = null;
  for (const p of r.pairs(m, OUTBOX_KEYS, "`outbox`")) {
    if (p.key === "count") {
      const n = r.number(p.value, "`count`");
      if (n !== undefined) count = n;
    } else {
      const v = r.text(p.value, `\`${p.key}\``);
      if (v !== undefined) filter[p.key as keyof OutboxFilter] = v;
    }
  }
  out.push({ kind: "outbox", filter, count, span: r.span(m) });
}
