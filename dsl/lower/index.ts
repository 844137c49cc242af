import type { Ir } from "../../schemas/ir.js";
import type { Decl, FileAst, Name } from "../ast.js";
import { error, type Diagnostic, type Result } from "../diagnostics.js";
import { LineIndex, type Span } from "../span.js";
import { lowerCampaign } from "./campaign.js";
import { BUILTIN_EVENTS, BUILTIN_FIELDS, DEFAULT_CHANNELS, RESERVED_EVENTS } from "./catalog.js";
import { mark, RecordedSourceMap, type LowerContext, type SourceMap } from "./context.js";
import { lowerChannel, lowerEvent, lowerFeedback, lowerField, lowerRule, lowerScore, lowerSegment, lowerThreshold } from "./declarations.js";
import { lowerPipeline } from "./pipeline.js";
import { ptr } from "./pointer.js";
import { buildScope } from "./scope.js";

export type { SourceMap } from "./context.js";

type Section = "fields" | "events" | "scores" | "rules" | "segments" | "pipelines" | "thresholds" | "feedback" | "campaigns" | "channels";
type NamedDecl = Extract<Decl, { name: Name }>;

const SECTION: Record<NamedDecl["kind"], Section> = {
  field: "fields",
  event: "events",
  score: "scores",
  rule: "rules",
  segment: "segments",
  pipeline: "pipelines",
  threshold: "thresholds",
  feedback: "feedback",
  campaign: "campaigns",
  channel: "channels",
};

const WHAT: Record<Section, string> = {
  fields: "field",
  events: "event type",
  scores: "score",
  rules: "rule",
  segments: "segment",
  pipelines: "pipeline",
  thresholds: "threshold",
  feedback: "feedback loop",
  campaigns: "campaign",
  channels: "channel",
};

let canonicalZones: Set<string> | undefined;

