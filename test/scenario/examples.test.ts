/**
 * The examples' scenario tests (examples/*\/*.test.yaml) run in CI through the command a
 * marketer would use: each example's promises hold.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

const ROOT = join(import.meta.dirname, "../../examples");
const withTests = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(join(ROOT, d.name)).some((f) => f.endsWith(".test.yaml")))
  .map((d) => d.name);

describe("the examples' scenario tests", () => {
  it("every example with a workspace ships scenario tests", () => {
    expect(withTests).toEqual(expect.arrayContaining(["b2b", "b2b-yaml", "webshop", "webshop-yaml", "multi-product", "event-stages"]));
  });

  for (const name of withTests) {
    it(`examples/${name}: all pass`, async () => {
      const r = await runCli(["test", join(ROOT, name), "--format", "json"]);
      const json = JSON.parse(r.stdout) as { passed: number; failed: number; files: { tests: { name: string; failures: unknown[] }[] }[] };
      const failed = json.files.flatMap((f) => f.tests.filter((t) => t.failures.length > 0));
      expect(failed).toEqual([]);
      expect(json.failed).toBe(0);
      expect(json.passed).toBeGreaterThanOrEqual(2);
      expect(r.code).toBe(0);
    }, 30_000);
  }

  it("b2b pins the stories its comments tell", async () => {
    const r = await runCli(["test", join(ROOT, "b2b")]);
    for (const story of [
      "a student who asks for a demo never becomes an MQL",
      "a quiet MQL decays below the threshold in two weeks",
      "a junk lead is deleted after 30 days",
      "a returning lead raises a second MQL alert",
    ])
      expect(r.stdout).toContain(`pass  ${story}`);
  }, 30_000);
});
