import { describe, expect, it } from "vitest";
import { parseAskKey } from "../../runtime/api/feedback-link.js";
import { channelEnvErrors } from "../../runtime/channels/env-check.js";
import { resolveChannels } from "../../runtime/channels/resolve.js";
import type { Channel } from "../../schemas/ir.js";
import { askMessage, T } from "./fixtures.js";

const CHANNELS: Record<string, Channel> = {
  crm: { type: "webhook", url: { env: "CRM_WEBHOOK_URL" }, secret: { env: "CRM_WEBHOOK_SECRET" } },
  email: { type: "smtp", url: { env: "SMTP_URL" }, from: "marketing@example.com" },
  dev_log: { type: "log" },
};

describe("channels and their environment variables", () => {
  it("names every unset variable and the channel that needs it", () => {
    const r = resolveChannels({ channels: CHANNELS }, { CRM_WEBHOOK_SECRET: "x" });
    expect(r).toEqual({
      ok: false,
      errors: [
        "channel crm needs the environment variable CRM_WEBHOOK_URL, which is not set",
        "channel email needs the environment variable SMTP_URL, which is not set",
      ],
    });
    expect(channelEnvErrors({ channels: CHANNELS }, { CRM_WEBHOOK_URL: "https://crm.example.com/h", SMTP_URL: "smtp://mail", CRM_WEBHOOK_SECRET: " " })).toEqual([
      "channel crm needs the environment variable CRM_WEBHOOK_SECRET, which is empty",
    ]);
  });

  it("refuses a URL of the wrong kind without repeating it (it may hold a password)", () => {
    const r = resolveChannels({ channels: CHANNELS }, { CRM_WEBHOOK_URL: "ftp://user:hunter2@crm", CRM_WEBHOOK_SECRET: "s", SMTP_URL: "https://mail.example.com" });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain("channel crm needs a URL in the environment variable CRM_WEBHOOK_URL starting with http:// or https://");
    expect(errors[1]).toContain("SMTP_URL starting with smtp:// or smtps://");
    expect(errors.join("\n")).not.toContain("hunter2");
  });

  it("gives every declared channel its sender, and undeclared email and log channels the log", () => {
    const r = resolveChannels({ channels: CHANNELS }, { CRM_WEBHOOK_URL: "https://crm.example.com/h", CRM_WEBHOOK_SECRET: "s", SMTP_URL: "smtp://mail.example.com:2525" });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(Object.fromEntries([...r.senders].map(([name, s]) => [name, s.type]))).toEqual({ crm: "webhook", dev_log: "log", email: "smtp", log: "log" });
    const bare = resolveChannels({ channels: {} }, {});
    expect(bare.ok && Object.fromEntries([...bare.senders].map(([name, s]) => [name, s.type]))).toEqual({ email: "log", log: "log" });
  });

  it("reads a feedback ask's run from the key the same way the link checker does", () => {
    const m = askMessage("acme:ann", 3, "email", "o@example.com", T);
    expect(parseAskKey(m.key)).toEqual({ loop: "mql_quality", contact: "acme:ann", startedAt: T, ask: 3 });
  });
});
