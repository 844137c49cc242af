/**
 * A JSON document of a requested byte size for the chevrotain JSON baseline: an array of
 * rule-like objects (strings, numbers, booleans, null, nested objects and arrays), so its
 * token mix resembles a configuration file rather than one long string.
 */
import { createRng, pad } from "../prng.js";

/** A pretty-printed JSON array of about `bytes` bytes (within one item's size, never less). */
export function jsonOfSize(bytes: number, seed = 1): string {
  const rng = createRng(seed);
  const items: string[] = [];
  let size = 4;
  for (let i = 0; size < bytes; i++) {
    const item = JSON.stringify(
      {
        name: `R${pad(i, 5)} page.visited`,
        on: rng.pick(["page.visited", "email.clicked", "form.submitted"]),
        if: { prop: "url", op: "contains", value: rng.pick(["/pricing", "/blog/", "/careers"]) },
        score: `s${pad(rng.int(1, 16), 2)}`,
        points: rng.int(-20, 60),
        once: rng.chance(0.2),
        atMost: rng.chance(0.2) ? { count: rng.int(1, 3), per: 86400 } : null,
        tags: ["a", "b"].slice(0, rng.int(0, 2)),
      },
      null,
      2,
    );
    items.push(item);
    size += Buffer.byteLength(item) + 2;
  }
  return `[\n${items.join(",\n")}\n]\n`;
}
