import { compileWorkspace, type SourceFile } from "../../../dsl/index.js";
import type { Diagnostic } from "../../../dsl/diagnostics.js";
import { LineIndex } from "../../../dsl/span.js";

/** Compiles one DSL (or YAML, by path) text. */
export function compile(text: string, path = "main.funnel") {
  return compileWorkspace([{ path, text }]);
}

export function compileFiles(files: SourceFile[]) {
  return compileWorkspace(files);
}

/** The source text a diagnostic points at. */
export function spanText(text: string, d: Diagnostic | undefined): string | undefined {
  return d === undefined ? undefined : text.slice(d.span.start, d.span.end);
}

/** 1-based line and column of a diagnostic's start, as editors show it. */
export function lineCol(text: string, d: Diagnostic | undefined): { line: number; column: number } | undefined {
  if (d === undefined) return undefined;
  const p = new LineIndex(text).position(d.span.start);
  return { line: p.line, column: p.column };
}

/** The diagnostics with one code. */
export function withCode(ds: readonly Diagnostic[], code: Diagnostic["code"]): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}

/** The SPEC section 2 example, completed with the two names it uses without declaring. */
export const SPEC_DECLS: string[] = [
  `version "2026.11.1"`,
  `field job_title: string`,
  `field marketing_suspended: boolean = false`,
  `field company_domain: string`,
  `score engagement { limit -20..70  decay 10 every 7d }`,
  `score fit        { kind fit  limit 0..100 }`,
  `rule "Clicked an email"  on email.clicked                               engagement +3`,
  `rule "Pricing page"      on page.visited if url contains "/pricing"     engagement +20 at most 1 per 1d`,
  `rule "Careers page"      on page.visited if url contains "/careers"     engagement -10`,
  `rule "Asked for a demo"  on form.submitted if form == "demo"            engagement +60`,
  `rule "Senior title"      when job_title matches "director|vp|chief"     fit +30`,
  `segment do_not_score "Suppressed" {
  email endswith ".edu" or marketing_suspended or company_domain in ["rival.example"]
}`,
  `suppress engagement while in do_not_score`,
  `pipeline lifecycle {
  stage unknown initial
  stage engaged         when event page.visited
  stage mql
  stage sales_accepted
  stage customer        when event purchase.completed   category succeeded
}`,
  `threshold mql when engagement >= 60 and fit >= 20 {
  stage lifecycle.mql
  notify owner "mql-alert"
  feedback mql_quality
}`,
  `feedback mql_quality {
  ask owner via email after 3d, then every 3d, at most 10 times
  good_lead  -> stage lifecycle.sales_accepted
  bad_timing -> start nurture
  bad_fit    -> set marketing_suspended = true
  junk       -> delete contact after 30d
}`,
  `campaign nurture {
  send email "nurture-1"
  wait 7d
  send email "nurture-2"
}`,
];

export const SPEC_TEXT = SPEC_DECLS.join("\n\n") + "\n";
