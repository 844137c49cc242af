// The console's shell: sign-in, the page router (#/funnel, #/contact/ID, …) and error display.
import { ApiError, canWrite, forget, resume, signedIn, signIn, signOut } from "./api.js";
import { errorBox, h } from "./dom.js";
import { funnelView } from "./views-funnel.js";
import { scoresView } from "./views-scores.js";
import { contactView } from "./views-contact.js";
import { feedbackView } from "./views-feedback.js";
import { versionsView } from "./views-versions.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");

const VIEWS = { funnel: funnelView, scores: scoresView, contact: contactView, feedback: feedbackView, versions: versionsView };

function show(...nodes) {
  main.replaceChildren(...nodes);
}

function loginView(message) {
  nav.hidden = true;
  document.body.removeAttribute("data-access");
  document.title = "Sign in · funnelform console";
  const input = h("input", { id: "token", name: "token", type: "password", autocomplete: "current-password", required: true });
  const form = h("form", {},
    h("label", { for: "token" }, "API token (the server's FUNNELFORM_TOKEN, or FUNNELFORM_READ_TOKEN to only look)"),
    input,
    h("button", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await signIn(input.value.trim());
      // Setting the hash fires hashchange (which routes); the same hash would not.
      if (location.hash === "" || location.hash === "#/funnel" || location.hash === "#") {
        if (location.hash === "#/funnel") await route();
        else location.hash = "#/funnel";
      } else await route();
    } catch (err) {
      loginView(err instanceof ApiError && err.status === 401 ? err.message : `Signing in failed: ${err.message}`);
    }
  });
  show(h("section", { class: "login" }, h("h1", {}, "Sign in"), message ? errorBox(message) : null, form,
    h("p", { class: "muted" }, "The token is sent once; this browser then keeps only a session cookie, which ends after 12 hours or when you sign out.")));
  input.focus();
}

async function route() {
  if (!signedIn()) return loginView();
  nav.hidden = false;
  document.body.dataset.access = canWrite() ? "write" : "read";
  readOnlyNote.hidden = canWrite();
  const [, name = "funnel", ...rest] = location.hash.replace(/^#/, "").split("/");
  const view = VIEWS[name] ?? funnelView;
  for (const a of nav.querySelectorAll("a")) {
    if (a.getAttribute("href") === `#/${name}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  show(h("p", { "aria-live": "polite" }, "Loading…"));
  try {
    const node = await view(rest.map(decodeURIComponent));
    show(node);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      forget();
      return loginView("Your sign-in has ended: sign in again.");
    }
    show(errorBox(err.message));
  }
  main.focus();
}

const readOnlyNote = document.getElementById("read-only");

document.getElementById("signout").addEventListener("click", async () => {
  await signOut();
  loginView("Signed out.");
});
window.addEventListener("hashchange", () => void route());

async function start() {
  try {
    await resume();
  } catch (err) {
    return show(errorBox(err.message));
  }
  await route();
}
void start();
