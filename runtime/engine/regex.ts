/**
 * `matches` patterns use the compiler's safe regex subset (linear time, case-insensitive,
 * the same meaning as the SQL form). The compiler has already refused unsafe patterns; a
 * pattern that still does not compile here (hand-written IR) matches nothing rather than
 * crashing ingestion.
 */
import { compileSafeRegex } from "../../dsl/regex/safe-regex.js";

export interface TextMatcher {
  test(input: string): boolean;
}

/** How many texts a matcher remembers its answer for. */
const REMEMBERED = 4096;

export function compileMatcher(pattern: string): TextMatcher {
  let m: TextMatcher;
  try {
    m = compileSafeRegex(pattern);
  } catch {
    return { test: () => false };
  }
  // The same few job titles and domains are matched over and over (every timer re-reads every
  // condition): an answer is remembered rather than recomputed by the matcher.
  const answers = new Map<string, boolean>();
  return {
    test(input: string): boolean {
      let r = answers.get(input);
      if (r === undefined) {
        r = m.test(input);
        if (answers.size >= REMEMBERED) answers.clear();
        answers.set(input, r);
      }
      return r;
    },
  };
}
