/**
 * Where comments and blank lines go when `convert` moves a file between the two syntaxes:
 * each case is written as the formatted DSL and the formatted YAML a user would see, and
 * converting either one gives exactly the other, and back again (the functions `fmt` and
 * `convert` use: runtime/cli/commands/fmt.ts).
 */
import { describe, expect, it } from "vitest";
import type { FileAst } from "../../dsl/ast.js";
import { parseFile, printFile } from "../../runtime/cli/commands/fmt.js";
import { sameAst } from "../../runtime/cli/same-ast.js";

function read(path: string, text: string): FileAst {
  const { ast, diagnostics } = parseFile(path, text);
  expect(diagnostics.filter((d) => d.severity === "error"), text).toEqual([]);
  return ast;
}

/** Both texts are formatted, convert into each other, and read as the same AST. */
function expectPair(dsl: string, yaml: string): void {
  const fromDsl = read("t.funnel", dsl);
  const fromYaml = read("t.funnel.yaml", yaml);
  expect(printFile(fromDsl, "dsl")).toBe(dsl);
  expect(printFile(fromYaml, "yaml")).toBe(yaml);
  expect(printFile(fromDsl, "yaml")).toBe(yaml);
  expect(printFile(fromYaml, "dsl")).toBe(dsl);
  expect(sameAst(fromDsl, fromYaml)).toBe(true);
}

describe("comments between the operands of a condition", () => {
  const dsl = `segment do_not_score "Suppression list" {
  # Our own employees.
  company_domain == "northwind.example"
  # Vendors: the CRM sync tags them.
  or tagged vendor
  # Students.
  or email endswith ".edu"
}
`;
  const yaml = `segments:
  do_not_score:
    label: Suppression list
    when: |-
      # Our own employees.
      company_domain == "northwind.example"
      # Vendors: the CRM sync tags them.
      or tagged vendor
      # Students.
      or email endswith ".edu"
`;

  it("stay between the same operands: YAML keeps the condition as DSL text in a block scalar", () => {
    expectPair(dsl, yaml);
  });

  it("belong to the operand below them, whichever syntax they were written in", () => {
    const ast = read("t.funnel.yaml", yaml);
    expect(ast.decls[0]).toMatchObject({ comments: [], bodyComments: { "when.0": ["Our own employees."], "when.1": ["Vendors: the CRM sync tags them."], "when.2": ["Students."] } });
  });

  it("above the first operand only: the condition stays a plain scalar with the comment above `when:`", () => {
    expectPair(
      `segment students {
  # Universities.
  email endswith ".edu"
  or job_title matches "student"
}
`,
      `segments:
  students:
    # Universities.
    when: email endswith ".edu" or job_title matches "student"
`,
    );
  });
});

describe("end-of-line comments", () => {
  it("stay at the end of their line on declarations and on the items of bodies", () => {
    expectPair(
      `version "1"  # the release

field vip: boolean = false  # set by the CRM

score engagement {  # how keen
  limit -20..70  # capped
  decay 10 every 7d
}
score fit { kind fit }  # one line

rule "Clicked"  on email.clicked                            engagement +3  # small
rule "Pricing"  on page.visited if url contains "/pricing"  engagement +20

segment students {
  email endswith ".edu"  # universities
  or tagged student
}

pipeline lifecycle {
  allow mql -> unknown  # recycle

  stage unknown initial  # start
  stage mql
    when engagement >= 60  # keen
    when event form.submitted
}

threshold mql when engagement >= 60 {
  tag mql  # mark
}

feedback quality {
  ask owner via email after 3d, then every 3d, at most 10 times

  good_lead -> tag good  # fine
  junk      -> tag junk
}

campaign nurture {
  enter when in segment students  # who

  send email "hello"  # first
  if tagged vip {  # vips
    wait 1d  # pause
  }
}

channel hook {
  type webhook
  url "https://hooks.example/x"  # the hook
}
`,
      `version: "1"  # the release

fields:
  vip: { type: boolean, default: false }  # set by the CRM

scores:
  engagement:  # how keen
    limit: -20..70  # capped
    decay: 10 every 7d
  fit: { kind: fit }  # one line

rules:
  Clicked: { on: email.clicked, score: engagement, points: +3 }  # small
  Pricing: { on: page.visited, if: url contains "/pricing", score: engagement, points: +20 }

segments:
  students:
    when: |-
      email endswith ".edu"  # universities
      or tagged student

pipelines:
  lifecycle:
    allow:
      - mql -> unknown  # recycle
    stages:
      - unknown: { initial: true }  # start
      - mql:
          when:
            - engagement >= 60  # keen
            - event form.submitted

thresholds:
  mql:
    when: engagement >= 60
    do:
      - tag mql  # mark

feedback:
  quality:
    ask: owner via email after 3d, then every 3d, at most 10 times

    good_lead: tag good  # fine
    junk: tag junk

campaigns:
  nurture:
    enter: when in segment students  # who
    steps:
      - send email "hello"  # first
      - if: tagged vip  # vips
        then:
          - wait 1d  # pause

channels:
  hook:
    type: webhook
    url: https://hooks.example/x  # the hook
`,
    );
  });

  it("are recorded as the line's comment, not one above, by both front ends", () => {
    const dsl = read("t.funnel", 'rule "Clicked" on email.clicked engagement +3  # small\nscore s {\n  limit 0..10  # capped\n}\n');
    expect(dsl.decls).toMatchObject([
      { kind: "rule", comments: ["small"], lineComment: true },
      { kind: "score", comments: [], bodyComments: { limit: ["capped"] }, bodyLineComments: { limit: true } },
    ]);
    const yaml = read("t.funnel.yaml", "rules:\n  Clicked: { on: email.clicked, score: engagement, points: +3 }  # small\nscores:\n  s:\n    limit: 0..10  # capped\n");
    expect(sameAst(dsl, yaml)).toBe(true);
  });
});

