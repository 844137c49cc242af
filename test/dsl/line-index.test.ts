import { describe, expect, it } from "vitest";
import { LineIndex } from "../../dsl/span.js";

describe("LineIndex", () => {
  it("gives 1-based lines and columns for offsets, including the first character of a line", () => {
    const idx = new LineIndex("ab\ncd\n\nef");
    expect(idx.position(0)).toEqual({ line: 1, column: 1, byte: 0 });
    expect(idx.position(3)).toEqual({ line: 2, column: 1, byte: 3 });
    expect(idx.position(4)).toEqual({ line: 2, column: 2, byte: 4 });
    expect(idx.position(7)).toEqual({ line: 4, column: 1, byte: 7 });
  });
});
