/**
 * `fmt` keeps the author's layout: paragraphs (blank lines) and comments inside block
 * bodies, in both syntaxes and through `convert`.
 */
import { describe, expect, it } from "vitest";
import { printDsl } from "../../../dsl/print/dsl.js";
import { printYaml } from "../../../dsl/print/yaml.js";
import { parseFunnel } from "../../../dsl/syntax/index.js";
import { loadYaml } from "../../../dsl/yaml/index.js";
import { sameAst } from "../../../runtime/cli/same-ast.js";

const fmt = (text: string): string => printDsl(parseFunnel(text, "t.funnel").value);
const viaYaml = (text: string): string => printDsl(loadYaml(printYaml(parseFunnel(text, "t.funnel").value), "t.funnel.yaml").value);

/** Formatting is stable, keeps the AST, and survives DSL → YAML → DSL. */
function expectStable(text: string): void {
  const once = fmt(text);
  expect(fmt(once)).toBe(once);
  expect(sameAst(parseFunnel(text, "a").value, parseFunnel(once, "b").value)).toBe(true);
  expect(viaYaml(once)).toBe(once);
  const yaml = printYaml(parseFunnel(once, "t.funnel").value);
  expect(printYaml(loadYaml(yaml, "t.funnel.yaml").value)).toBe(yaml);
}

describe("paragraphs", () => {
  const rules = `rule "A" on a.b engagement +1
rule "B" on a.b engagement +1


# second group
rule "C" on a.b engagement +1
rule "D" on a.b engagement +1
`;

  it("keeps a blank line between rules, collapses several into one, and adds none", () => {
    expect(fmt(rules)).toBe(`rule "A"  on a.b  engagement +1
rule "B"  on a.b  engagement +1

# second group
rule "C"  on a.b  engagement +1
rule "D"  on a.b  engagement +1
`);
    expectStable(rules);
  });

  it("keeps blank lines between comment paragraphs above a declaration", () => {
    const text = `score s { kind fit }

# --- Section

# about A
rule "A" on a.b s +1
`;
    expect(fmt(text)).toBe(text);
    expectStable(text);
  });

  it("aligns rules only within their paragraph, so a long name changes one paragraph", () => {
    const before = fmt(rules);
    const after = fmt(rules.replace('rule "D"', 'rule "A much longer rule name"'));
    expect(after.split("\n").slice(0, 2)).toEqual(before.split("\n").slice(0, 2));
    expect(after).toMatch(/^rule "C" {24}on a\.b {2}engagement \+1$/m);
  });

  it("keeps paragraphs between stages, steps and feedback outcomes", () => {
    const text = `pipeline p {
  stage a initial
  stage b

  stage c
    when event x.y
}

feedback f {
  ask owner via email after 3d, then every 3d, at most 2 times

  good_lead  -> tag good
  bad_timing -> tag fine

  # junk goes
  junk -> tag bad
}

campaign c {
  enter on x.y

  send email "a"

  wait 3d
  send email "b"
}
`;
    expect(fmt(text)).toBe(text);
    expectStable(text);
  });

  it("separates declarations of different kinds with one blank line", () => {
    expect(fmt('field a: string\nscore s { kind fit }\nscore t { kind fit }\n')).toBe('field a: string\n\nscore s { kind fit }\nscore t { kind fit }\n');
  });
});

describe("comments inside bodies", () => {
  it("keeps a comment inside a score above its setting, printing the score as a block", () => {
    const text = `score engagement { kind engagement
  # the cap
  limit 0..70  decay 10 every 7d }
`;
    expect(fmt(text)).toBe(`score engagement {
  kind engagement
  # the cap
  limit 0..70
  decay 10 every 7d
}
`);
    expectStable(text);
    const yaml = printYaml(parseFunnel(text, "t.funnel").value);
    expect(yaml).toContain("    # the cap\n    limit: 0..70\n");
  });

  it("keeps comments in pipeline, threshold, campaign, channel and feedback bodies and above stage triggers", () => {
    const text = `pipeline p {
  # why back
  allow b -> a

  stage a initial
  stage b
    # first way in
    when event x.y
    when event y.z
}

threshold t when s >= 1 {
  # hold off
  cooldown 30d
  tag hot
  # tell them
  notify owner "hot"
}

feedback f {
  # nag
  ask owner via email after 3d, then every 3d, at most 2 times

  # yes
  good_lead -> tag good
}

campaign c {
  # how they get in
  enter on x.y
  # quiet hours
  send window mon-fri 09:00-17:00

  send email "a"
}

channel hook {
  type webhook
  # from the vault
  url env("HOOK_URL")
}
`;
    expect(fmt(text)).toBe(text);
    expectStable(text);
    const ast = parseFunnel(text, "t.funnel").value;
    expect(ast.decls).toMatchObject([
      { kind: "pipeline", comments: [], bodyComments: { "allow.0": ["why back"] }, stages: [{}, { bodyComments: { "when.0": ["first way in"] } }] },
      { kind: "threshold", comments: [], bodyComments: { cooldown: ["hold off"], "action.1": ["tell them"] } },
      { kind: "feedback", comments: [], bodyComments: { ask: ["nag"], "outcome.0": ["yes"] } },
      { kind: "campaign", comments: [], bodyComments: { enter: ["how they get in"], sendWindow: ["quiet hours"] } },
      { kind: "channel", comments: [], bodyComments: { "setting.0": ["from the vault"] } },
    ]);
  });

  it("keeps comments between the operands of a segment condition", () => {
    const text = `segment s {
  # ours
  domain == "x.example"
  # students
  or email endswith ".edu"
}
`;
    expect(fmt(text)).toBe(text);
    expect(fmt(fmt(text))).toBe(text);
  });

  it("breaks a long threshold condition before and/or, four spaces in", () => {
    const text = `threshold mql when engagement >= 60 and fit >= 20 and not stage lifecycle in [sales_accepted, opportunity, customer] {
  tag mql
}
`;
    expect(fmt(text)).toBe(`threshold mql when engagement >= 60 and fit >= 20
    and not stage lifecycle in [sales_accepted, opportunity, customer] {
  tag mql
}
`);
    expectStable(text);
  });
});
