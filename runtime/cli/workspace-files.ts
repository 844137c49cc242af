import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** A source file as the compiler takes it: the path as the user should see it, and its text. */
export interface LoadedFile {
  path: string;
  text: string;
}

const SOURCE = /\.funnel$|\.funnel\.ya?ml$/;
/**
 * The front ends reject files over 10 MB with a clear diagnostic; reading a little more
 * than that is enough for them to say so, however large the file is.
 */
const MAX_READ = 10 * 1024 * 1024 + 1;

export function isSourceFile(name: string): boolean {
  return SOURCE.test(name);
}

/** Lists the workspace files under PATH (a file or a directory, searched recursively), sorted. */
export function listWorkspaceFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && isSourceFile(entry.name)) out.push(p);
    }
  };
  walk(path);
  return out.sort();
}

/** Reads a workspace; paths are shown relative to the current directory. */
export function readWorkspace(path: string): LoadedFile[] {
  return listWorkspaceFiles(path).map((p) => {
    const size = statSync(p).size;
    const text = size > MAX_READ ? readPrefix(p) : readFileSync(p, "utf8");
    return { path: relative(process.cwd(), p) || p, text };
  });
}

/** For an enormous file: enough text for the front end to say it is too large. */
function readPrefix(path: string): string {
  const buf = Buffer.alloc(MAX_READ);
  const fd = openSync(path, "r");
  try {
    const n = readSync(fd, buf, 0, MAX_READ, 0);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
