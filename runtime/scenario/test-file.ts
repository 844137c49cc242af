/**
 * `*.test.yaml` → scenario tests. A file holds one test, several `---` documents, or a list
 * of tests. Every mistake is a diagnostic with the file, line and column of the text.
 */
import { isMap, isSeq, parseAllDocuments, visit, type YAMLMap } from "yaml";
import { error, type Diagnostic, type Result } from "../../dsl/diagnostics.js";
import { findTooDeep, MAX_FILE_BYTES, MAX_YAML_DEPTH, utf8Length } from "../../dsl/yaml/limits.js";
import { parseExpectation } from "./expect-parse.js";
import { DEFAULT_TEST_START, parseTestTime } from "./test-time.js";
import type { ScenarioTest } from "./test-types.js";
import { YamlReader, type YNode } from "./yaml-read.js";

const TEST_KEYS = ["name", "start", "contacts", "events", "expect"] as const;
const CONTACT_KEYS = ["id", "at", "fields", "tags"] as const;
const EVENT_KEYS = ["at", "contact", "type", "props", "id"] as const;

/**
 * Reads every scenario test in one file. Never throws for a user's mistake. With
 * diagnostics, `value` holds what could be read, for further checks, never for running.
 */
export function parseTestFile(file: string, text: string): Result<ScenarioTest[]> {
  const whole = { file, start: 0, end: 0 };
  if (utf8Length(text) > MAX_FILE_BYTES)
    return { diagnostics: [error("file-too-large", `${file} is larger than 10 MB; a scenario test should be a page long`, whole)] };
  const deep = findTooDeep(text);
  if (deep !== undefined)
    return {
      diagnostics: [
        error("nesting-too-deep", `this test nests more than ${MAX_YAML_DEPTH} levels deep`, { file, start: deep.offset, end: deep.offset + 1 }, "a scenario test needs a handful of levels"),
      ],
    };
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const diagnostics: Diagnostic[] = [];
  for (const d of list) {
    for (const e of [...d.errors, ...d.warnings]) {
      diagnostics.push(error("yaml-syntax-error", `this is not valid YAML: ${e.message.split("\n")[0] ?? ""}`, { file, start: e.pos[0], end: Math.max(e.pos[0] + 1, e.pos[1]) }));
    }
  }
  // Aliases buy nothing in a test and can expand exponentially (billion laughs): refused.
  for (const d of list)
    visit(d, {
      Alias(_, node) {
        const r = node.range ?? [0, 0];
        diagnostics.push(error("yaml-alias-limit", "scenario tests cannot use aliases (`*name`): write the value out", { file, start: r[0], end: Math.max(r[0] + 1, r[1]) }));
      },
    });
  if (diagnostics.length > 0) return { diagnostics };
  const r = new YamlReader(file);
  const tests: ScenarioTest[] = [];
  for (const d of list) {
    const root = d.contents as YNode;
    if (root === null || root === undefined) continue;
    if (isSeq(root)) {
      for (const item of root.items as YNode[]) {
        const t = readTest(r, item);
        if (t) tests.push(t);
      }
    } else {
      const t = readTest(r, root);
      if (t) tests.push(t);
    }
  }
  if (tests.length === 0 && r.diagnostics.length === 0)
    r.fail("yaml-missing-key", `${file} holds no test: start it with \`name:\``, null, undefined, whole);
  // Tests are returned even with mistakes, so the next checks (events, names) report too.
  return { value: tests, diagnostics: r.diagnostics.sort((a, b) => a.span.start - b.span.start) };
}

function readTest(r: YamlReader, node: YNode): ScenarioTest | undefined {
  const m = r.map(node, "a test");
  if (m === undefined) return undefined;
  const before = r.diagnostics.length;
  const at: Partial<Record<(typeof TEST_KEYS)[number], YNode>> = {};
  for (const p of r.pairs(m, TEST_KEYS, "a test")) at[p.key as (typeof TEST_KEYS)[number]] = p.value;
  const name = "name" in at ? r.text(at.name, "the test's `name`") : r.fail("yaml-missing-key", "every test needs a `name`: one sentence that says what it shows", m);
  let start = Date.parse(DEFAULT_TEST_START);
  if (at.start !== undefined) {
    const s = r.text(at.start, "`start`");
    const t = s === undefined ? undefined : parseTestTime(s, 0);
    if (s !== undefined && (t === undefined || !/^\d{4}-/.test(s)))
      r.fail("invalid-time", "`start` must be a date-time like 2026-01-01T00:00:00Z", at.start);
    else if (t !== undefined) start = t;
  }
  const test: ScenarioTest = { name: name ?? "", file: r.file, span: r.span(m), start, events: [], expectations: [] };
  if (at.contacts !== undefined) readContacts(r, at.contacts, test);
  if (at.events !== undefined) readEvents(r, at.events, test);
  if (at.expect === undefined) r.fail("yaml-missing-key", "a test needs `expect`: what must be true, and when", m);
  else {
    const s = r.seq(at.expect, "`expect`");
    for (const item of (s?.items ?? []) as YNode[]) {
      const e = parseExpectation(r, item, start);
      if (e) test.expectations.push(e);
    }
  }
  return name === undefined && r.diagnostics.length > before ? undefined : test;
}

