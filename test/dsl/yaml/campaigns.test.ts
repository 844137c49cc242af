import { describe, expect, it } from "vitest";
import { loadYaml } from "../../../dsl/yaml/index.js";

const FILE = "c.funnel.yaml";

describe("loadYaml: campaigns and steps", () => {
  const text = `campaigns:
  reactivate:
    label: Win back lapsed buyers
    enter: when in segment lapsed_buyers
    leave: when stage lifecycle is customer
    goal: did purchase.completed
    reenter: after 90d
    on change: migrate
    send window: mon-fri 09:00-18:00
    steps:
      - intro: send email "we-miss-you"
      - wait 3d
      - label: check
        if: did email.clicked within 3d
        then: send email "offer"
        else: [wait until mon 09:00, send email "last-chance"]
      - { label: bye, do: delete contact after 30d }
      - wait until did email.clicked at most 7d
`;

  it("reads every campaign setting", () => {
    const { value, diagnostics } = loadYaml(text, FILE);
    expect(diagnostics).toEqual([]);
    expect(value.decls).toMatchObject([
      {
        kind: "campaign",
        name: { text: "reactivate" },
        label: { value: "Win back lapsed buyers" },
        enter: { kind: "segment", segment: { text: "lapsed_buyers" } },
        leave: { kind: "in_stage", pipeline: { text: "lifecycle" } },
        goal: { kind: "history", agg: "did" },
        reentry: { kind: "after", dur: { seconds: 90 * 86400 } },
        onChange: { value: "migrate" },
        sendWindow: { from: { value: "09:00" }, to: { value: "18:00" } },
      },
    ]);
  });

  it("reads labelled, plain, if/else and wait steps in order", () => {
    const { value } = loadYaml(text, FILE);
    const campaign = value.decls[0];
    if (campaign?.kind !== "campaign") throw new Error("no campaign");
    expect(campaign.steps).toMatchObject([
      { kind: "action", label: { text: "intro" }, action: { kind: "send_email", template: { value: "we-miss-you" } } },
      { kind: "wait", dur: { seconds: 3 * 86400 } },
      {
        kind: "if",
        label: { text: "check" },
        cond: { kind: "history" },
        then: [{ kind: "action", action: { kind: "send_email" } }],
        else: [{ kind: "wait_time", time: { value: "09:00" } }, { kind: "action", action: { kind: "send_email" } }],
      },
      { kind: "action", label: { text: "bye" }, action: { kind: "delete_contact", after: { seconds: 30 * 86400 } } },
      { kind: "wait_until", atMost: { seconds: 7 * 86400 } },
    ]);
    expect(campaign.steps[0]?.label?.span).toEqual({ file: FILE, start: text.indexOf("intro"), end: text.indexOf("intro") + 5 });
  });

  it("accepts `leave` without the leading `when`", () => {
    const { value, diagnostics } = loadYaml("campaigns:\n  c:\n    leave: tagged done\n    steps: [wait 1d]\n", FILE);
    expect(diagnostics).toEqual([]);
    expect(value.decls).toMatchObject([{ leave: { kind: "tagged", tag: { text: "done" } } }]);
  });

  it("asks for `if` when a step has only `then`, and for `do` when it has only `label`", () => {
    const t = "campaigns:\n  c:\n    steps:\n      - then: [wait 1d]\n      - label: hi\n";
    expect(loadYaml(t, FILE).diagnostics).toMatchObject([
      { code: "yaml-missing-key", span: { start: t.indexOf("then") } },
      { code: "yaml-missing-key", span: { start: t.indexOf("label") } },
    ]);
  });

  it("asks for `then` in an `if` step", () => {
    const t = "campaigns:\n  c:\n    steps:\n      - if: tagged vip\n        else: [wait 1d]\n";
    expect(loadYaml(t, FILE).diagnostics).toMatchObject([{ code: "yaml-missing-key" }]);
  });
});
