import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Db } from "../../runtime/store/db.js";
import { migrate } from "../../runtime/store/migrate.js";
import { activeVersion } from "../../runtime/store/versions.js";
import { freshDatabaseUrl, WORKSPACE } from "../api/fixtures.js";
import { runCli } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "ff-channels-"));
writeFileSync(
  join(dir, "workspace.funnel"),
  `${WORKSPACE}
channel crm { type webhook  url env("CRM_WEBHOOK_URL")  secret env("CRM_WEBHOOK_SECRET") }
threshold hot when engagement >= 10 { webhook crm }
`,
);

describe("apply and the channels' environment variables", () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl());
    db = openPostgres(url, { max: 1 });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it("refuses to deploy while a channel's variable is unset, naming it, and deploys once it is set", async () => {
    const refused = await runCli(["apply", dir, "--yes"], { DATABASE_URL: url, FUNNELFORM_USER: "tester", CRM_WEBHOOK_URL: undefined, CRM_WEBHOOK_SECRET: "s" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("channel crm needs the environment variable CRM_WEBHOOK_URL, which is not set");
    expect(refused.stderr).not.toContain("CRM_WEBHOOK_SECRET");
    expect(await activeVersion(db)).toBeUndefined();

    const applied = await runCli(["apply", dir, "--yes"], { DATABASE_URL: url, FUNNELFORM_USER: "tester", CRM_WEBHOOK_URL: "https://crm.example.com/hook", CRM_WEBHOOK_SECRET: "s" });
    expect(applied.code).toBe(0);
    const active = await activeVersion(db);
    expect(active?.ir.channels["crm"]).toEqual({ type: "webhook", url: { env: "CRM_WEBHOOK_URL" }, secret: { env: "CRM_WEBHOOK_SECRET" } });

    // Rolling back (or forward) to a stored version checks its channels too.
    const rollback = await runCli(["apply", "--version", active?.hash ?? "", "--yes"], { DATABASE_URL: url, FUNNELFORM_USER: "tester", CRM_WEBHOOK_URL: "https://crm.example.com/hook", CRM_WEBHOOK_SECRET: undefined });
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toContain("channel crm needs the environment variable CRM_WEBHOOK_SECRET, which is not set");
  });
});
