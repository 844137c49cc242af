import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const MODEL = `version "1"
score engagement { limit -20..70  decay 10 every 7d }
rule "Clicked an email" on email.clicked engagement +3
threshold mql when engagement >= 60 { tag mql }
`;

function repo(): { root: string; ws: string; git: (...args: string[]) => string } {
  const root = mkdtempSync(join(tmpdir(), "ff-git-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, encoding: "utf8" });
  git("init", "-q");
  const ws = join(root, "funnel");
  mkdirSync(ws);
  writeFileSync(join(ws, "model.funnel"), MODEL);
  writeFileSync(join(root, "unrelated.funnel"), 'version "other"\n');
  git("add", "-A");
  git("commit", "-qm", "v1");
  return { root, ws, git };
}

describe("funnelform plan --base git:REF", () => {
  it("compares the work tree with the workspace at a commit, without touching the work tree", async () => {
    const { ws, git } = repo();
    writeFileSync(join(ws, "model.funnel"), MODEL.replace(">= 60", ">= 50"));
    const r = await runCli(["plan", ws, "--base", "git:HEAD", "--detailed-exitcode"], { NO_COLOR: "1" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("when: engagement >= 60 → engagement >= 50");
    expect(r.stdout).toContain("Plan: 0 to add, 1 to change, 0 to remove.");
    expect(git("status", "--porcelain")).toBe(" M funnel/model.funnel\n");
  });

  it("finds no change against the commit the work tree is at", async () => {
    const { ws } = repo();
    const r = await runCli(["plan", ws, "--base", "git:HEAD", "--detailed-exitcode"]);
    expect(r.code).toBe(0);
  });

  it("says plainly when the ref does not exist", async () => {
    const { ws } = repo();
    const r = await runCli(["plan", ws, "--base", "git:no-such-branch"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no-such-branch");
  });
});
