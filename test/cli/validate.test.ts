import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const VALID = `version "1"
field job_title: string
score engagement { limit -20..70  decay 10 every 7d }
rule "Clicked an email" on email.clicked engagement +3
rule "Asked for a demo" on form.submitted if form == "demo" engagement +50
threshold mql when engagement >= 60 { tag mql }
`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ff-validate-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("funnelform validate", () => {
  it("accepts a valid workspace, exit 0, and prints its hash", async () => {
    const dir = workspace({ "model.funnel": VALID });
    const r = await runCli(["validate", dir, "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { valid: boolean; hash: string; error_count: number };
    expect(json).toMatchObject({ format_version: "1.0", valid: true, error_count: 0 });
    expect(json.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports a broken reference with file, line, column, byte offset and a hint, exit 1", async () => {
    const dir = workspace({ "model.funnel": VALID.replace("engagement +3", "engagment +3") });
    const r = await runCli(["validate", dir, "--format", "json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { valid: boolean; diagnostics: unknown[] };
    expect(json.valid).toBe(false);
    const line = 'rule "Clicked an email" on email.clicked engagment +3';
    const col = line.indexOf("engagment") + 1;
    expect(json.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "error",
        code: "unknown-score",
        detail: expect.stringContaining("engagement") as unknown,
        range: expect.objectContaining({
          filename: expect.stringContaining("model.funnel") as unknown,
          start: { line: 4, column: col, byte: VALID.indexOf("engagement +3") },
          end: { line: 4, column: col + "engagment".length, byte: VALID.indexOf("engagement +3") + "engagment".length },
        }) as unknown,
      }),
    );
  });

  it("prints an excerpt with a caret and the hint in text format", async () => {
    const dir = workspace({ "model.funnel": VALID.replace("engagement +3", "engagment +3") });
    const r = await runCli(["validate", dir], { NO_COLOR: "1" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error[unknown-score]");
    expect(r.stdout).toContain("model.funnel:4:");
    expect(r.stdout).toContain("^^^^^^^^^");
    expect(r.stdout).toContain("hint: did you mean `engagement`?");
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("writes GitHub annotations and SARIF that point at the same place", async () => {
    const dir = workspace({ "model.funnel": VALID.replace("engagement +3", "engagment +3") });
    const gh = await runCli(["validate", dir, "--format", "github"]);
    expect(gh.stdout).toMatch(/^::error file=[^,]*model\.funnel,line=4,col=\d+,endLine=4,endColumn=\d+,title=funnelform unknown-score::/m);
    const sarif = await runCli(["validate", dir, "--format", "sarif"]);
    const doc = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(doc.version).toBe("2.1.0");
    expect(doc.runs[0]?.results[0]).toMatchObject({ ruleId: "unknown-score", locations: [{ physicalLocation: { region: { startLine: 4 } } }] });
  });

  it("says plainly when a folder holds no workspace files, or does not exist", async () => {
    const empty = workspace({ "notes.txt": "hello" });
    const r = await runCli(["validate", empty, "--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, diagnostics: [{ code: "no-files" }] });
    const missing = await runCli(["validate", join(empty, "nope"), "--format", "json"]);
    expect(missing.code).toBe(1);
  });

  it("rejects an unknown format as a usage error, exit 2", async () => {
    const r = await runCli(["validate", ".", "--format", "xml"]);
    expect(r.code).toBe(2);
  });
});
