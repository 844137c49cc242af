import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT } from "../../dsl/plan/render-markdown.js";
import { QUALITY_MODEL, qualityHistory } from "../impact/fixtures.js";
import { runCli } from "./run-cli.js";

function setup(history = qualityHistory().map((e) => JSON.stringify(e)).join("\n")): { base: string; head: string; events: string } {
  const dir = mkdtempSync(join(tmpdir(), "ff-plan-impact-"));
  const base = join(dir, "base");
  const head = join(dir, "head");
  mkdirSync(base);
  mkdirSync(head);
  writeFileSync(join(base, "model.funnel"), QUALITY_MODEL);
  writeFileSync(join(head, "model.funnel"), QUALITY_MODEL.replace("engagement >= 60", "engagement >= 80"));
  const events = join(dir, "history.ndjson");
  writeFileSync(events, history + "\n");
  return { base, head, events };
}

interface ImpactJson {
  impact: {
    events: number;
    before: { fires: number; quality: { precision: number } };
    after: { fires: number; quality: { precision: number } };
    noLongerQualifying: { count: number; first: string[] };
  };
}

describe("funnelform plan --events", () => {
  it("adds the impact to the JSON plan: fires before and after, who stops qualifying, MQL quality", async () => {
    const { base, head, events } = setup();
    const r = await runCli(["plan", head, "--base", base, "--events", events, "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as ImpactJson;
    expect(json.impact).toMatchObject({
      events: 11,
      before: { fires: 4, quality: { precision: 0.5 } },
      after: { fires: 2, quality: { precision: 1 } },
      noLongerQualifying: { count: 2, first: ["b", "c"] },
    });
  });

  it("prints the impact after the diff in text, and keeps --detailed-exitcode", async () => {
    const { base, head, events } = setup();
    const r = await runCli(["plan", head, "--base", base, "--events", events, "--detailed-exitcode"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Plan: 0 to add, 1 to change, 0 to remove\.$/m);
    expect(r.stdout).toMatch(/^ {2}MQLs \(threshold fires\) +4 → 2 +−2$/m);
    expect(r.stdout).toMatch(/^ {2}no longer qualifying +2: b, c$/m);
    expect(r.stdout).toMatch(/^ {4}precision +50\.0% → 100\.0%$/m);
    expect(r.stdout).toMatch(/campaign|segment sizes/);
  });

  it("writes a pull-request comment with the impact and quality tables, under the comment limit", async () => {
    const { base, head, events } = setup();
    const r = await runCli(["plan", head, "--base", base, "--events", events, "--format", "markdown"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("| MQLs (threshold fires) | 4 | 2 | −2 |");
    expect(r.stdout).toContain("| **precision** | 50.0% | 100.0% | |");
    expect(r.stdout).toContain("<details><summary>Changes</summary>");
    expect(r.stdout.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });

  it("refuses a history that is not NDJSON, naming the line, exit 1", async () => {
    const { base, head, events } = setup('{"id":"e1","type":"page.visited","contact":"a","at":"2026-01-01T00:00:00Z","props":{}}\nnot json');
    const r = await runCli(["plan", head, "--base", base, "--events", events]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${events}:2:`);
    expect(r.stdout).toBe("");
  });
});
