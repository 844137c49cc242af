/**
 * The console's settings read from the environment by `serve` and `dev`:
 * `FUNNELFORM_READ_TOKEN` (a second token that signs in read-only) and
 * `FUNNELFORM_TEMPORAL_UI` (the Temporal Web UI, so workflow ids become links).
 */
type Env = Record<string, string | undefined>;

/** `serve` and `dev`: slow console aggregates are at most this old (see snapshots.ts). */
export const CONSOLE_SNAPSHOT_MS = 30_000;

export interface ConsoleEnv {
  readToken?: string;
  consoleSnapshotMs: number;
  /** The UI's page for the namespace: workflow ids are appended as `/workflows/<id>`. */
  temporalUiUrl?: string;
}

/** Reads and checks the console's settings; `uiUrl` is what `dev` knows of the dev server's UI. */
export function consoleEnv(env: Env, token: string, uiUrl?: string): ConsoleEnv | { error: string } {
  const out: ConsoleEnv = { consoleSnapshotMs: CONSOLE_SNAPSHOT_MS };
  const read = env["FUNNELFORM_READ_TOKEN"];
  if (read !== undefined && read !== "") {
    if (read.length < 16) return { error: "FUNNELFORM_READ_TOKEN must be a secret of at least 16 characters (it signs in to the console read-only)" };
    if (read === token) return { error: "FUNNELFORM_READ_TOKEN must differ from FUNNELFORM_TOKEN: the read-only token may not write" };
    out.readToken = read;
  }
  const ui = env["FUNNELFORM_TEMPORAL_UI"] || uiUrl;
  if (ui !== undefined && ui !== "") {
    let parsed: URL;
    try {
      parsed = new URL(ui);
    } catch {
      return { error: `FUNNELFORM_TEMPORAL_UI must be the Temporal UI's address like http://localhost:8233, got "${ui}"` };
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { error: `FUNNELFORM_TEMPORAL_UI must be an http(s) address, got "${ui}"` };
    const namespace = env["TEMPORAL_NAMESPACE"]?.trim() || "default";
    out.temporalUiUrl = `${ui.replace(/\/+$/, "")}/namespaces/${encodeURIComponent(namespace)}`;
  }
  return out;
}