function isValidTimezone(tz: string): boolean {
  // Loading the time zone data costs more than compiling a small workspace; UTC needs none.
  if (tz === "UTC") return true;
  // The list of canonical zone names costs a fifth of a date formatter's start-up; aliases
  // ("US/Eastern") and other spellings are still judged by the formatter.
  canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (canonicalZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function lowerOne(ctx: LowerContext, d: NamedDecl, p: string): unknown {
  switch (d.kind) {
    case "field":
      return lowerField(ctx, d, p);
    case "event":
      return lowerEvent(ctx, d, p);
    case "score":
      return lowerScore(ctx, d, p);
    case "rule":
      return lowerRule(ctx, d, p);
    case "segment":
      return lowerSegment(ctx, d, p);
    case "pipeline":
      return lowerPipeline(ctx, d, p);
    case "threshold":
      return lowerThreshold(ctx, d, p);
    case "feedback":
      return lowerFeedback(ctx, d, p);
    case "campaign":
      return lowerCampaign(ctx, d, p);
    case "channel":
      return lowerChannel(ctx, d, p);
  }
}

/**
 * Lowers the files of one workspace (one namespace across files) to the canonical IR.
 *
 * - Named entities go into maps keyed by name, so declaration order and file split do not
 *   change the IR; a name declared twice is reported at the later declaration (files in
 *   the order given: `compileWorkspace` sorts them by path).
 * - The IR carries the built-in catalog (fields, standard events) and the default `email`
 *   channel (the log sender) unless the workspace declares its own `channel email`.
 * - Defaults are filled in (score kind and scope, stage category, pipeline `backward`,
 *   campaign `enter`/`reentry`/`onChange`, timezone "UTC"); `leave` stays absent.
 * - Rules live in a map too: the engine applies every matching rule of an event and then
 *   clamps once, so the order they were written in does not change any score.
 * - Conditions are resolved here (bare names need the workspace's names); every other
 *   reference (scores of rules, stages of actions, ...) is checked by `checkWorkspace`.
 *
 * The value is always given, even with errors (best effort, so `checkWorkspace` can still
 * report everything in one pass); callers decide by the diagnostics.
 * `sources` (path → text), when given, lets duplicate-name messages give a line number.
 * The source map's entry for an entity (`/scores/engagement`) is the span of its name.
 */
export function lowerToIr(files: readonly FileAst[], sources: Readonly<Record<string, string>> = {}): Result<{ ir: Ir; sourceMap: SourceMap }> {
  const ctx: LowerContext = { scope: buildScope(files), diagnostics: [], sourceMap: new RecordedSourceMap() };
  const ir: Ir = {
    format: "funnelform-ir/1",
    version: "",
    timezone: "UTC",
    // Copies: a consumer that edits its IR must not edit the catalog of the next compile.
    fields: structuredClone(BUILTIN_FIELDS),
    events: structuredClone(BUILTIN_EVENTS),
    scores: {},
    rules: {},
    segments: {},
    suppressions: {},
    pipelines: {},
    thresholds: {},
    feedback: {},
    campaigns: {},
    channels: {},
  };
  const lines = new Map<string, LineIndex>();
  const where = (span: Span): string => {
    const text = sources[span.file];
    if (text === undefined) return span.file;
    let idx = lines.get(span.file);
    if (idx === undefined) lines.set(span.file, (idx = new LineIndex(text)));
    return `${span.file}:${idx.position(span.start).line}`;
  };
  // Where each name was first declared, by section. One map per section, keyed by the bare
  // name: a "section + name" key would be a new string to hash for each of ten thousand rules.
  const first = new Map<Section, Map<string, Span>>();
  let version: { value: string; span: Span } | undefined;
  let timezone: Span | undefined;
  const suppressed = new Map<string, { scores: Map<string, Span>; span: Span }>();

  for (const file of files) {
    for (const d of file.decls) {
      if (d.kind === "version") {
        if (version !== undefined) {
          ctx.diagnostics.push(
            error("duplicate-version", "the workspace declares its version twice", d.span, `keep one \`version\`; the other is in ${where(version.span)}`),
          );
          continue;
        }
        version = { value: d.value.value, span: d.value.span };
        ir.version = d.value.value;
        mark(ctx, "/version", d.value.span);
        continue;
      }
      if (d.kind === "timezone") {
        if (timezone !== undefined) {
          ctx.diagnostics.push(error("duplicate-name", "the workspace declares its timezone twice", d.span, `keep one; the other is in ${where(timezone)}`));
          continue;
        }
        timezone = d.value.span;
        mark(ctx, "/timezone", d.value.span);
        if (!isValidTimezone(d.value.value)) {
          ctx.diagnostics.push(
            error("invalid-timezone", `\`${d.value.value}\` is not a known time zone`, d.value.span, 'use an IANA name such as "Europe/Berlin" or "America/New_York"'),
          );
        } else ir.timezone = d.value.value;
        continue;
      }
      if (d.kind === "suppress") {
        const seg = d.segment.text;
        let entry = suppressed.get(seg);
        if (entry === undefined) suppressed.set(seg, (entry = { scores: new Map(), span: d.segment.span }));
        for (const s of d.scores) if (!entry.scores.has(s.text)) entry.scores.set(s.text, s.span);
        continue;
      }
      const section = SECTION[d.kind];
      const name = d.name.text;
      if (d.kind === "event" && RESERVED_EVENTS.has(name)) {
        ctx.diagnostics.push(
          error("reserved-name", `\`${name}\` is an event type the runtime writes itself; it cannot be declared`, d.name.span, "choose another name"),
        );
        continue;
      }
      const builtin = (d.kind === "field" && name in BUILTIN_FIELDS) || (d.kind === "event" && name in BUILTIN_EVENTS);
      if (builtin) {
        ctx.diagnostics.push(
          error("duplicate-name", `\`${name}\` is built in: every workspace already has this ${WHAT[section]}`, d.name.span, "remove this declaration or choose another name"),
        );
        continue;
      }
      let declared = first.get(section);
      if (declared === undefined) first.set(section, (declared = new Map<string, Span>()));
      const prev = declared.get(name);
      if (prev !== undefined) {
        ctx.diagnostics.push(
          error("duplicate-name", `the ${WHAT[section]} \`${name}\` is declared twice`, d.name.span, `the first one is in ${where(prev)}; rename or remove one`),
        );
        continue;
      }
      declared.set(name, d.name.span);
      const p = ptr("", section, name);
      mark(ctx, p, d.name.span);
      (ir[section] as Record<string, unknown>)[name] = lowerOne(ctx, d, p);
    }
  }

  for (const [seg, entry] of [...suppressed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const scores = [...entry.scores.keys()].sort();
    const p = ptr("", "suppressions", seg);
    mark(ctx, p, entry.span);
    scores.forEach((s, i) => {
      const span = entry.scores.get(s);
      if (span !== undefined) mark(ctx, ptr(p, i), span);
    });
    ir.suppressions[seg] = scores;
  }
  if (ir.channels["email"] === undefined) ir.channels["email"] = structuredClone(DEFAULT_CHANNELS.email);

  const diagnostics: Diagnostic[] = ctx.diagnostics;
  if (version === undefined) {
    const file = files[0]?.file ?? "";
    diagnostics.push(error("missing-version", "the workspace does not say which version it is", { file, start: 0, end: 0 }, 'add a line such as `version "2026.11.1"`'));
  }
  return { value: { ir, sourceMap: ctx.sourceMap }, diagnostics };
}
