// Talks to the API with the token kept in this tab's sessionStorage (gone when the tab closes).
// The token travels only in the Authorization header, never in a URL or a cookie.

const KEY = "funnelform.token";

export const token = () => sessionStorage.getItem(KEY);
export const signIn = (t) => sessionStorage.setItem(KEY, t);
export const signOut = () => sessionStorage.removeItem(KEY);

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET a JSON endpoint; throws ApiError with the server's plain-words message. */
export async function get(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = qs.toString() === "" ? path : `${path}?${qs}`;
  let res;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token() ?? ""}`, accept: "application/json" } });
  } catch {
    throw new ApiError(0, "The server does not answer: check that funnelform serve is running.");
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.error ?? `The server answered ${res.status}.`);
  return body;
}

/** PUT/DELETE with a JSON body; throws ApiError with the server's plain-words message. */
export async function send(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token() ?? ""}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "The server does not answer: check that funnelform serve is running.");
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, answer.error ?? `The server answered ${res.status}.`);
  return answer;
}
