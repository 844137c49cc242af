import { describe, expect, it } from "vitest";
import { compile, compileFiles, lineCol, spanText, withCode } from "../compile/helpers.js";

const V = 'version "1"\n';
const SCORE = "score engagement { limit ..70 decay 10 every 7d }\n";
const PIPELINE = (extra = "") => `pipeline lifecycle {
  ${extra}
  stage unknown initial
  stage engaged
  stage mql
  stage sales_accepted
}
`;
const LOOP = (outcome: string) => `threshold hot when engagement >= 60 {
  stage lifecycle.mql
  feedback q
}
feedback q {
  ask owner via email after 3d, then every 3d, at most 5 times
  good_lead  -> stage lifecycle.sales_accepted
  bad_timing -> ${outcome}
  bad_fit    -> tag bad
  junk       -> delete contact after 30d
}
`;

describe("duplicate names across files", () => {
  it("points at the later declaration and says where the first one is", () => {
    const r = compileFiles([
      { path: "a.funnel", text: `${V}\nfield job_title: string\n` },
      { path: "b.funnel", text: "\nfield job_title: number\n" },
    ]);
    const [d] = withCode(r.diagnostics, "duplicate-name");
    expect(d).toMatchObject({ severity: "error", span: { file: "b.funnel" } });
    expect(lineCol("\nfield job_title: number\n", d)).toEqual({ line: 2, column: 7 });
    expect(d?.hint).toContain("a.funnel:3");
  });

  it("treats a re-declared built-in field as a duplicate", () => {
    const text = `${V}field email: string\n`;
    const [d] = withCode(compile(text).diagnostics, "duplicate-name");
    expect(spanText(text, d)).toBe("email");
  });

  it("allows the same name for different kinds of things (a threshold and a stage called mql)", () => {
    const r = compile(`${V}${SCORE}${PIPELINE()}threshold mql when engagement >= 60 { stage lifecycle.mql }\n`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("the version", () => {
  it("is required once per workspace", () => {
    const r = compile("field a: string\n");
    expect(withCode(r.diagnostics, "missing-version")).toMatchObject([{ severity: "error", span: { file: "main.funnel", start: 0 } }]);
  });
});

describe("backward moves", () => {
  it("rejects a feedback outcome that sends an MQL back without an allow", () => {
    const text = `${V}${SCORE}${PIPELINE()}${LOOP("stage lifecycle.engaged")}`;
    const r = compile(text);
    const [d] = withCode(r.diagnostics, "backward-move-not-allowed");
    expect(spanText(text, d)).toBe("stage lifecycle.engaged");
    expect(d?.hint).toContain("allow mql -> engaged");
    expect(r.value).toBeUndefined();
  });

  it("accepts it when the pipeline allows that move, or any backward move", () => {
    for (const extra of ["allow mql -> engaged", "allow backward"]) {
      const r = compile(`${V}${SCORE}${PIPELINE(extra)}${LOOP("stage lifecycle.engaged")}`);
      expect(withCode(r.diagnostics, "backward-move-not-allowed")).toEqual([]);
    }
  });

  it("knows the stage a campaign's entry segment requires", () => {
    const text = `${V}${PIPELINE()}segment hot { stage lifecycle at least mql }\ncampaign c {\n  enter when in segment hot\n  stage lifecycle.engaged\n}\n`;
    const [d] = withCode(compile(text).diagnostics, "backward-move-not-allowed");
    expect(spanText(text, d)).toBe("stage lifecycle.engaged");
  });

  it("rejects a backward move later in the same campaign branch", () => {
    const text = `${V}${PIPELINE()}campaign c {\n  enter on form.submitted\n  stage lifecycle.mql\n  wait 1d\n  stage lifecycle.engaged\n}\n`;
    const [d] = withCode(compile(text).diagnostics, "backward-move-not-allowed");
    expect(spanText(text, d)).toBe("stage lifecycle.engaged");
  });
});

describe("feedback loops", () => {
  it("warns about each outcome left unhandled, at the loop's name", () => {
    const text = `${V}feedback q {\n  ask owner via email after 3d, then every 3d, at most 5 times\n  good_lead -> tag good\n}\n`;
    const [d] = withCode(compile(text).diagnostics, "feedback-outcome-not-covered");
    expect(d).toMatchObject({ severity: "warning" });
    expect(spanText(text, d)).toBe("q");
    expect(d?.message).toContain("bad_timing");
  });
});

describe("dynamic segments and actions", () => {
  it("refuses to add contacts to a dynamic segment", () => {
    const text = `${V}${SCORE}segment hot { engagement >= 50 }\nthreshold t when engagement >= 60 { add to hot }\n`;
    const [d] = withCode(compile(text).diagnostics, "action-not-allowed");
    expect(spanText(text, d)).toBe("hot");
  });
});

describe("regular expressions in `matches`", () => {
  it("puts an invalid pattern's error on a character inside the string", () => {
    const text = `${V}segment s { email matches "ab(c" }\n`;
    const r = compile(text);
    const [d] = withCode(r.diagnostics, "invalid-regex");
    expect(d?.span.start).toBe(text.indexOf("(c"));
    expect(spanText(text, d)).toBe("(");
  });

  it("rejects a pattern too costly to match", () => {
    const r = compile(`${V}segment s { email matches "a{1000}" }\n`);
    expect(withCode(r.diagnostics, "unsafe-regex").length).toBe(1);
  });
});

describe("per-dimension scores in their own context", () => {
  it("means the context's key inside a threshold on the same dimension", () => {
    const r = compile(`${V}score interest { per product  limit ..100 decay 5 every 7d }\nthreshold hot when interest >= 50 { per product\n tag hot }\n`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.value?.ir.thresholds["hot"]?.when).toEqual({ op: "cmp", ref: { ref: "score", score: "interest", key: { key: "context" } }, cmp: ">=", value: 50 });
  });

  it("takes an explicit key anywhere", () => {
    const r = compile(`${V}score interest { per product }\nsegment s { interest[any] >= 5 and interest[crm] >= 1 }\n`);
    const seg = r.value?.ir.segments["s"];
    expect(seg).toMatchObject({
      when: { op: "and", args: [{ ref: { key: { key: "any" } } }, { ref: { key: { key: "value", value: "crm" } } }] },
    });
  });
});

describe("positions as editors show them", () => {
  it("gives the 1-based line and column of a misspelt score in a rule", () => {
    const text = `${V}${SCORE}rule "Clicked" on email.clicked  engagment +3\n`;
    const [d] = withCode(compile(text).diagnostics, "unknown-score");
    expect(lineCol(text, d)).toEqual({ line: 3, column: 34 });
  });

  it("gives the position of a bad comparison inside a multi-line segment", () => {
    const text = `${V}segment s {\n  email endswith ".edu"\n  or email >= "b"\n}\n`;
    const [d] = withCode(compile(text).diagnostics, "invalid-operator");
    expect(lineCol(text, d)).toEqual({ line: 4, column: 12 });
  });
});

describe("regex errors after escapes", () => {
  it("still land on the offending character", () => {
    const text = `${V}segment s { email matches "\\\\d\\\\.x(" }\n`;
    const [d] = withCode(compile(text).diagnostics, "invalid-regex");
    expect(d?.span.start).toBe(text.indexOf("x(") + 1);
    expect(text.slice(d?.span.start, d?.span.end)).toBe("(");
  });

  it("land on the offending character after a backslash kept as written (`\\.` is the pattern's own escape)", () => {
    const text = `${V}segment s { email matches "\\.edu$(" }\n`;
    const [d] = withCode(compile(text).diagnostics, "invalid-regex");
    expect(d?.span.start).toBe(text.indexOf("$(") + 1);
    expect(text.slice(d?.span.start, d?.span.end)).toBe("(");
  });
});

describe("one mistake, one error", () => {
  it("reports an empty pipeline once, in plain words", () => {
    const text = `${V}pipeline p { }\n`;
    const r = compile(text);
    expect(r.diagnostics).toMatchObject([{ code: "no-initial-stage" }]);
    expect(spanText(text, r.diagnostics[0])).toBe("p");
  });
});

describe("campaign steps after a deletion", () => {
  it("are reachable when the deletion is delayed", () => {
    const r = compile(`${V}campaign c { enter on form.submitted\n delete contact after 30d\n send email "x" }\n`);
    expect(withCode(r.diagnostics, "campaign-step-unreachable")).toEqual([]);
  });

  it("are unreachable after an if whose branches both delete at once", () => {
    const text = `${V}campaign c {\n  enter on form.submitted\n  wait 1d\n  if did email.clicked within 3d {\n    delete contact\n  } else {\n    delete contact\n  }\n  wait 2d\n}\n`;
    const [d] = withCode(compile(text).diagnostics, "campaign-step-unreachable");
    expect(spanText(text, d)).toBe("wait 2d");
  });
});
