// Versions: every applied config version (hash, label, who, when) and the activation history.
import { get } from "./api.js";
import { h, short, table, when } from "./dom.js";

export async function versionsView() {
  document.title = "Versions · funnelform console";
  const { versions, activations } = await get("/api/console/versions");
  const label = (hash) => versions.find((v) => v.hash === hash)?.version ?? short(hash);
  return h("section", {},
    h("h1", {}, "Versions"),
    table("Applied versions, newest first", ["Version", "Hash", "Applied by", "Applied", "Source", "Status"],
      versions.map((v) => [v.version, h("span", { class: "hash", title: v.hash }, short(v.hash)), v.appliedBy, when(v.appliedAt), v.sourceRef ?? "–", v.active ? "active" : ""])),
    h("h2", {}, "Who made which version active"),
    table(null, ["When", "Version", "Before", "By"], activations.map((a) => [when(a.at), a.version, a.previous ? label(a.previous) : "–", a.by])));
}
