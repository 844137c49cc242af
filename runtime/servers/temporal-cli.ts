import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, withBuildLock, type Log } from "./cache-dir.js";
import { runCommand } from "./run-command.js";
import { sdkCanDownload, type ServerExecutable } from "./sdk-download.js";

/**
 * The newest Temporal CLI whose go.mod has no replace directive, so `go install` accepts it
 * (its dev server reports Server 1.29.1, UI 2.42.1).
 */
export const TEMPORAL_CLI_VERSION = "v1.5.1";

/**
 * Finds or builds the Temporal CLI (whose `server start-dev` is the dev server):
 * `TEMPORAL_CLI_PATH` if set, else a binary cached by an earlier run, else the SDK's own
 * download, else `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` into the
 * cache — the route that works without internet access, through the Go module proxy.
 * The build takes minutes once; the module cache it needs (about 1.8 GB) is deleted
 * afterwards and only the binary is kept.
 */
export async function ensureTemporalCli(log: Log): Promise<ServerExecutable> {
  const fromEnv = process.env["TEMPORAL_CLI_PATH"];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH names ${fromEnv}, which does not exist`);
    return { type: "existing-path", path: fromEnv };
  }
  const dir = cacheDir(`temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const bin = join(dir, "temporal");
  if (existsSync(bin)) return { type: "existing-path", path: bin };
  if (await sdkCanDownload("dev")) return { type: "cached-download" };
  log("the SDK cannot download the Temporal dev server here (no internet access): building it from the Go module");
  const path = await withBuildLock(dir, 30 * 60_000, log, async () => {
    if (existsSync(bin)) return bin;
    const work = mkdtempSync(join(cacheDir("tmp"), "go-"));
    log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (once per machine; takes several minutes)...`);
    const started = Date.now();
    try {
      await runCommand("go", ["install", `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
        env: {
          ...process.env,
          GOBIN: dir,
          GOPATH: join(work, "gopath"),
          GOMODCACHE: join(work, "gopath", "pkg", "mod"),
          GOCACHE: join(work, "gocache"),
          GOFLAGS: "-mod=mod",
          CGO_ENABLED: "0",
        },
      });
    } finally {
      // The module cache is read-only by design; chmod is what `go clean -modcache` does.
      await runCommand("chmod", ["-R", "u+w", work]).catch(() => undefined);
      rmSync(work, { recursive: true, force: true });
    }
    log(`built ${bin} in ${Math.round((Date.now() - started) / 1000)} s`);
    return bin;
  });
  return { type: "existing-path", path };
}
