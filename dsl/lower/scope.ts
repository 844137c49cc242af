import type { Dimension, FieldType } from "../../schemas/ir.js";
import type { Decl, DimNode, FileAst } from "../ast.js";
import { BUILTIN_EVENTS, BUILTIN_FIELDS, RESERVED_EVENT_PROPS } from "./catalog.js";

/** What a condition may name, collected from every file before anything is lowered. */
export interface Scope {
  fields: Map<string, FieldType>;
  /** Event type → prop → type (catalog, reserved and declared types). */
  events: Map<string, Map<string, FieldType>>;
  scores: Map<string, { per?: Dimension; kind: "engagement" | "fit" }>;
  pipelines: Map<string, { stages: string[]; per?: Dimension }>;
}

export function lowerDimension(d: DimNode): Dimension {
  switch (d.kind) {
    case "prop":
      return { by: "prop", prop: d.prop.text };
    case "stage":
      return { by: "stage", pipeline: d.pipeline.text };
    case "tag":
      return { by: "tag", tags: d.tags.map((t) => t.text) };
  }
}

/** First declaration wins, as in the IR; duplicates are reported by the lowering. */
export function buildScope(files: readonly FileAst[]): Scope {
  const scope: Scope = { fields: new Map(), events: new Map(), scores: new Map(), pipelines: new Map() };
  for (const [name, f] of Object.entries(BUILTIN_FIELDS)) scope.fields.set(name, f.type);
  for (const [name, e] of Object.entries(BUILTIN_EVENTS)) {
    scope.events.set(name, new Map(Object.entries(e.props).map(([p, t]) => [p, t.type])));
  }
  for (const [name, p] of Object.entries(RESERVED_EVENT_PROPS)) scope.events.set(name, new Map(Object.entries(p)));
  const decls: Decl[] = files.flatMap((f) => f.decls);
  for (const d of decls) {
    switch (d.kind) {
      case "field":
        if (!scope.fields.has(d.name.text)) scope.fields.set(d.name.text, d.type.value);
        break;
      case "event":
        if (!scope.events.has(d.name.text)) {
          scope.events.set(d.name.text, new Map(d.props.map((p) => [p.name.text, p.type.value])));
        }
        break;
      case "score":
        if (!scope.scores.has(d.name.text)) {
          const per = d.per ? lowerDimension(d.per) : undefined;
          const kind = d.scoreKind?.value ?? "engagement";
          scope.scores.set(d.name.text, per ? { per, kind } : { kind });
        }
        break;
      case "pipeline":
        if (!scope.pipelines.has(d.name.text)) {
          const per = d.per ? lowerDimension(d.per) : undefined;
          const stages = d.stages.map((s) => s.name.text);
          scope.pipelines.set(d.name.text, per ? { stages, per } : { stages });
        }
        break;
      default:
        break;
    }
  }
  return scope;
}
