import { execFileSync } from "node:child_process";
import { relative, resolve } from "node:path";
import { isSourceFile, type LoadedFile } from "./workspace-files.js";

/**
 * Reads the workspace at PATH as it is at git REF, without touching the work tree:
 * what CI compares a pull request against (`--base git:origin/main`).
 * Paths are shown as `REF:path` so diagnostics say which version they are about.
 */
export function readWorkspaceAtRef(path: string, ref: string): { files: LoadedFile[] } | { error: string } {
  const git = (args: string[], cwd: string): string =>
    execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  const abs = resolve(path);
  let root: string;
  try {
    root = git(["rev-parse", "--show-toplevel"], abs).trim();
  } catch {
    return { error: `${path} is not inside a git repository, so git:${ref} cannot be read` };
  }
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root);
  } catch {
    return { error: `git has no commit called ${ref}` };
  }
  const inRepo = relative(root, abs).split("\\").join("/");
  const names = git(["ls-tree", "-r", "--name-only", ref, "--", inRepo || "."], root)
    .split("\n")
    .filter((n) => n && isSourceFile(n.split("/").pop() ?? ""))
    .sort();
  const files = names.map((n) => ({
    path: `${ref}:${n}`,
    text: git(["show", `${ref}:${n}`], root),
  }));
  return { files };
}
