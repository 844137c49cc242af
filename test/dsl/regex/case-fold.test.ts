import { describe, expect, it } from "vitest";
import { canon, caseClosure } from "../../../dsl/regex/case-fold.js";

describe("case folding", () => {
  it("agrees with JavaScript's /x/i on every pair of a BMP character and its canonical form", () => {
    const escape = (ch: string): string => ch.replace(/[\\^$.|?*+()[\]{}/]/g, "\\$&");
    const disagreements: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = canon(cp);
      if (c === cp) continue;
      const re = new RegExp(`^${escape(String.fromCharCode(cp))}$`, "i");
      if (!re.test(String.fromCodePoint(c))) disagreements.push(cp.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it("is idempotent and never folds a non-ASCII character onto ASCII", () => {
    for (let cp = 0; cp < 0x20000; cp++) {
      const c = canon(cp);
      if (canon(c) !== c || (cp >= 0x80 && c < 0x80)) throw new Error(`U+${cp.toString(16)} → U+${c.toString(16)}`);
    }
  });

  it("has no case pairs above U+1FFFF (the table's scan limit)", () => {
    const found: number[] = [];
    for (let cp = 0x20000; cp <= 0x10ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      if (ch.toUpperCase() !== ch || ch.toLowerCase() !== ch) found.push(cp);
    }
    expect(found).toEqual([]);
  });

  it("spells out every case variant of a set", () => {
    expect(caseClosure([[0x61, 0x61]])).toEqual([
      [0x41, 0x41],
      [0x61, 0x61],
    ]);
    // A large class goes through the table, and still gets its partners.
    const big = caseClosure([[0x00, 0x5a]]);
    expect(big).toContainEqual([0x61, 0x7a]);
  });
});
