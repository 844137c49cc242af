/**
 * The CLI's side of the HTTP API: where the server is (`FUNNELFORM_URL`), the token
 * (`FUNNELFORM_TOKEN`), and one request with a plain-words error when it fails.
 */

export const DEFAULT_URL = "http://127.0.0.1:7270";

type Env = Record<string, string | undefined>;

export interface ApiTarget {
  base: string;
  token: string | undefined;
}

export function apiTarget(env: Env = process.env): ApiTarget {
  const base = (env["FUNNELFORM_URL"] || DEFAULT_URL).replace(/\/+$/, "");
  const token = env["FUNNELFORM_TOKEN"];
  return { base, token: token === "" ? undefined : token };
}

export type ApiReply = { ok: true; status: number; body: unknown } | { ok: false; status: number | null; error: string; body: unknown };

function errorOf(body: unknown): string | undefined {
  return body !== null && typeof body === "object" && "error" in body && typeof body.error === "string" ? body.error : undefined;
}

/** One request; never throws: a refused connection becomes an error naming the URL. */
export async function callApi(target: ApiTarget, method: "GET" | "POST", path: string, body?: string, contentType = "application/json"): Promise<ApiReply> {
  const headers: Record<string, string> = {};
  if (target.token !== undefined) headers["authorization"] = `Bearer ${target.token}`;
  if (body !== undefined) headers["content-type"] = contentType;
  let res: Response;
  try {
    res = await fetch(`${target.base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, body: undefined, error: `cannot reach the funnelform API at ${target.base} (${cause}): is funnelform serve running? set FUNNELFORM_URL to its address` };
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): keep the text.
  }
  if (res.ok) return { ok: true, status: res.status, body: parsed };
  let error = errorOf(parsed) ?? `the API answered ${res.status} ${res.statusText}`;
  if (res.status === 401 && target.token === undefined) error += " (FUNNELFORM_TOKEN is not set)";
  return { ok: false, status: res.status, body: parsed, error };
}
