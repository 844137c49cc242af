/**
 * `funnelform worker` as a child process (the esbuild-bundled CLI in dist/, as users run it),
 * so that fault tests can kill it with SIGKILL in the middle of its work. The log channel's
 * lines (standard output) are collected by message key.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin", "funnelform.js");

export interface WorkerProcess {
  pid: number;
  /** The outbox key of every log-channel line this process printed, in order (a key twice: sent twice). */
  logKeys: string[];
  stderr(): string;
  /** Null while it runs; the exit code, or the signal's name. */
  exit(): number | string | null;
  /** SIGKILL: no shutdown, no cleanup, transactions and activities cut off where they are. */
  kill9(): Promise<void>;
  /** SIGTERM, then waits for the exit (at most 30 s); returns the exit code. */
  stop(): Promise<number | string | null>;
}

/** The `key=` field at the end of a log line (logfmt, quoted when it holds spaces). */
function keyOf(line: string): string | undefined {
  const m = / key=("(?:[^"\\]|\\.)*"|\S+)$/.exec(line);
  if (m?.[1] === undefined) return undefined;
  return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
}

/** Starts `funnelform worker` with `env` added to this process's environment. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [bin, "worker"], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error("the worker process did not start");
  const logKeys: string[] = [];
  let partial = "";
  let stderr = "";
  let exit: number | string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = code ?? signal ?? "unknown";
      resolve();
    }),
  );
  child.stdout.on("data", (b: Buffer) => {
    const lines = (partial + b.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const key = keyOf(line);
      if (key !== undefined) logKeys.push(key);
    }
  });
  child.stderr.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-20_000);
  });
  const waitExit = async (ms: number): Promise<void> => {
    await Promise.race([exited, new Promise((r) => setTimeout(r, ms))]);
  };
  return {
    pid: child.pid,
    logKeys,
    stderr: () => stderr,
    exit: () => exit,
    async kill9() {
      child.kill("SIGKILL");
      await waitExit(10_000);
    },
    async stop() {
      if (exit === null) child.kill("SIGTERM");
      await waitExit(30_000);
      return exit;
    },
  };
}
