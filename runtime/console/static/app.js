// The console's shell: sign-in, the page router (#/funnel, #/contact/ID, …) and error display.
import { ApiError, get, signIn, signOut, token } from "./api.js";
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
  document.title = "Sign in · funnelform console";
  const input = h("input", { id: "token", name: "token", type: "password", autocomplete: "current-password", required: true });
  const form = h("form", {},
    h("label", { for: "token" }, "API token (the server's FUNNELFORM_TOKEN)"),
    input,
    h("button", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    signIn(input.value.trim());
    try {
      await get("/api/console/versions");
      // Setting the hash fires hashchange (which routes); the same hash would not.
      if (location.hash === "#/funnel") await route();
      else location.hash = "#/funnel";
    } catch (err) {
      signOut();
      loginView(err instanceof ApiError && err.status === 401 ? "That token is wrong: use the server's FUNNELFORM_TOKEN." : err.message);
    }
  });
  show(h("section", { class: "login" }, h("h1", {}, "Sign in"), message ? errorBox(message) : null, form,
    h("p", { class: "muted" }, "The token stays in this browser tab only and is forgotten when the tab closes.")));
  input.focus();
}

async function route() {
  if (!token()) return loginView();
  nav.hidden = false;
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
      signOut();
      return loginView("Your token was refused: sign in again.");
    }
    show(errorBox(err.message));
  }
  main.focus();
}

document.getElementById("signout").addEventListener("click", () => {
  signOut();
  location.hash = "";
  loginView("Signed out.");
});
window.addEventListener("hashchange", route);
route();
