/** The YAML example of docs/language.md, for tests that keep the docs honest. */
import { readFileSync } from "node:fs";

export function docsYaml(): string {
  const md = readFileSync(new URL("../../../docs/language.md", import.meta.url), "utf8");
  const section = md.slice(md.indexOf("\n## YAML"));
  const m = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!m?.[1]) throw new Error("docs/language.md has no yaml example under ## YAML");
  return m[1];
}

export function sample(name: string): string {
  return readFileSync(new URL(`./samples/${name}`, import.meta.url), "utf8");
}
