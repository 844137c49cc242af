import { describe, expect, it } from "vitest";
import type { DiagnosticCode } from "../../../dsl/diagnostics.js";
import { compile, spanText, withCode } from "../compile/helpers.js";

const V = 'version "1"\n';
const PIPELINE = `pipeline lifecycle {
  stage unknown initial
  stage engaged
  stage mql
  stage sales_accepted
}
`;
const SCORE = "score engagement { limit ..70 decay 10 every 7d }\n";

interface Case {
  code: DiagnosticCode;
  what: string;
  text: string;
  /** The text the diagnostic's span covers. */
  at: string;
  severity?: "error" | "warning";
  hint?: RegExp;
}

const cases: Case[] = [
  // lowering
  { code: "duplicate-version", what: "a second version", text: `${V}version "2"\n`, at: 'version "2"' },
  { code: "reserved-name", what: "declaring a reserved event type", text: `${V}event contact.tagged { tag: string }\n`, at: "contact.tagged" },
  { code: "invalid-timezone", what: "an unknown time zone", text: `${V}timezone "Mars/Olympus"\n`, at: '"Mars/Olympus"' },
  { code: "no-initial-stage", what: "a pipeline without an initial stage", text: `${V}pipeline p { stage a\n stage b }\n`, at: "p", hint: /stage a initial/ },
  { code: "several-initial-stages", what: "two initial stages", text: `${V}pipeline p { stage a initial\n stage b initial }\n`, at: "initial" },
  { code: "unknown-name", what: "a misspelt score in a segment", text: `${V}${SCORE}segment s { engagment >= 5 }\n`, at: "engagment", hint: /did you mean `engagement`/ },
  { code: "unknown-prop", what: "a misspelt prop in a rule condition", text: `${V}${SCORE}rule "r" on page.visited if urll contains "x" engagement +1\n`, at: "urll", hint: /url/ },
  { code: "missing-dimension-key", what: "a per-product score without a key", text: `${V}score interest { per product }\nsegment s { interest >= 5 }\n`, at: "interest", hint: /interest\[any\]/ },
  { code: "type-mismatch", what: "contains with a number", text: `${V}segment s { email contains 5 }\n`, at: "5" },
  { code: "invalid-limit", what: "a limit upside down", text: `${V}score e { limit 10..0 }\n`, at: "10..0" },
  { code: "unknown-setting", what: "a setting a log channel does not have", text: `${V}channel c { type log  url env("X") }\n`, at: "url" },
  { code: "missing-setting", what: "a webhook channel without url", text: `${V}channel hook { type webhook }\n`, at: "hook" },
  { code: "invalid-env-name", what: "a lower-case env name", text: `${V}channel hook { type webhook url env("crm_url") }\n`, at: '"crm_url"' },
  // names
  { code: "unknown-event", what: "a misspelt event in a rule", text: `${V}${SCORE}rule "r" on page.visted engagement +1\n`, at: "page.visted", hint: /page\.visited/ },
  { code: "unknown-score", what: "a misspelt score in a rule", text: `${V}${SCORE}rule "r" on page.visited engagment +1\n`, at: "engagment", hint: /engagement/ },
  { code: "unknown-segment", what: "suppression in an unknown segment", text: `${V}${SCORE}suppress engagement while in nowhere\n`, at: "nowhere" },
  { code: "unknown-field", what: "setting an unknown field", text: `${V}${SCORE}threshold t when engagement >= 5 { set nofield = 1 }\n`, at: "nofield" },
  { code: "unknown-channel", what: "a webhook to an unknown channel", text: `${V}${SCORE}threshold t when engagement >= 5 { webhook crm }\n`, at: "crm" },
  { code: "unknown-pipeline", what: "a stage action on an unknown pipeline", text: `${V}${SCORE}threshold t when engagement >= 5 { stage nope.mql }\n`, at: "nope" },
  { code: "unknown-stage", what: "a misspelt stage", text: `${V}${SCORE}${PIPELINE}threshold t when engagement >= 5 { stage lifecycle.mq }\n`, at: "mq", hint: /mql/ },
  { code: "unknown-feedback", what: "an unknown feedback loop", text: `${V}${SCORE}threshold t when engagement >= 5 { feedback nope }\n`, at: "nope" },
  { code: "unknown-campaign", what: "starting an unknown campaign", text: `${V}${SCORE}threshold t when engagement >= 5 { start nope }\n`, at: "nope" },
  { code: "action-not-allowed", what: "send email in a threshold", text: `${V}${SCORE}threshold t when engagement >= 5 { send email "x" }\n`, at: 'send email "x"' },
  { code: "ambiguous-name", what: "a field named like a score", text: `${V}${SCORE}field engagement: number\n`, at: "engagement", severity: "warning" },
  // types
  { code: "type-mismatch", what: "a number field compared with text", text: `${V}field n: number\nsegment s { n == "x" }\n`, at: '"x"' },
  { code: "invalid-operator", what: ">= on text", text: `${V}segment s { email >= "a" }\n`, at: ">=" },
  { code: "type-mismatch", what: "setting a boolean field to text", text: `${V}${SCORE}field ok: boolean\nthreshold t when engagement >= 5 { set ok = "yes" }\n`, at: '"yes"' },
  { code: "type-mismatch", what: "summing a text prop", text: `${V}segment s { sum(product of purchase.completed) >= 5 }\n`, at: "product" },
  { code: "type-mismatch", what: "a field default of the wrong type", text: `${V}field n: number = "x"\n`, at: '"x"' },
  { code: "fit-score-decay", what: "a fit score with decay", text: `${V}score f { kind fit  decay 10 every 7d }\n`, at: "10 every 7d" },
  { code: "type-mismatch", what: "an event rule on a fit score", text: `${V}score fit { kind fit }\nrule "r" on page.visited fit +5\n`, at: "fit" },
  { code: "unknown-tag-dimension", what: "a per-tag score read for a tag it does not keep", text: `${V}score interest { per tag in [vip, partner] }\nsegment s { interest[vpi] >= 5 }\n`, at: "interest[vpi]", hint: /vip/ },
  // pipelines
  { code: "allow-not-backward", what: "allowing a forward move", text: `${V}pipeline p { allow a -> b\n stage a initial\n stage b }\n`, at: "a -> b", severity: "warning" },
  { code: "stage-trigger-never-fires", what: "a trigger on an undeclared event", text: `${V}pipeline p { stage a initial\n stage b when event page.visted }\n`, at: "page.visted" },
  { code: "stage-trigger-never-fires", what: "a trigger above the score's limit", text: `${V}${SCORE}pipeline p { stage a initial\n stage b when engagement >= 100 }\n`, at: "engagement >= 100", severity: "warning" },
  { code: "stage-trigger-never-fires", what: "a trigger on the initial stage", text: `${V}pipeline p { stage a initial when event page.visited\n stage b }\n`, at: "event page.visited", severity: "warning" },
  { code: "stage-trigger-never-fires", what: "a trigger on a manual stage", text: `${V}pipeline p { stage a initial\n stage b manual when event page.visited }\n`, at: "event page.visited", severity: "warning" },
  // thresholds
  { code: "threshold-never-fires", what: "a threshold above the limit", text: `${V}${SCORE}threshold t when engagement >= 100 { tag hot }\n`, at: "engagement >= 100", severity: "warning" },
  { code: "threshold-on-fit-only", what: "a threshold on fit only", text: `${V}score fit { kind fit }\nthreshold t when fit >= 10 { tag hot }\n`, at: "fit >= 10", severity: "warning" },
  // feedback
  { code: "feedback-action-not-allowed", what: "a feedback loop started from an outcome", text: `${V}feedback f {\n ask owner via email after 3d, then every 3d, at most 2 times\n good_lead -> feedback f\n}\n`, at: "feedback f" },
  { code: "unknown-name", what: "an outcome that does not exist", text: `${V}feedback f {\n ask owner via email after 3d, then every 3d, at most 2 times\n good_led -> tag x\n}\n`, at: "good_led", hint: /good_lead/ },
  // campaigns
  { code: "campaign-never-entered", what: "a campaign nobody enters", text: `${V}campaign c { send email "x" }\n`, at: "c", severity: "warning" },
  { code: "campaign-step-unreachable", what: "a step after delete contact", text: `${V}campaign c { enter on form.submitted\n delete contact\n send email "x" }\n`, at: 'send email "x"', severity: "warning" },
  { code: "unknown-prop", what: "once per a prop the entry event lacks", text: `${V}campaign c { enter on form.submitted\n reenter once per order\n send email "x" }\n`, at: "order" },
  { code: "invalid-time", what: "a send window that closes before it opens", text: `${V}campaign c { enter on form.submitted\n send window mon-fri 18:00-09:00\n send email "x" }\n`, at: "mon-fri 18:00-09:00" },
  { code: "campaign-no-way-out", what: "a wait on a score beyond its limit", text: `${V}${SCORE}campaign c { enter on form.submitted\n wait until engagement >= 100 at most 7d\n send email "x" }\n`, at: "engagement >= 100", severity: "warning" },
  // scoring lints
  { code: "low-value-rule-too-heavy", what: "a heavy page view", text: `${V}${SCORE}rule "r" on page.visited engagement +10\nthreshold t when engagement >= 60 { tag hot }\n`, at: "+10", severity: "warning", hint: /6/ },
  { code: "high-value-rule-too-heavy", what: "a rule worth more than the threshold", text: `${V}${SCORE}rule "r" on form.submitted engagement +65\nthreshold t when engagement >= 60 { tag hot }\n`, at: "+65", severity: "warning" },
  { code: "threshold-without-decay", what: "a threshold on a score that never decays", text: `${V}score e { limit ..70 }\nthreshold t when e >= 60 { tag hot }\n`, at: "e", severity: "warning" },
  { code: "decay-without-upper-limit", what: "decay without an upper limit", text: `${V}score e { decay 10 every 7d }\n`, at: "10 every 7d", severity: "warning" },
  // schema
  { code: "schema-violation", what: "a decay of zero points", text: `${V}score e { limit ..70 decay 0 every 7d }\n`, at: "0" },
];

describe("every check code, at the exact text", () => {
  it.each(cases)("$code: $what", ({ code, text, at, severity, hint }) => {
    const r = compile(text);
    const found = withCode(r.diagnostics, code);
    expect(found.length, JSON.stringify(r.diagnostics, null, 1)).toBeGreaterThan(0);
    const d = found[0];
    expect(d).toMatchObject({ severity: severity ?? "error", span: { file: "main.funnel" } });
    expect(spanText(text, d)).toBe(at);
    if (hint !== undefined) expect(d?.hint).toMatch(hint);
  });
});
