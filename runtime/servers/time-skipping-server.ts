import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, withBuildLock, type Log } from "./cache-dir.js";
import { runCommand } from "./run-command.js";
import { sdkCanDownload, type ServerExecutable } from "./sdk-download.js";

export const TEST_SERVER_VERSION = "1.31.0";

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.funnelform</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

function classpathIntact(file: string): boolean {
  if (!existsSync(file)) return false;
  const jars = readFileSync(file, "utf8").trim().split(":");
  return jars.length > 1 && jars.every((j) => existsSync(j));
}

/**
 * Finds or builds an executable for Temporal's time-skipping test server, in the form the
 * SDK's `existing-path` option expects (`EXE PORT --enable-time-skipping`):
 * `TEMPORAL_TEST_SERVER_PATH` if set, else a wrapper cached by an earlier run (while the
 * jars it names are still in the Maven repository), else the SDK's own download, else Maven resolves the Java artifact
 * `io.temporal:temporal-test-server` and its dependencies and a small shell script runs
 * `io.temporal.testserver.TestServer` on that classpath.
 */
export async function ensureTimeSkippingServer(log: Log): Promise<ServerExecutable> {
  const fromEnv = process.env["TEMPORAL_TEST_SERVER_PATH"];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_TEST_SERVER_PATH names ${fromEnv}, which does not exist`);
    return { type: "existing-path", path: fromEnv };
  }
  const dir = cacheDir(`temporal-test-server-${TEST_SERVER_VERSION}`);
  const exe = join(dir, "temporal-test-server");
  const cp = join(dir, "classpath.txt");
  if (existsSync(exe) && classpathIntact(cp)) return { type: "existing-path", path: exe };
  if (await sdkCanDownload("time-skipping")) return { type: "cached-download" };
  log("the SDK cannot download the time-skipping test server here (no internet access): resolving it with Maven");
  const path = await withBuildLock(dir, 10 * 60_000, log, async () => {
    if (existsSync(exe) && classpathIntact(cp)) return exe;
    log(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven (once per machine)...`);
    writeFileSync(join(dir, "pom.xml"), POM);
    await runCommand("mvn", ["-q", "-B", "dependency:build-classpath", `-Dmdep.outputFile=${cp}`], { cwd: dir });
    writeFileSync(exe, `#!/bin/sh\nexec java -cp "$(cat '${cp}')" io.temporal.testserver.TestServer "$@"\n`);
    chmodSync(exe, 0o755);
    return exe;
  });
  return { type: "existing-path", path };
}