function timeOf(r: YamlReader, node: YNode, start: number, what: string): number | undefined {
  const v = node && "value" in node ? (node as { value: unknown }).value : undefined;
  const t = parseTestTime(v, start);
  if (t === undefined) r.fail("invalid-time", `${what} must be a time after the start like \`0d\`, \`0d 1h\` or \`14d\`, or a date-time like 2026-01-15T09:00:00Z`, node);
  return t;
}

function readContacts(r: YamlReader, node: YNode, test: ScenarioTest): void {
  const s = r.seq(node, "`contacts`");
  for (const [i, item] of ((s?.items ?? []) as YNode[]).entries()) {
    const m = r.map(item, "a contact");
    if (m === undefined) continue;
    const f: Partial<Record<(typeof CONTACT_KEYS)[number], YNode>> = {};
    for (const p of r.pairs(m, CONTACT_KEYS, "a contact")) f[p.key as (typeof CONTACT_KEYS)[number]] = p.value;
    const id = f.id === undefined ? r.fail("yaml-missing-key", "every contact needs an `id`", m) : r.text(f.id, "a contact's `id`");
    const at = f.at === undefined ? test.start : timeOf(r, f.at, test.start, "a contact's `at`");
    if (id === undefined || at === undefined) continue;
    const n = String(i).padStart(6, "0");
    // Setup ids sort before the events' (`b:`), so fields and tags are in place at time 0.
    if (f.fields !== undefined && r.map(f.fields, "`fields`") !== undefined)
      test.events.push({ raw: { id: `a:${n}:fields`, type: "contact.updated", contact: id, at, props: r.json(f.fields) }, span: r.span(f.fields) });
    if (f.tags !== undefined)
      for (const [k, tag] of (r.texts(f.tags, "`tags`") ?? []).entries())
        test.events.push({ raw: { id: `a:${n}:tag:${k}`, type: "contact.tagged", contact: id, at, props: { tag: tag.value } }, span: r.span(tag.node) });
    if (f.fields === undefined && f.tags === undefined)
      test.events.push({ raw: { id: `a:${n}:fields`, type: "contact.updated", contact: id, at, props: {} }, span: r.span(m) });
  }
}

function readEvents(r: YamlReader, node: YNode, test: ScenarioTest): void {
  const s = r.seq(node, "`events`");
  for (const [i, item] of ((s?.items ?? []) as YNode[]).entries()) {
    const m: YAMLMap | undefined = r.map(item, "an event");
    if (m === undefined) continue;
    const f: Partial<Record<(typeof EVENT_KEYS)[number], YNode>> = {};
    for (const p of r.pairs(m, EVENT_KEYS, "an event")) f[p.key as (typeof EVENT_KEYS)[number]] = p.value;
    const need = (k: "at" | "contact" | "type"): boolean => (f[k] === undefined ? (r.fail("yaml-missing-key", `every event needs \`${k}\``, m), false) : true);
    if (![need("at"), need("contact"), need("type")].every(Boolean)) continue;
    const at = timeOf(r, f.at, test.start, "an event's `at`");
    const contact = r.text(f.contact, "an event's `contact`");
    const type = r.text(f.type, "an event's `type`");
    const id = f.id === undefined ? `b:${String(i).padStart(6, "0")}` : r.text(f.id, "an event's `id`");
    const props = f.props === undefined ? {} : isMap(f.props) ? r.json(f.props) : r.map(f.props, "`props`");
    if (at === undefined || contact === undefined || type === undefined || id === undefined || props === undefined) continue;
    test.events.push({ raw: { id, type, contact, at, props }, span: r.span(m) });
  }
}
