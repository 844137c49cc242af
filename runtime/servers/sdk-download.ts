import { TestWorkflowEnvironment } from "@temporalio/testing";

/** How the SDK should obtain a server: a binary we found or built, or its own download. */
export type ServerExecutable = { type: "existing-path"; path: string } | { type: "cached-download" };

/**
 * Whether the SDK can fetch (or already has cached) its own server. Without internet
 * access it fails within milliseconds, and the registry routes take over.
 */
export async function sdkCanDownload(kind: "dev" | "time-skipping"): Promise<boolean> {
  try {
    const env =
      kind === "dev"
        ? await TestWorkflowEnvironment.createLocal({ server: { executable: { type: "cached-download" } } })
        : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: "cached-download" } } });
    await env.teardown();
    return true;
  } catch {
    return false;
  }
}
