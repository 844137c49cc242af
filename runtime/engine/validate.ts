/**
 * Event validation at the door: an event of an undeclared type, with an undeclared prop or a
 * prop of the wrong type is refused with a message that names what is allowed.
 * Reserved types (what people do) are checked against the config too: `stage.set` names a
 * real pipeline and stage, `feedback.given` a real loop and outcome.
 */
import type { FieldType } from "../../schemas/ir.js";
import type { Model } from "./model.js";
import type { EventInput } from "./types.js";

export type Validation = { ok: true; event: EventInput } | { ok: false; error: string };

type PropSpec = Record<string, { type: FieldType; optional?: boolean }>;

const str = { type: "string" as const };
const opt = { type: "string" as const, optional: true };

const RESERVED: Record<string, PropSpec | "fields"> = {
  "contact.updated": "fields",
  "contact.tagged": { tag: str },
  "contact.untagged": { tag: str },
  "stage.set": { pipeline: str, stage: str, key: opt, by: opt },
  "stage.unlocked": { pipeline: str, key: opt },
  "feedback.given": { loop: str, outcome: str, by: opt },
  "contact.deleted": {},
};

function typeOk(type: FieldType, v: unknown): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
    case "timestamp":
      return typeof v === "string" && !Number.isNaN(Date.parse(v));
    case "string[]":
      return Array.isArray(v) && v.every((x) => typeof x === "string");
  }
}

const article = (t: FieldType): string =>
  t === "string[]" ? "a list of texts" : t === "timestamp" ? "a date-time like 2026-01-31T09:00:00Z" : t === "string" ? "a text" : `a ${t}`;

function checkProps(type: string, spec: PropSpec, props: Record<string, unknown>, nullable: boolean): string | undefined {
  for (const name in props) {
    if (!Object.hasOwn(props, name)) continue;
    const v = props[name];
    const p = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (p === undefined) {
      const allowed = Object.keys(spec).sort();
      return allowed.length === 0
        ? `event type "${type}" takes no props, but "${name}" was given`
        : `event type "${type}" has no prop "${name}"; its props are: ${allowed.join(", ")}`;
    }
    if (nullable && v === null) continue;
    if (!typeOk(p.type, v)) return `prop "${name}" of "${type}" must be ${article(p.type)}, got ${JSON.stringify(v)}`;
  }
  for (const name in spec) {
    if (spec[name]?.optional !== true && props[name] === undefined) {
      return `event type "${type}" needs the prop "${name}"`;
    }
  }
  return undefined;
}

function checkReserved(model: Model, type: string, props: Record<string, unknown>): string | undefined {
  if (type === "contact.tagged" || type === "contact.untagged") {
    if (typeof props["tag"] !== "string" || props["tag"] === "") return `event type "${type}" needs the prop "tag"`;
    return undefined;
  }
  if (type === "stage.set" || type === "stage.unlocked") {
    const name = String(props["pipeline"]);
    const p = model.pipelineByName.get(name) ?? model.accountPipelineByName.get(name);
    if (p === undefined) return `there is no pipeline "${name}"; pipelines: ${[...model.pipelineByName.keys(), ...model.accountPipelineByName.keys()].sort().join(", ")}`;
    if (type === "stage.set" && !p.stageIndex.has(String(props["stage"]))) {
      return `pipeline "${name}" has no stage "${String(props["stage"])}"; its stages are: ${p.def.stages.map((s) => s.name).join(", ")}`;
    }
    // An account pipeline keeps one stage per account (set through any member contact).
    if (p.def.scope === "account") return props["key"] === undefined ? undefined : `pipeline "${name}" is kept per account: it takes no "key"`;
    if (p.def.per !== undefined && typeof props["key"] !== "string") return `pipeline "${name}" is kept per dimension: say which "key"`;
    if (p.def.per === undefined && props["key"] !== undefined) return `pipeline "${name}" is not kept per dimension: it takes no "key"`;
    return undefined;
  }
  if (type === "feedback.given") {
    const loop = model.feedback.get(String(props["loop"]));
    if (loop === undefined) return `there is no feedback loop "${String(props["loop"])}"; loops: ${[...model.feedback.keys()].join(", ")}`;
    if (loop.outcomes[String(props["outcome"])] === undefined) {
      return `feedback loop "${String(props["loop"])}" has no outcome "${String(props["outcome"])}"; its outcomes are: ${Object.keys(loop.outcomes).sort().join(", ")}`;
    }
  }
  return undefined;
}

interface Specs {
  fields: PropSpec;
  events: Map<string, PropSpec>;
}

// Built once per model, not per event.
const specCache = new WeakMap<Model, Specs>();

function specsOf(model: Model): Specs {
  let specs = specCache.get(model);
  if (specs === undefined) {
    const fields: PropSpec = Object.fromEntries(Object.entries(model.ir.fields).map(([n, f]) => [n, { type: f.type, optional: true }]));
    const events = new Map<string, PropSpec>();
    for (const [type, declared] of Object.entries(model.ir.events)) {
      events.set(type, Object.fromEntries(Object.entries(declared.props).map(([n, p]) => [n, { type: p.type, optional: true }])));
    }
    specCache.set(model, (specs = { fields, events }));
  }
  return specs;
}

/** Parses a time: epoch milliseconds or an ISO-8601 string. */
export function parseTime(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}

/** Checks a raw event (e.g. a parsed NDJSON line) against the config. */
export function validateEvent(model: Model, raw: unknown): Validation {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, error: "an event must be an object with id, type, contact, at and props" };
  const r = raw as Record<string, unknown>;
  if (typeof r["id"] !== "string" || r["id"] === "") return { ok: false, error: 'an event needs an "id" (a non-empty text)' };
  if (typeof r["contact"] !== "string" || r["contact"] === "") return { ok: false, error: `event "${r["id"]}" needs a "contact" (a non-empty text)` };
  if (typeof r["type"] !== "string") return { ok: false, error: `event "${r["id"]}" needs a "type"` };
  const at = parseTime(r["at"]);
  if (at === undefined) return { ok: false, error: `event "${r["id"]}" needs an "at": a date-time like 2026-01-31T09:00:00Z or epoch milliseconds` };
  const propsRaw = r["props"] ?? {};
  if (propsRaw === null || typeof propsRaw !== "object" || Array.isArray(propsRaw)) return { ok: false, error: `the "props" of event "${r["id"]}" must be an object` };
  const props = propsRaw as Record<string, unknown>;
  const type = r["type"];
  const event: EventInput = { id: r["id"], type, contact: r["contact"], at, props };
  const reserved = Object.hasOwn(RESERVED, type) ? RESERVED[type] : undefined;
  if (reserved !== undefined) {
    const spec = reserved === "fields" ? specsOf(model).fields : reserved;
    const err = checkProps(type, spec, props, reserved === "fields") ?? checkReserved(model, type, props);
    return err === undefined ? { ok: true, event } : { ok: false, error: err };
  }
  const spec = specsOf(model).events.get(type);
  if (spec === undefined) {
    const known = [...Object.keys(model.ir.events), ...Object.keys(RESERVED)].sort();
    return { ok: false, error: `unknown event type "${type}"; allowed types are: ${known.join(", ")}` };
  }
  const err = checkProps(type, spec, props, false);
  return err === undefined ? { ok: true, event } : { ok: false, error: err };
}
