/** JSON pointer (RFC 6901) helpers: the source map and ajv's `instancePath` use the same form. */
export function escapeSegment(seg: string | number): string {
  if (typeof seg === "number") return String(seg);
  // Most names hold neither character: skip the two regex passes (a hot path on large workspaces).
  return seg.includes("~") || seg.includes("/") ? seg.replace(/~/g, "~0").replace(/\//g, "~1") : seg;
}

/** `base` + one segment per argument, escaped. */
export function ptr(base: string, ...segs: (string | number)[]): string {
  let acc = base;
  for (const s of segs) acc += `/${escapeSegment(s)}`;
  return acc;
}

/** The parent pointer, or undefined at the root. */
export function parentPointer(pointer: string): string | undefined {
  if (pointer === "") return undefined;
  const i = pointer.lastIndexOf("/");
  return i < 0 ? "" : pointer.slice(0, i);
}

/** Unescaped segments of a pointer. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
