/**
 * A history for each example, made from its own scenario tests: every test's contacts and
 * events, with contact and event ids prefixed by the test's number so that the tests stay
 * independent in one stream. These are the behaviours the example's authors pinned, which is
 * what a reviewer wants a change measured against. `examples/ci` ships its own sample.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTestFile } from "../../runtime/scenario/test-file.js";

const prefixed = (test: number, id: unknown): string => `t${test}-${String(id)}`;

/** NDJSON text of the example folder's history. */
export function exampleHistory(dir: string): string {
  const sample = join(dir, "../samples/events.ndjson");
  if (existsSync(sample)) return readFileSync(sample, "utf8");
  const lines: string[] = [];
  let n = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".test.yaml")).sort()) {
    const parsed = parseTestFile(f, readFileSync(join(dir, f), "utf8"));
    if (parsed.value === undefined) throw new Error(`${f} does not parse: ${parsed.diagnostics.map((d) => d.message).join("; ")}`);
    for (const t of parsed.value) {
      n++;
      t.events.forEach((e, i) => {
        const raw = e.raw;
        const at = typeof raw["at"] === "number" ? new Date(raw["at"]).toISOString() : raw["at"];
        const id = raw["id"] === undefined ? `e${i}` : raw["id"];
        lines.push(JSON.stringify({ ...raw, id: prefixed(n, id), contact: prefixed(n, raw["contact"]), at }));
      });
    }
  }
  return lines.join("\n") + "\n";
}
