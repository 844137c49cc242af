// Talks to the API. Signing in trades the token for an HttpOnly session cookie once: the page
// never keeps the token (not in storage, not in a URL). Every write sends the session's CSRF
// token in a header, which another site's page cannot read, so it cannot forge a write.

let session = null;

export const signedIn = () => session !== null;
/** True when the session may change things (signed in with FUNNELFORM_TOKEN, not the read-only one). */
export const canWrite = () => session?.access === "write";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body, headers = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "The server does not answer: check that funnelform serve is running.");
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, answer.error ?? `The server answered ${res.status}.`);
  return answer;
}

/** Asks the server whether this browser is signed in (the cookie is not readable from script). */
export async function resume() {
  try {
    session = await call("GET", "/api/console/session");
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    session = null;
  }
  return session;
}

export async function signIn(token) {
  session = await call("POST", "/api/console/session", { token });
  return session;
}

export async function signOut() {
  const csrf = session?.csrf;
  session = null;
  await call("DELETE", "/api/console/session", undefined, csrf ? { "x-csrf-token": csrf } : {}).catch(() => undefined);
}

/** Forgets the session locally (the server refused it). */
export const forget = () => {
  session = null;
};

/** GET a JSON endpoint; throws ApiError with the server's plain-words message. */
export async function get(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  return call("GET", qs.toString() === "" ? path : `${path}?${qs}`);
}

/** PUT/POST/DELETE with a JSON body and the CSRF header; throws ApiError with the server's message. */
export async function send(method, path, body) {
  return call(method, path, body, { "x-csrf-token": session?.csrf ?? "" });
}
