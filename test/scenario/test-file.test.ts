import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../dsl/index.js";
import { checkTest, runTest } from "../../runtime/scenario/run-test.js";
import { parseTestFile } from "../../runtime/scenario/test-file.js";
import type { ScenarioTest } from "../../runtime/scenario/test-types.js";

const MODEL = `version "1"
field job_title: string
score engagement { limit -20..70  decay 10 every 7d }
rule "Asked for a demo" on form.submitted if form == "demo" engagement +60
threshold mql when engagement >= 60 { tag mql  notify "sales@example.com" "mql-alert" via email }
channel email { type log }
`;
const compiled = compileWorkspace([{ path: "model.funnel", text: MODEL }]).value;
if (compiled === undefined) throw new Error("the test model does not compile");
const ir = compiled.ir;

function parseOne(text: string): ScenarioTest {
  const r = parseTestFile("t.test.yaml", text);
  expect(r.diagnostics).toEqual([]);
  const t = r.value?.[0];
  if (t === undefined) throw new Error("no test");
  return t;
}

const at = (text: string, needle: string): number => text.indexOf(needle);

describe("scenario test files", () => {
  it("reads relative times from the default start and absolute times as written", () => {
    const t = parseOne(`name: times
events:
  - { at: 0d 1h, contact: a, type: form.submitted, props: { form: demo } }
  - { at: 2026-02-01T09:00:00Z, contact: a, type: form.submitted }
expect:
  - { at: 2w, contact: a, scores: { engagement: ">= 1" } }
`);
    expect(t.start).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(t.events.map((e) => e.raw["at"])).toEqual([Date.parse("2026-01-01T01:00:00Z"), Date.parse("2026-02-01T09:00:00Z")]);
    expect(t.expectations[0]).toMatchObject({ at: Date.parse("2026-01-15T00:00:00Z"), checks: [{ kind: "score", op: ">=", value: 1 }] });
  });

  it("holds several tests as --- documents or as a list", () => {
    const one = "name: one\nexpect: [{ at: 0d, outbox: { count: 0 } }]\n";
    const two = "name: two\nexpect: [{ at: 1d, outbox: { count: 0 } }]\n";
    expect(parseTestFile("t.test.yaml", `${one}---\n${two}`).value?.map((t) => t.name)).toEqual(["one", "two"]);
    const list = `- ${one.replace("\n", "\n  ")}- ${two.replace("\n", "\n  ")}`;
    expect(parseTestFile("t.test.yaml", list).value?.map((t) => t.name)).toEqual(["one", "two"]);
  });

  it("reports an unknown key, a missing contact and a bad time with their ranges", () => {
    const text = `name: bad
expect:
  - at: soon
    scores: { engagement: 1 }
    colour: red
`;
    const r = parseTestFile("t.test.yaml", text);
    expect(r.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "invalid-time", span: { file: "t.test.yaml", start: at(text, "soon"), end: at(text, "soon") + 4 } }),
      ]),
    );
    const fixed = text.replace("soon", "1d");
    const r2 = parseTestFile("t.test.yaml", fixed);
    expect(r2.diagnostics).toEqual([
      expect.objectContaining({ code: "yaml-missing-key" }),
      expect.objectContaining({ code: "yaml-unknown-key", span: { file: "t.test.yaml", start: at(fixed, "colour"), end: at(fixed, "colour") + 6 } }),
    ]);
  });

  it("refuses aliases (they can expand without bound)", () => {
    const r = parseTestFile("t.test.yaml", "name: &n x\nexpect: [{ at: 0d, contact: *n, deleted: false }]\n");
    expect(r.diagnostics).toMatchObject([{ code: "yaml-alias-limit" }]);
  });

  it("names unknown scores, segments and thresholds against the workspace", () => {
    const t = parseOne(`name: names
expect:
  - { at: 0d, contact: a, scores: { engagment: 0 }, segments: [vips], thresholds: { fired: [sql] } }
`);
    expect(checkTest(ir, t).map((d) => d.code)).toEqual(["unknown-score", "unknown-segment", "unknown-name"]);
  });
});

describe("running a scenario test", () => {
  const text = `name: state at each time
contacts:
  - { id: a, fields: { job_title: CTO } }
events:
  - { at: 1d, contact: a, type: form.submitted, props: { form: demo } }
expect:
  - { at: 0d 23h, contact: a, scores: { engagement: 0 }, thresholds: { fired: [] }, outbox: { count: 0 } }
  - { at: 1d, contact: a, scores: { engagement: 60 }, thresholds: { fired: [mql] }, tags: [mql] }
  - { at: 1d, outbox: { template: mql-alert, to: sales@example.com, count: 1 } }
  - { at: 15d, contact: a, scores: { engagement: 40 }, deleted: false }
`;

  it("checks the state at each expectation's time: before the event, at it, and after decay", () => {
    expect(runTest(ir, parseOne(text)).failures).toEqual([]);
  });

  it("a failed check carries its range, the time as written, the expected and the actual value", () => {
    const wrong = text.replace("engagement: 40", "engagement: 45");
    const out = runTest(ir, parseOne(wrong));
    const start = wrong.indexOf("45");
    expect(out.failures).toEqual([
      { span: { file: "t.test.yaml", start, end: start + 2 }, at: "15d after the start", contact: "a", what: "score engagement", expected: 45, actual: 40 },
    ]);
  });

  it("a contact that never appeared has nothing: no score, no segment, no fire", () => {
    const t = parseOne("name: ghost\nexpect: [{ at: 3d, contact: ghost, scores: { engagement: 0 }, segments: [], thresholds: { fired: [] } }]\n");
    expect(runTest(ir, t).failures).toEqual([]);
  });
});
