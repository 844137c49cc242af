/**
 * Declarations whose YAML is plain data: `version`, `timezone`, `fields`, `events`,
 * `segments`, `suppress` and `channels`.
 */
import { isMap, isScalar, isSeq } from "yaml";
import type { ChannelSettingValue, Decl, LiteralNode, Name } from "../ast.js";
import { readFragment } from "./fragment.js";
import type { Entry, Reader, YNode } from "./reader.js";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

export const FIELD_TYPES = ["string", "number", "boolean", "timestamp", "string[]"] as const;
export const CHANNEL_TYPES = ["log", "webhook", "smtp"] as const;

export function readVersion(r: Reader, e: Entry): Decl | undefined {
  const value = r.str(e.value, "`version`", "2026.11.1");
  return value && { kind: "version", value, comments: [], span: e.span };
}

export function readTimezone(r: Reader, e: Entry): Decl | undefined {
  const value = r.str(e.value, "`timezone`", "Europe/Berlin");
  return value && { kind: "timezone", value, comments: [], span: e.span };
}

/** A YAML value as a DSL literal: text, number, `true`/`false` or a list of those. */
export function readLiteral(r: Reader, node: YNode | undefined, what: string): LiteralNode | undefined {
  const span = r.spanOf(node);
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === "string") return { kind: "string", value: v, span };
    if (typeof v === "number") return { kind: "number", value: v, span };
    if (typeof v === "boolean") return { kind: "boolean", value: v, span };
  }
  if (isSeq(node)) {
    const items: LiteralNode[] = [];
    for (const item of node.items) {
      const resolved = r.resolve(item);
      if (resolved === undefined) continue; // an alias over the limit, already reported
      const lit = readLiteral(r, resolved, what);
      if (lit !== undefined) items.push(lit);
    }
    return { kind: "list", items, span };
  }
  r.wrongType(node, what, "a value like `\"text\"`, `3`, `true` or `[a, b]`");
  return undefined;
}

export function readField(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a field name");
  if (name === undefined) return undefined;
  const base = { kind: "field" as const, name, comments: [], span: e.span };
  if (isMap(e.value)) {
    const body = r.entries(e.value, `field \`${name.text}\``, ["type", "default"]);
    const typeEntry = body.find((b) => b.key === "type");
    if (typeEntry === undefined) {
      r.missing(r.spanOf(e.keyNode), `field \`${name.text}\``, "type", "string");
      return undefined;
    }
    const type = r.word(typeEntry.value, "`type`", FIELD_TYPES);
    if (type === undefined) return undefined;
    const defEntry = body.find((b) => b.key === "default");
    const def = defEntry && readLiteral(r, defEntry.value, "`default`");
    return def === undefined ? { ...base, type } : { ...base, type, default: def };
  }
  const type = r.word(e.value, `the type of field \`${name.text}\``, FIELD_TYPES);
  return type && { ...base, type };
}

export function readEvent(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "an event type", true);
  if (name === undefined) return undefined;
  const props: DeclOf<"event">["props"] = [];
  for (const p of r.entries(e.value, `event \`${name.text}\``)) {
    const propName = r.keyName(p, "a prop name");
    const type = r.word(p.value, `the type of \`${p.key}\``, FIELD_TYPES);
    if (propName && type) props.push({ name: propName, type });
  }
  return { kind: "event", name, props, comments: [], span: e.span };
}

export function readSegment(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a segment name");
  if (name === undefined) return undefined;
  const decl: DeclOf<"segment"> = { kind: "segment", name, comments: [], span: e.span };
  let staticEntry: Entry | undefined;
  const problems = r.diagnostics.length;
  for (const b of r.entries(e.value, `segment \`${name.text}\``, ["label", "static", "when"])) {
    if (b.key === "label") {
      const label = r.str(b.value, "`label`", "Suppressed");
      if (label) decl.label = label;
    } else if (b.key === "static") {
      staticEntry = b;
      const s = r.flag(b, "`static`");
      if (s) decl.static = s;
    } else {
      const when = readFragment(r, "condition", b.value, "`when`", 'email endswith ".edu"');
      if (when) decl.when = when;
    }
  }
  // The DSL has `segment X static` or `segment X { CONDITION }`, never both or neither.
  if (decl.static && decl.when && staticEntry) {
    // The same code and place as the check would use, so the mistake reads the same.
    r.report("static-segment-condition", `segment \`${name.text}\` is either \`static\` or has a \`when\` condition, not both`, decl.when.span, "a static segment is filled by actions (`add to`); remove `static` or `when`");
  } else if (!decl.static && !decl.when && r.diagnostics.length === problems) {
    r.missing(r.spanOf(e.keyNode), `segment \`${name.text}\``, "when", 'email endswith ".edu"');
  }
  return decl;
}

/** `suppress: { SEGMENT: [SCORE, ...] }` */
export function readSuppress(r: Reader, e: Entry): Decl | undefined {
  const segment = r.keyName(e, "a segment name");
  const scores: Name[] = [];
  const items = r.items(e.value, "the scores to suppress", "a list of scores like `[engagement]`");
  for (const item of items) {
    const score = r.name(item, "a score to suppress");
    if (score) scores.push(score);
  }
  // An empty value or `[]` says nothing; other shapes were reported by `items`.
  if (items.length === 0 && (r.present(e.value) === undefined || isSeq(e.value)))
    r.wrongType(e.value, `the scores suppressed in \`${e.key}\``, "a list of scores like `[engagement]`");
  return segment && scores.length > 0 ? { kind: "suppress", scores, segment, comments: [], span: e.span } : undefined;
}

export function readChannel(r: Reader, e: Entry): Decl | undefined {
  const name = r.keyName(e, "a channel name");
  if (name === undefined) return undefined;
  let type: DeclOf<"channel">["type"] | undefined;
  let typeWritten = false;
  const settings: DeclOf<"channel">["settings"] = [];
  for (const b of r.entries(e.value, `channel \`${name.text}\``)) {
    if (b.key === "type") {
      typeWritten = true;
      type = r.word(b.value, "`type`", CHANNEL_TYPES);
      continue;
    }
    const key = r.keyName(b, "a setting name");
    const value = readSettingValue(r, b);
    if (key && value) settings.push({ key, value, span: b.span });
  }
  if (type === undefined) {
    if (!typeWritten) r.missing(r.spanOf(e.keyNode), `channel \`${name.text}\``, "type", "webhook");
    return undefined;
  }
  return { kind: "channel", name, type, settings, comments: [], span: e.span };
}

/** `url: https://...` or `url: { env: CRM_WEBHOOK_URL }` */
function readSettingValue(r: Reader, b: Entry): ChannelSettingValue | undefined {
  if (isMap(b.value)) {
    const env = r.entries(b.value, `\`${b.key}\``, ["env"])[0];
    if (env === undefined) {
      r.missing(r.spanOf(b.value), `\`${b.key}\``, "env", "CRM_WEBHOOK_URL");
      return undefined;
    }
    const name = r.str(env.value, "`env`", "CRM_WEBHOOK_URL");
    return name && { kind: "env", name, span: r.spanOf(b.value) };
  }
  const value = r.str(b.value, `\`${b.key}\``, 'https://example.com or { env: "NAME" }');
  return value && { kind: "string", value };
}