describe("comments in YAML written another way than convert writes it", () => {
  it("keep their lines in a stage written `- mql:` with its settings below, and in a folded condition", () => {
    const yaml = `pipelines:
  p:
    stages:
      - mql:  # the MQL stage
        label: MQL
        when: engagement >= 60  # keen
segments:
  y:
    when: >-
      a == 1
      # or else
      or b == 2
`;
    const dsl = printFile(read("t.funnel.yaml", yaml), "dsl");
    expect(dsl).toBe(`pipeline p {
  stage mql "MQL"  # the MQL stage
    when engagement >= 60  # keen
}

segment y {
  a == 1
  # or else
  or b == 2
}
`);
    expect(printFile(read("t.funnel.yaml", printFile(read("t.funnel", dsl), "yaml")), "dsl")).toBe(dsl);
  });
});

describe("comments before the first and after the last item of a body", () => {
  it("stay inside the body, above the first item and below the last", () => {
    expectPair(
      `score engagement {
  # before the first
  limit -20..70
  # after the last
}

segment students {
  email endswith ".edu"
  or tagged student
  # after the condition
}

pipeline lifecycle {
  # before the first move
  allow mql -> unknown

  # before the first stage
  stage unknown initial
  stage mql
  # after the last stage
}

campaign nurture {
  # before the first step
  send email "hello"
  wait 1d
  # after the last step
}
`,
      `scores:
  engagement:
    # before the first
    limit: -20..70
    # after the last

segments:
  students:
    when: email endswith ".edu" or tagged student
    # after the condition

pipelines:
  lifecycle:
    allow:
      # before the first move
      - mql -> unknown
    stages:
      # before the first stage
      - unknown: { initial: true }
      - mql
    # after the last stage

campaigns:
  nurture:
    steps:
      # before the first step
      - send email "hello"
      - wait 1d
    # after the last step
`,
    );
  });

  it("a YAML comment after a body belongs to the body only when it is indented into it", () => {
    const ast = read("t.funnel.yaml", "scores:\n  a:\n    limit: 0..10\n    # end of a\n  # above b\n  b: { limit: 0..5 }\n");
    expect(ast.decls).toMatchObject([{ comments: [], bodyComments: { end: ["end of a"] } }, { comments: ["above b"] }]);
    expect(ast.decls[1]).not.toHaveProperty("bodyComments");
    // Under the next section's key, however deep, it is not the previous body's any more.
    const next = read("t.funnel.yaml", "scores:\n  a: { limit: 0..10 }\nrules:\n    # about R\n  R: { on: a.b, score: a, points: +1 }\n");
    expect(next.decls).toMatchObject([{ comments: [] }, { comments: ["about R"] }]);
    expect(next.decls[0]).not.toHaveProperty("bodyComments");
  });
});

describe("blank lines", () => {
  it("keep the author's paragraphs between declarations, stages, steps and outcomes", () => {
    expectPair(
      `rule "Clicked"  on email.clicked  engagement +3
rule "Opened"   on email.opened   engagement +1

# The big one.

rule "Demo" on form.submitted engagement +60

pipeline lifecycle {
  stage unknown initial

  stage mql
  stage customer
}

feedback quality {
  ask owner via email after 3d, then every 3d, at most 10 times

  good_lead -> tag good

  junk -> tag junk
}

campaign nurture {
  send email "hello"

  wait 1d
  send email "again"
}
`,
      `rules:
  Clicked: { on: email.clicked, score: engagement, points: +3 }
  Opened: { on: email.opened, score: engagement, points: +1 }

  # The big one.

  Demo: { on: form.submitted, score: engagement, points: +60 }

pipelines:
  lifecycle:
    stages:
      - unknown: { initial: true }

      - mql
      - customer

feedback:
  quality:
    ask: owner via email after 3d, then every 3d, at most 10 times

    good_lead: tag good

    junk: tag junk

campaigns:
  nurture:
    steps:
      - send email "hello"

      - wait 1d
      - send email "again"
`,
    );
  });
});

describe("comments written where the canonical layout puts none", () => {
  it("move to a place both syntaxes keep, and then stay there, none lost", () => {
    const text = `score t {
  limit 0..10
}  # after the brace

campaign c {
  if tagged vip {
    wait 1d
    # end of the branch
  }
}
`;
    const once = printFile(read("t.funnel", text), "dsl");
    expect(once).toBe(`score t { limit 0..10 }  # after the brace

campaign c {
  # end of the branch
  if tagged vip {
    wait 1d
  }
}
`);
    const yaml = printFile(read("t.funnel", once), "yaml");
    expect(printFile(read("t.funnel.yaml", yaml), "dsl")).toBe(once);
    expect(printFile(read("t.funnel.yaml", yaml), "yaml")).toBe(yaml);
  });
});
