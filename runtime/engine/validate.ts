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
    const t = utcIso(v) ?? Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}

/** The digits of `s` from `from` to `to` (exclusive) as a number; -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDTHH:MM:SS[.mmm]Z` with every part in range (what histories and `toISOString`
 * write) without `Date.parse`, which costs more than applying the event's rules; undefined for
 * anything else (left to Date.parse).
 */
function utcIso(s: string): number | undefined {
  const len = s.length;
  if (len !== 20 && len !== 24) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(len - 1) !== 90) return undefined;
  if (len === 24 && s.charCodeAt(19) !== 46) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const sec = digits(s, 17, 19);
  const ms = len === 24 ? digits(s, 20, 23) : 0;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) return undefined;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (DAYS_IN_MONTH[mo - 1] ?? 31) + (leap ? 1 : 0)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

/** Checks a raw event (e.g. a parsed NDJSON line) against the config. */
export function validateEvent(model: Model, raw: unknown): Validation {
  const r = checkEvent(model, raw);
  return typeof r === "string" ? { ok: false, error: r } : { ok: true, event: r };
}

/** `validateEvent` without the result object (a replay checks millions): the event, or the error text. */
export function checkEvent(model: Model, raw: unknown): EventInput | string {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return "an event must be an object with id, type, contact, at and props";
  const r = raw as Record<string, unknown>;
  if (typeof r["id"] !== "string" || r["id"] === "") return 'an event needs an "id" (a non-empty text)';
  if (typeof r["contact"] !== "string" || r["contact"] === "") return `event "${r["id"]}" needs a "contact" (a non-empty text)`;
  if (typeof r["type"] !== "string") return `event "${r["id"]}" needs a "type"`;
  const at = parseTime(r["at"]);
  if (at === undefined) return `event "${r["id"]}" needs an "at": a date-time like 2026-01-31T09:00:00Z or epoch milliseconds`;
  const propsRaw = r["props"] ?? {};
  if (propsRaw === null || typeof propsRaw !== "object" || Array.isArray(propsRaw)) return `the "props" of event "${r["id"]}" must be an object`;
  const props = propsRaw as Record<string, unknown>;
  const type = r["type"];
  const event: EventInput = { id: r["id"], type, contact: r["contact"], at, props };
  const reserved = Object.hasOwn(RESERVED, type) ? RESERVED[type] : undefined;
  if (reserved !== undefined) {
    const spec = reserved === "fields" ? specsOf(model).fields : reserved;
    return checkProps(type, spec, props, reserved === "fields") ?? checkReserved(model, type, props) ?? event;
  }
  const spec = specsOf(model).events.get(type);
  if (spec === undefined) {
    const known = [...Object.keys(model.ir.events), ...Object.keys(RESERVED)].sort();
    return `unknown event type "${type}"; allowed types are: ${known.join(", ")}`;
  }
  return checkProps(type, spec, props, false) ?? event;
}
