import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acquireApplyLock } from "../../runtime/store/apply-lock.js";
import { openPostgres, type Db } from "../../runtime/store/db.js";
import { migrate } from "../../runtime/store/migrate.js";
import { activeVersion } from "../../runtime/store/versions.js";
import { compileText, freshDatabaseUrl, WORKSPACE, WORKSPACE_V2 } from "../api/fixtures.js";
import { runCli } from "./run-cli.js";

/** A workspace folder holding `text`. */
function workspace(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ff-apply-"));
  writeFileSync(join(dir, "workspace.funnel"), text);
  return dir;
}

const V1 = workspace(WORKSPACE);
const V2 = workspace(WORKSPACE_V2);
const V3 = workspace(WORKSPACE_V2.replace('version "2"', 'version "3"').replace("engagement +10", "engagement +12"));
const H1 = compileText(WORKSPACE).hash;
const H2 = compileText(WORKSPACE_V2).hash;

describe("apply, rollback and the apply lock on PostgreSQL", () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: url, FUNNELFORM_USER: "tester" });
  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl());
    db = openPostgres(url, { max: 2 });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });
  beforeEach(() => db.exec("TRUNCATE config_activations, config_versions, apply_lock"));

  it("plan --base deployed says plainly that nothing is deployed yet", async () => {
    const r = await cli("plan", V1, "--base", "deployed");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nothing is deployed");
  });

  it("after apply, plan --base deployed shows no changes", async () => {
    const a = await cli("apply", V1, "--yes");
    expect(a).toMatchObject({ code: 0 });
    expect(a.stdout).toContain(H1);
    expect((await activeVersion(db))?.hash).toBe(H1);
    const p = await cli("plan", V1, "--base", "deployed", "--detailed-exitcode");
    expect(p.code).toBe(0);
    expect(p.stdout).toContain("No changes");
    expect((await cli("plan", V2, "--base", "deployed", "--detailed-exitcode")).code).toBe(2);
  });

  it("shows the changes and refuses without --yes when there is no terminal to ask on", async () => {
    await cli("apply", V1, "--yes");
    const r = await cli("apply", V2);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Visit");
    expect(r.stderr).toContain("--yes");
    expect((await activeVersion(db))?.hash).toBe(H1);
  });

  it("applies a saved plan whose base is deployed, and refuses one whose base has moved, naming both hashes", async () => {
    await cli("apply", V1, "--yes");
    const plan = join(mkdtempSync(join(tmpdir(), "ff-plan-")), "change.plan.json");
    expect((await cli("plan", V2, "--base", "deployed", "--out", plan)).code).toBe(0);
    const moved = await cli("apply", V3, "--yes");
    expect(moved.code).toBe(0);
    const H3 = (await activeVersion(db))?.hash ?? "";
    const stale = await cli("apply", plan, "--yes");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(H1);
    expect(stale.stderr).toContain(H3);
    expect((await activeVersion(db))?.hash).toBe(H3);
    await cli("apply", "--version", H1, "--yes");
    expect((await cli("apply", plan, "--yes")).code).toBe(0);
    expect((await activeVersion(db))?.hash).toBe(H2);
  });

  it("--expect-base refuses when the deployed version moved", async () => {
    await cli("apply", V1, "--yes");
    const r = await cli("apply", V2, "--yes", "--expect-base", "0".repeat(64));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(H1);
    expect((await cli("apply", V2, "--yes", "--expect-base", H1)).code).toBe(0);
  });

  it("apply --version rolls back to a stored version, and refuses a hash never applied", async () => {
    await cli("apply", V1, "--yes");
    await cli("apply", V2, "--yes");
    const r = await cli("apply", "--version", H1, "--yes");
    expect(r.code).toBe(0);
    expect((await activeVersion(db))?.hash).toBe(H1);
    expect((await cli("plan", V1, "--base", "deployed", "--detailed-exitcode")).code).toBe(0);
    expect((await cli("apply", "--version", "f".repeat(64), "--yes")).code).toBe(1);
  });

  it("a held lock stops apply with the holder's name and a force-unlock hint; force-unlock prints the holder", async () => {
    await acquireApplyLock(db, "alice@build-7 (pid 42)");
    const r = await cli("apply", V1, "--yes");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("alice@build-7 (pid 42)");
    expect(r.stderr).toContain("force-unlock");
    expect(await activeVersion(db)).toBeUndefined();
    const u = await cli("force-unlock");
    expect(u.code).toBe(0);
    expect(u.stdout).toContain("alice@build-7 (pid 42)");
    expect((await cli("force-unlock")).stdout).toContain("not held");
    expect((await cli("apply", V1, "--yes")).code).toBe(0);
  });
});

describe("apply without DATABASE_URL", () => {
  it("uses the embedded database in FUNNELFORM_DATA_DIR and says where", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ff-data-")), "data");
    const env = { DATABASE_URL: undefined, FUNNELFORM_DATA_DIR: dir };
    const before = await runCli(["plan", V1, "--base", "deployed"], env);
    expect(before.stderr).toContain("nothing is deployed");
    expect(existsSync(dir)).toBe(false);
    const a = await runCli(["apply", V1, "--yes"], env);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain(dir);
    const p = await runCli(["plan", V1, "--base", "deployed", "--detailed-exitcode"], env);
    expect(p.code).toBe(0);
  }, 120_000);
});
