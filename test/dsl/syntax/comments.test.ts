import { describe, expect, it } from "vitest";
import { parseOk } from "./helpers.js";

describe("comments", () => {
  it("attaches comments above a declaration, with or without blank lines between", () => {
    const f = parseOk(`# The version.
#   indented text kept
version "1"

# Why we score.

score fit { kind fit }`);
    expect(f.decls).toMatchObject([
      { kind: "version", comments: ["The version.", "  indented text kept"] },
      { kind: "score", comments: ["Why we score."] },
    ]);
    expect(f.trailingComments).toEqual([]);
  });

  it("attaches comments above stages and campaign steps to them, not to the declaration", () => {
    const f = parseOk(`pipeline p {
  # first stage
  stage a initial
  # second stage
  stage b
}
campaign c {
  # greet
  send email "hi"
  if tagged vip {
    # inside the branch
    wait 1d
  }
}`);
    expect(f.decls).toMatchObject([
      { kind: "pipeline", comments: [], stages: [{ comments: ["first stage"] }, { comments: ["second stage"] }] },
      { kind: "campaign", comments: [], steps: [{ comments: ["greet"] }, { kind: "if", comments: [], then: [{ comments: ["inside the branch"] }] }] },
    ]);
  });

  it("gives an end-of-line comment to what ended on that line", () => {
    const f = parseOk(`version "1"   # exactly one
pipeline p {
  stage a initial   # the start
}`);
    expect(f.decls).toMatchObject([
      { kind: "version", comments: ["exactly one"] },
      { kind: "pipeline", comments: [], stages: [{ comments: ["the start"] }] },
    ]);
  });

  it("keeps a comment inside a declaration body on the item below it and puts the last ones in trailingComments", () => {
    const f = parseOk(`score s {
  # about the limit
  limit 0..10
}
# the end
#bye`);
    expect(f.decls).toMatchObject([{ kind: "score", comments: [], bodyComments: { limit: ["about the limit"] } }]);
    expect(f.trailingComments).toEqual(["the end", "bye"]);
  });

  it("gives a file of only comments trailing comments", () => {
    const f = parseOk("# just\n# notes\n");
    expect(f.decls).toEqual([]);
    expect(f.trailingComments).toEqual(["just", "notes"]);
  });

  it("handles CRLF line endings and a byte-order mark", () => {
    const f = parseOk('\ufeff# the version\r\nversion "1"\r\n# bye\r\n');
    expect(f.decls).toMatchObject([{ kind: "version", comments: ["the version"], span: { start: 16, end: 27 } }]);
    expect(f.trailingComments).toEqual(["bye"]);
  });

  it("parses an empty file to no declarations", () => {
    expect(parseOk("")).toMatchObject({ decls: [], trailingComments: [] });
    expect(parseOk("  \n\t\n")).toMatchObject({ decls: [] });
  });
});
