/** Decoding of string, duration and clock-time token images. Pure; offsets are into the image. */

/** A problem inside a token, at `offset..offset+length` of its image. */
export interface TokenProblem {
  offset: number;
  length: number;
  message: string;
  hint?: string;
}

export interface Decoded<T> {
  value: T;
  problem?: TokenProblem;
}

/**
 * Decodes a `"..."` image. `terminated` is false for an unterminated string (no closing
 * quote; the lexer reports that). A backslash before a character that is not an escape
 * (`\.`) is kept with that character. Bad escapes are reported once, the rest still decoded.
 */
export function decodeString(image: string, terminated: boolean): Decoded<string> {
  const end = terminated ? image.length - 1 : image.length;
  // Fast path: most strings have no escapes.
  if (image.indexOf("\\") < 0) return { value: image.slice(1, end) };
  let out = "";
  let problem: TokenProblem | undefined;
  let i = 1;
  while (i < end) {
    const c = image.charCodeAt(i);
    if (c !== 92 /* \ */) {
      out += image[i];
      i++;
      continue;
    }
    const e = image[i + 1];
    if (e === '"' || e === "\\") out += e;
    else if (e === "n") out += "\n";
    else if (e === "t") out += "\t";
    else if (e === "u" && image[i + 2] === "{") {
      const close = image.indexOf("}", i + 3);
      const hex = close < 0 || close > end ? "" : image.slice(i + 3, close);
      const code = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        problem ??= {
          offset: i,
          length: close < 0 || close > end ? 2 : close - i + 1,
          message: "this `\\u{...}` escape is not a valid character code",
          hint: "write one to six hex digits, e.g. `\\u{e9}` for é",
        };
        i += 2;
        continue;
      }
      out += String.fromCodePoint(code);
      i = close + 1;
      continue;
    } else if (e !== undefined) {
      // Any other backslash stays as written: marketers write regexes (`"\.edu$"`).
      out += `\\${e}`;
    } else {
      problem ??= {
        offset: i,
        length: 1,
        message: "a text cannot end with a single `\\`",
        hint: "write `\\\\` for a backslash",
      };
    }
    i += 2;
  }
  return problem === undefined ? { value: out } : { value: out, problem };
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
export const DURATION_HINT = "write a whole number and one of the units s, m, h, d, w (e.g. `30s`, `15m`, `12h`, `7d`, `2w`); months are not allowed";

/** `7d` → 604800 seconds. `value` is 0 when the image is not a valid duration. */
export function decodeDuration(image: string): Decoded<number> {
  let i = 0;
  while (i < image.length && image.charCodeAt(i) >= 48 && image.charCodeAt(i) <= 57) i++;
  const digits = image.slice(0, i);
  const unit = image.slice(i);
  const factor = UNIT_SECONDS[unit];
  const n = Number(digits);
  if (factor === undefined) {
    const message = unit.startsWith(".")
      ? `\`${image}\` is not a valid duration: use a whole number`
      : unit === "mo" || unit === "month" || unit === "months" || unit === "M"
        ? `\`${image}\`: months are not a duration here (a month is not a fixed length)`
        : `\`${image}\` is not a valid duration: unknown unit \`${unit}\``;
    return { value: 0, problem: { offset: 0, length: image.length, message, hint: DURATION_HINT } };
  }
  if (!(n > 0) || !Number.isSafeInteger(n * factor)) {
    const message = n > 0 ? `\`${image}\` is too long a duration` : `\`${image}\` is not a valid duration: it must be more than 0`;
    return { value: 0, problem: { offset: 0, length: image.length, message, hint: DURATION_HINT } };
  }
  return { value: n * factor };
}

/** `09:00` → checked `HH:MM`; the value is normalised to two-digit hours. */
export function decodeClock(image: string): Decoded<string> {
  const colon = image.indexOf(":");
  const h = Number(image.slice(0, colon));
  const m = Number(image.slice(colon + 1));
  const value = `${String(h).padStart(2, "0")}:${image.slice(colon + 1)}`;
  if (h > 23 || m > 59) {
    return { value, problem: { offset: 0, length: image.length, message: `\`${image}\` is not a time of day`, hint: "write a 24-hour time from `00:00` to `23:59`" } };
  }
  return { value };
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
