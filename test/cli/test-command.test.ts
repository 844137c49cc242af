import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const MODEL = `version "1"
field job_title: string
score engagement { limit -20..70  decay 10 every 7d }
rule "Clicked an email" on email.clicked engagement +3
rule "Asked for a demo" on form.submitted if form == "demo" engagement +60
segment students { job_title == "Student" }
suppress engagement while in students
threshold mql when engagement >= 60 { tag mql }
`;

const PASSING = `name: a demo request makes an MQL
contacts:
  - id: ann
    fields: { job_title: CTO }
events:
  - { at: 0d 1h, contact: ann, type: form.submitted, props: { form: demo } }
expect:
  - at: 1d
    contact: ann
    scores: { engagement: 60 }
    thresholds: { fired: [mql] }
    tags: [mql]
`;

const FAILING = `name: a student never becomes an MQL
contacts:
  - id: stu
    fields: { job_title: Student }
events:
  - { at: 0d, contact: stu, type: form.submitted, props: { form: demo } }
expect:
  - at: 1d
    contact: stu
    segments: { includes: [students] }
    scores: { engagement: 50 }
`;

function workspace(tests: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ff-test-"));
  writeFileSync(join(dir, "model.funnel"), MODEL);
  for (const [name, text] of Object.entries(tests)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("funnelform test", () => {
  it("runs the scenario tests beside a workspace: all pass, exit 0, and the closing line", async () => {
    const dir = workspace({ "mql.test.yaml": PASSING });
    const r = await runCli(["test", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pass {2}a demo request makes an MQL/);
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
  });

  it("names the file, the line of the failed expectation, the expected and the actual value; exit 1", async () => {
    const dir = workspace({ "a.test.yaml": PASSING, "b.test.yaml": FAILING });
    const r = await runCli(["test", dir]);
    expect(r.code).toBe(1);
    const file = relative(process.cwd(), join(dir, "b.test.yaml"));
    expect(r.stdout).toContain(`${file}:11:27: at 1d after the start, contact stu: score engagement`);
    expect(r.stdout).toMatch(/expected: 50\n\s+actual: {3}0/);
    expect(r.stdout).toMatch(/^1 passed, 1 failed$/m);
  });

  it("reports failures as JSON with line, expected and actual", async () => {
    const dir = workspace({ "b.test.yaml": FAILING });
    const r = await runCli(["test", dir, "--format", "json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { passed: number; failed: number; files: { tests: { passed: boolean; failures: unknown[] }[] }[] };
    expect(json).toMatchObject({ format_version: "1.0", passed: 0, failed: 1 });
    expect(json.files[0]?.tests[0]?.failures).toEqual([
      expect.objectContaining({ line: 11, column: 27, contact: "stu", what: "score engagement", expected: 50, actual: 0 }),
    ]);
    expect(r.stderr).toMatch(/^0 passed, 1 failed$/m);
  });

  it("writes JUnit XML for CI, one testcase per test and a failure for the failed one", async () => {
    const dir = workspace({ "a.test.yaml": `${PASSING}---\n${FAILING}` });
    const r = await runCli(["test", dir, "--format", "junit"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(r.stdout).toMatch(/<testsuite name="[^"]*a\.test\.yaml" tests="2" failures="1" errors="0">/);
    expect(r.stdout).toContain('<testcase name="a demo request makes an MQL"');
    expect(r.stdout).toMatch(/<failure message="1 expectation failed">[^<]*a\.test\.yaml:24:27/);
  });

  it("gives a malformed test file a diagnostic with file, line and column, and counts it as failed", async () => {
    const bad = PASSING.replace("at: 1d", "at: tomorrow").replace("type: form.submitted", "type: form.submited");
    const dir = workspace({ "bad.test.yaml": bad });
    const r = await runCli(["test", dir, "--format", "json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { failed: number; files: { diagnostics: unknown[] }[] };
    expect(json.failed).toBe(1);
    expect(json.files[0]?.diagnostics).toEqual([
      expect.objectContaining({ code: "invalid-event", line: 6, column: 5 }),
      expect.objectContaining({ code: "invalid-time", line: 8, column: 9 }),
    ]);
  });

  it("refuses YAML nested too deep before parsing it", async () => {
    const deep = `name: deep\nexpect: ${"[".repeat(200)}${"]".repeat(200)}\n`;
    const dir = workspace({ "deep.test.yaml": deep });
    const r = await runCli(["test", dir, "--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: [{ diagnostics: [{ code: "nesting-too-deep", line: 2 }] }] });
  });

  it("exits 1 and says so when there are no scenario tests", async () => {
    const dir = workspace({});
    const r = await runCli(["test", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no scenario tests");
  });
});
