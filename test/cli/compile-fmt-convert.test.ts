import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const MODEL = `version "1"

# Decay keeps old interest from piling up.
score engagement { limit -20..70  decay 10 every 7d }
field job_title: string
rule "Clicked an email" on email.clicked engagement +3
threshold mql when engagement >= 60 { tag mql }
`;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), "ff-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe("funnelform compile", () => {
  it("prints canonical IR JSON whose hash matches validate's", async () => {
    const d = dir({ "m.funnel": MODEL });
    const c = await runCli(["compile", d]);
    expect(c.code).toBe(0);
    const ir = JSON.parse(c.stdout) as { hash: string; scores: Record<string, unknown> };
    expect(ir.scores).toHaveProperty("engagement");
    const v = await runCli(["validate", d, "--format", "json"]);
    expect((JSON.parse(v.stdout) as { hash: string }).hash).toBe(ir.hash);
  });

  it("refuses to compile a broken workspace, exit 1, errors on stderr", async () => {
    const d = dir({ "m.funnel": MODEL.replace("email.clicked", "email.clikced") });
    const c = await runCli(["compile", d], { NO_COLOR: "1" });
    expect(c.code).toBe(1);
    expect(c.stdout).toBe("");
    expect(c.stderr).toContain("unknown-event");
  });
});

describe("funnelform fmt", () => {
  it("--check lists an unformatted file and exits 1 without changing it; fmt then fixes it", async () => {
    const messy = MODEL.replace("rule \"Clicked an email\" on", "rule   \"Clicked an email\"    on");
    const d = dir({ "m.funnel": messy });
    const check = await runCli(["fmt", "--check", d]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("m.funnel");
    expect(readFileSync(join(d, "m.funnel"), "utf8")).toBe(messy);
    expect((await runCli(["fmt", d])).code).toBe(0);
    expect((await runCli(["fmt", "--check", d])).code).toBe(0);
    expect(readFileSync(join(d, "m.funnel"), "utf8")).toContain("# Decay keeps old interest from piling up.");
  });

  it("leaves a file with syntax errors alone and says why", async () => {
    const broken = MODEL.replace("limit -20..70", "limit -20..");
    const d = dir({ "m.funnel": broken.replace("{ tag mql }", "{ tag mql") });
    const r = await runCli(["fmt", d], { NO_COLOR: "1" });
    expect(r.code).toBe(1);
    expect(readFileSync(join(d, "m.funnel"), "utf8")).toBe(broken.replace("{ tag mql }", "{ tag mql"));
  });
});

describe("funnelform convert", () => {
  it("DSL → YAML → DSL gives the formatted DSL text and the same hash", async () => {
    const d = dir({ "m.funnel": MODEL });
    await runCli(["fmt", d]);
    const formatted = readFileSync(join(d, "m.funnel"), "utf8");
    const y = mkdtempSync(join(tmpdir(), "ff-yaml-"));
    expect((await runCli(["convert", "--to", "yaml", d, "-o", y])).code).toBe(0);
    const back = mkdtempSync(join(tmpdir(), "ff-back-"));
    expect((await runCli(["convert", "--to", "dsl", y, "-o", back])).code).toBe(0);
    expect(readFileSync(join(back, "m.funnel"), "utf8")).toBe(formatted);
    const h1 = JSON.parse((await runCli(["compile", d])).stdout) as { hash: string };
    const h2 = JSON.parse((await runCli(["compile", y])).stdout) as { hash: string };
    expect(h2.hash).toBe(h1.hash);
  });

  it("needs -o for a folder (writing beside the originals would define every name twice)", async () => {
    const d = dir({ "m.funnel": MODEL });
    const r = await runCli(["convert", "--to", "yaml", d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("-o");
  });
});

describe("funnelform plan", () => {
  it("shows changed attributes old → new, a summary, and --detailed-exitcode 2 when something changes", async () => {
    const before = dir({ "m.funnel": MODEL });
    const after = dir({ "m.funnel": MODEL.replace("engagement +3", "engagement +4").replace(">= 60", ">= 50") });
    const r = await runCli(["plan", after, "--base", before, "--detailed-exitcode"], { NO_COLOR: "1" });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('~ rule "Clicked an email"');
    expect(r.stdout).toContain("points: +3 → +4");
    expect(r.stdout).toContain("when: engagement >= 60 → engagement >= 50");
    expect(r.stdout).toContain("Plan: 0 to add, 2 to change, 0 to remove.");
    const same = await runCli(["plan", before, "--base", before, "--detailed-exitcode"]);
    expect(same.code).toBe(0);
  });

  it("saves a plan file with the base hash for apply (-out, as in Terraform)", async () => {
    const before = dir({ "m.funnel": MODEL });
    const after = dir({ "m.funnel": MODEL.replace("+3", "+4") });
    const out = join(after, "plan.json");
    expect((await runCli(["plan", after, "--base", before, "-out", out])).code).toBe(0);
    const plan = JSON.parse(readFileSync(out, "utf8")) as { format: string; baseHash: string; hash: string };
    const base = JSON.parse((await runCli(["compile", before])).stdout) as { hash: string };
    expect(plan).toMatchObject({ format: "funnelform-plan/1", baseHash: base.hash });
  });

  it("says plainly when --base deployed finds nothing deployed (and creates no database)", async () => {
    const d = dir({ "m.funnel": MODEL });
    const data = join(d, "no-such-data");
    const r = await runCli(["plan", d, "--base", "deployed"], { DATABASE_URL: undefined, FUNNELFORM_DATA_DIR: data });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nothing is deployed");
    expect(existsSync(data)).toBe(false);
  });
});
