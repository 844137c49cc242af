// Versions: every applied config version (hash, label, who, when), the activation history,
// what is still running under each version, and the plan between any two versions.
import { get } from "./api.js";
import { errorBox, h, num, short, table, when } from "./dom.js";

let choice = { from: "", to: "" };

export async function versionsView() {
  document.title = "Versions · funnelform console";
  const { versions, activations, inFlight } = await get("/api/console/versions");
  const label = (hash) => versions.find((v) => v.hash === hash)?.version ?? short(hash);
  const out = [
    h("h1", {}, "Versions"),
    table("Applied versions, newest first", ["Version", "Hash", "Applied by", "Applied", "Source", "Status"],
      versions.map((v) => [v.version, h("span", { class: "hash", title: v.hash }, short(v.hash)), v.appliedBy, when(v.appliedAt), v.sourceRef ?? "–", v.active ? "active" : ""])),
    h("h2", {}, "Who made which version active"),
    table(null, ["When", "Version", "Before", "By"], activations.map((a) => [when(a.at), a.version, a.previous ? label(a.previous) : "–", a.by])),
    h("h2", {}, "Still running, per version"),
  ];
  const running = table("Campaign enrollments in progress and feedback runs waiting for sales", ["Version", "Kind", "Name", { text: "Contacts", num: true }],
    inFlight.map((r) => [r.hash ? `${label(r.hash)} (${short(r.hash)})` : "unknown (its start record was cleaned up)", r.kind === "campaign" ? "campaign enrollment" : "feedback loop", r.name, num(r.contacts)]));
  running.querySelector("table").dataset.table = "in-flight";
  out.push(running);

  out.push(h("h2", {}, "Plan between two versions"));
  if (versions.length < 2) out.push(h("p", { class: "muted" }, "Only one version is applied: there is nothing to compare yet."));
  else {
    // Default: what the newest version changed over the one before it.
    if (!versions.some((v) => v.hash === choice.from)) choice.from = versions[1].hash;
    if (!versions.some((v) => v.hash === choice.to)) choice.to = versions[0].hash;
    const pick = (id, selected) => h("select", { id, name: id }, versions.map((v) => h("option", { value: v.hash, selected: v.hash === selected }, `${v.version} · ${short(v.hash)} · ${when(v.appliedAt)}`)));
    const from = pick("plan-from", choice.from);
    const to = pick("plan-to", choice.to);
    const form = h("form", { class: "inline" }, h("label", { for: "plan-from" }, "From", from), h("label", { for: "plan-to" }, "To", to), h("button", { type: "submit" }, "Show plan"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      choice = { from: from.value, to: to.value };
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
    out.push(form);
    try {
      const plan = await get("/api/console/plan", choice);
      out.push(h("p", {}, plan.summary), h("pre", { class: "plan", tabindex: 0, "aria-label": "The plan, as funnelform plan prints it" }, plan.text));
    } catch (err) {
      out.push(errorBox(err.message));
    }
  }
  return h("section", {}, out);
}
