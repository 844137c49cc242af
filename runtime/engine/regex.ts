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

export function compileMatcher(pattern: string): TextMatcher {
  try {
    return compileSafeRegex(pattern);
  } catch {
    return { test: () => false };
  }
}
