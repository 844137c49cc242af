/**
 * Golden files of whole plans: for hand-made version pairs of every example, the text, the
 * markdown pull-request comment and the JSON plan, each with the impact on the example's
 * history, are compared with files under `golden/`. A reviewer reads exactly these outputs,
 * so any change to them must be seen in a diff and accepted on purpose:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/plan-golden
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { CASES, type PlanCase } from "./cases.js";
import { exampleHistory } from "./history.js";

const ROOT = join(import.meta.dirname, "../..");
const GOLDEN = join(import.meta.dirname, "golden");
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

interface Pair {
  base: string;
  head: string;
  events: string;
}

function makePair(c: PlanCase): Pair {
  const src = join(ROOT, "examples", c.example);
  const dir = mkdtempSync(join(tmpdir(), "ff-plan-golden-"));
  const base = join(dir, "base");
  const head = join(dir, "head");
  cpSync(src, base, { recursive: true });
  cpSync(src, head, { recursive: true });
  for (const e of c.edits) {
    const file = join(head, e.file);
    const text = readFileSync(file, "utf8");
    if (!text.includes(e.find)) throw new Error(`examples/${c.example}/${e.file} no longer holds ${JSON.stringify(e.find)}: update test/plan-golden/cases.ts`);
    writeFileSync(file, text.replace(e.find, e.replace));
  }
  const events = join(dir, "history.ndjson");
  writeFileSync(events, exampleHistory(src));
  return { base, head, events };
}

function expectGolden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE && process.env["CI"]) throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/plan-golden`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual, `the plan differs from test/plan-golden/golden/${file}`).toBe(readFileSync(path, "utf8"));
}

describe("plan golden files: hand-made version pairs of every example", () => {
  for (const c of CASES) {
    const stem = `${c.example.replace("/", "-")}/${c.name}`;
    it(`${c.example}: ${c.name}`, async () => {
      const { base, head, events } = makePair(c);
      const args = ["plan", head, "--base", base, "--events", events, "--detailed-exitcode"];
      const text = await runCli(args, { NO_COLOR: "1" });
      expect(text.stderr).toBe("");
      expect(text.code, "a change exits 2 with --detailed-exitcode").toBe(2);
      expectGolden(`${stem}.txt`, text.stdout);
      const md = await runCli([...args, "--format", "markdown"]);
      expect(md.code).toBe(2);
      expectGolden(`${stem}.md`, md.stdout);
      const json = await runCli([...args, "--format", "json"]);
      expect(json.code).toBe(2);
      expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
      expectGolden(`${stem}.json`, json.stdout);
    });
  }

  it("a pair without changes exits 0 with --detailed-exitcode and says so", async () => {
    const { base, events } = makePair({ example: "b2b", name: "none", edits: [] });
    const r = await runCli(["plan", base, "--base", base, "--events", events, "--detailed-exitcode"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No changes/);
  });
});
