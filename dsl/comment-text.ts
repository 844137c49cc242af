/**
 * Reading `#` comments out of source text, shared by both front ends so that a comment
 * belongs to the same node whichever syntax it was written in.
 */

/** Comment text without `#` and one following space. */
export function commentText(image: string): string {
  const body = image.charCodeAt(1) === 32 ? image.slice(2) : image.slice(1);
  return body.trimEnd();
}

/** True when only spaces stand between the start of the line and `offset`. */
export function ownLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** True when no line break stands between `from` and `to`. */
export function sameLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return false;
  }
  return true;
}
