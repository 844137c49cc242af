/**
 * Runs one scenario test through the engine: events are replayed in time order and the
 * replay stops at each expectation's time to compare the state then with what was expected.
 */
import type { Diagnostic } from "../../dsl/diagnostics.js";
import { error } from "../../dsl/diagnostics.js";
import { hintFor } from "../../dsl/did-you-mean.js";
import type { Span } from "../../dsl/span.js";
import type { CompiledIr } from "../../schemas/ir.js";
import { validateEvent } from "../engine/validate.js";
import { evaluateCheck } from "./checks.js";
import { advance, startReplay, view } from "./replay.js";
import { describeTime } from "./test-time.js";
import type { Check, ScenarioTest } from "./test-types.js";

/** A failed check: where it was written, and the expected and actual values. */
export interface Failure {
  span: Span;
  /** The time as the test wrote it. */
  at: string;
  contact?: string;
  what: string;
  expected: unknown;
  actual: unknown;
}

export interface TestOutcome {
  name: string;
  span: Span;
  failures: Failure[];
}

/** Events the config refuses and names it does not have: the test is wrong, not the model. */
export function checkTest(ir: CompiledIr, t: ScenarioTest): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { model } = startReplay(ir);
  for (const e of t.events) {
    const v = validateEvent(model, e.raw);
    if (!v.ok) out.push(error("invalid-event", v.error, e.span));
  }
  const pipelines = Object.keys(ir.pipelines);
  const known = (c: Check): Diagnostic | undefined => {
    const base = (n: string): string => n.replace(/\[.*\]$/, "");
    if (c.kind === "score" && ir.scores[base(c.name)] === undefined)
      return error("unknown-score", `there is no score called \`${c.name}\``, c.span, hintFor(base(c.name), Object.keys(ir.scores)));
    if (c.kind === "stage" && ir.pipelines[base(c.pipeline)] === undefined)
      return error("unknown-pipeline", `there is no pipeline called \`${c.pipeline}\``, c.span, hintFor(base(c.pipeline), pipelines));
    if (c.kind === "stage" && c.stage !== null && !(ir.pipelines[base(c.pipeline)]?.stages.some((s) => s.name === c.stage) ?? true))
      return error("unknown-stage", `pipeline \`${c.pipeline}\` has no stage \`${c.stage}\``, c.span);
    const segs = c.kind === "member" && c.of === "segments" ? [c.name] : c.kind === "exact" && c.of === "segments" ? c.names : [];
    for (const s of segs)
      if (ir.segments[s] === undefined) return error("unknown-segment", `there is no segment called \`${s}\``, c.span, hintFor(s, Object.keys(ir.segments)));
    if (c.kind === "fired")
      for (const n of c.names)
        if (ir.thresholds[base(n)] === undefined) return error("unknown-name", `there is no threshold called \`${n}\``, c.span, hintFor(base(n), Object.keys(ir.thresholds)));
    if (c.kind === "feedback" && ir.feedback[c.loop] === undefined)
      return error("unknown-feedback", `there is no feedback loop called \`${c.loop}\``, c.span, hintFor(c.loop, Object.keys(ir.feedback)));
    return undefined;
  };
  for (const e of t.expectations)
    for (const c of e.checks) {
      const d = known(c);
      if (d) out.push(d);
    }
  return out;
}

/** Replays the test and evaluates every expectation at its time. Call `checkTest` first. */
export function runTest(ir: CompiledIr, t: ScenarioTest): TestOutcome {
  const replay = startReplay(ir);
  const events = [...t.events.map((e) => e.raw)].sort((a, b) => Number(a["at"]) - Number(b["at"]));
  const expectations = [...t.expectations].sort((a, b) => a.at - b.at);
  const failures: Failure[] = [];
  let next = 0;
  let i = 0;
  while (i < expectations.length) {
    const at = expectations[i]?.at ?? 0;
    let end = next;
    while (end < events.length && Number(events[end]?.["at"]) <= at) end++;
    advance(replay, events.slice(next, end), at);
    next = end;
    const result = view(replay);
    for (; i < expectations.length && expectations[i]?.at === at; i++) {
      const e = expectations[i];
      if (e === undefined) continue;
      const contact = e.contact === undefined ? undefined : result.contacts.find((c) => c.id === e.contact);
      for (const c of e.checks) {
        const f = evaluateCheck(c, contact, result);
        if (f === undefined) continue;
        const failure: Failure = { span: c.span, at: describeTime(e.atText), what: f.what, expected: f.expected, actual: f.actual };
        if (e.contact !== undefined) failure.contact = e.contact;
        failures.push(failure);
      }
    }
  }
  // Failures in the order they are written, whatever the order of the times.
  failures.sort((a, b) => a.span.start - b.span.start);
  return { name: t.name, span: t.span, failures };
}
