/**
 * The YAML front end: a `*.funnel.yaml` file → the same AST the DSL parser produces.
 *
 * Layout (docs/language.md, "YAML"): the file is a mapping whose keys are declaration
 * kinds; each kind maps names to bodies whose keys are DSL keywords. Conditions, actions,
 * steps and the other small phrases stay DSL text inside YAML strings and are parsed by
 * the DSL parser, with spans pointing into this file.
 */
import { isMap, parseDocument, type Document } from "yaml";
import type { Decl, FileAst, StepNode } from "../ast.js";
import { error, type Result } from "../diagnostics.js";
import { findTooDeep, MAX_FILE_BYTES, MAX_YAML_DEPTH, utf8Length } from "./limits.js";
import { attachComments, yamlComments, type Commentable } from "./comments.js";
import { bodySlots, finishLayout } from "./layout.js";
import { hasEndSlot, placeComments } from "../print/layout.js";
import { Reader, type Entry } from "./reader.js";
import { readCampaign } from "./campaigns.js";
import { readPipeline } from "./pipelines.js";
import { readRule, readScore } from "./scoring.js";
import { readChannel, readEvent, readField, readSegment, readSuppress, readTimezone, readVersion } from "./simple-decls.js";
import { readFeedback, readThreshold } from "./thresholds.js";
import { withoutEchoes, yamlDiagnostics } from "./yaml-errors.js";

type NamedReader = (r: Reader, e: Entry) => Decl | undefined;

/** Top-level keys that map names to declarations, and how each body is read. */
const GROUPS: Record<string, NamedReader> = {
  fields: readField,
  events: readEvent,
  scores: readScore,
  rules: readRule,
  segments: readSegment,
  suppress: readSuppress,
  pipelines: readPipeline,
  thresholds: readThreshold,
  feedback: readFeedback,
  campaigns: readCampaign,
  channels: readChannel,
};
/** Every key a funnel YAML file may have at the top, in the order `convert` writes them. */
export const TOP_LEVEL_KEYS = ["version", "timezone", ...Object.keys(GROUPS)];

/** Always returns a value (what could be read) plus every problem of the file. */
export function loadYaml(text: string, file: string): Result<FileAst> & { value: FileAst } {
  const value: FileAst = { file, syntax: "yaml", decls: [], trailingComments: [] };
  const at = (start: number) => ({ file, start, end: start });
  if (utf8Length(text) > MAX_FILE_BYTES) {
    const mb = MAX_FILE_BYTES / (1024 * 1024);
    return { value, diagnostics: [error("file-too-large", `this file is larger than ${mb} MB and was not read`, at(0), "split the workspace into several files")] };
  }
  const deep = findTooDeep(text);
  if (deep !== undefined) {
    return {
      value,
      diagnostics: [error("nesting-too-deep", `this file nests lists and mappings more than ${MAX_YAML_DEPTH} levels deep and was not read`, at(deep.offset))],
    };
  }
  let doc: Document;
  try {
    // Duplicate keys are found in linear time by yamlDiagnostics, not by the parser.
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    // The parser reports problems as errors, not exceptions; this is a last line of defence.
    return { value, diagnostics: [error("yaml-syntax-error", "this file could not be read as YAML", at(0))] };
  }
  const r = new Reader(file, text, doc);
  value.decls = readTop(r, doc);
  const comments = r.dslComments.length === 0 ? yamlComments(text) : [...yamlComments(text), ...r.dslComments].sort((a, b) => a.offset - b.offset);
  const attached = attachComments(text, comments, [...commentables(value.decls), ...bodySlots(doc, text, value.decls)], value.decls.filter(hasEndSlot));
  value.trailingComments = attached.trailing;
  placeComments(value.decls, attached);
  finishLayout(text, value, attached.leadStart);
  const diagnostics = withoutEchoes(text, yamlDiagnostics(doc, file, text), r.diagnostics);
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { value, diagnostics };
}

function readTop(r: Reader, doc: Document): Decl[] {
  const root = r.present(r.resolve(doc.contents));
  if (root === undefined) return [];
  if (!isMap(root)) {
    r.wrongType(root, "a funnel YAML file", "a mapping with keys like `version:`, `scores:`, `rules:`");
    return [];
  }
  const decls: Decl[] = [];
  for (const top of r.entries(root, "a funnel YAML file", TOP_LEVEL_KEYS)) {
    if (top.key === "version" || top.key === "timezone") {
      const decl = (top.key === "version" ? readVersion : readTimezone)(r, top);
      if (decl) decls.push(decl);
      continue;
    }
    const readOne = GROUPS[top.key];
    if (readOne === undefined) continue;
    for (const e of r.entries(top.value, `\`${top.key}\``)) {
      const decl = readOne(r, e);
      if (decl) decls.push(decl);
    }
  }
  return decls;
}

/** Declarations, stages and steps: what comments attach to. */
function commentables(decls: readonly Decl[]): Commentable[] {
  const out: Commentable[] = [];
  const steps = (list: readonly StepNode[]): void => {
    for (const s of list) {
      out.push(s);
      if (s.kind === "if") {
        steps(s.then);
        if (s.else) steps(s.else);
      }
    }
  };
  for (const d of decls) {
    out.push(d);
    if (d.kind === "pipeline") out.push(...d.stages);
    if (d.kind === "campaign") steps(d.steps);
  }
  return out;
}
