// Scores: how contacts spread over each score with its thresholds marked, threshold crossings
// per week, and the segments that stop scoring.
import { get } from "./api.js";
import { h, num, table } from "./dom.js";

let since = "12w";
const round = (x) => Math.round(x * 100) / 100;

export async function scoresView() {
  document.title = "Scores · funnelform console";
  const data = await get("/api/console/scores", { since });
  const input = h("input", { id: "since", name: "since", value: since, size: 12 });
  const form = h("form", { class: "inline" }, h("label", { for: "since" }, "Crossings since (a date or 12w)", input), h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    since = input.value.trim();
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  const out = [h("h1", {}, "Scores"), form];
  for (const sc of data.scores) {
    out.push(h("h2", {}, sc.label));
    const w = (sc.hi - sc.lo) / sc.buckets.length;
    const max = Math.max(1, ...sc.buckets);
    const rows = sc.buckets.map((n, i) => {
      const lo = sc.lo + i * w, hi = lo + w;
      const last = i === sc.buckets.length - 1;
      const marks = sc.thresholds.filter((t) => t.value >= lo && (t.value < hi || (last && t.value <= hi)));
      return [`${round(lo)} to ${last ? "" : "under "}${round(hi)}`, num(n), h("div", { "aria-hidden": "true" }, h("div", { class: "bar", "data-width": n / max })), marks.map((t) => `${t.threshold} at ${t.value}`).join(", ")];
    });
    const t = table(`${sc.label}: contacts per value`, ["Value", { text: "Contacts", num: true }, "Share", "Thresholds"], rows);
    t.querySelector("table").dataset.score = sc.score;
    for (const bar of t.querySelectorAll(".bar")) bar.style.width = `${Math.round(Number(bar.dataset.width) * 100)}%`;
    out.push(t);
  }
  out.push(h("h2", {}, "Threshold crossings per week"));
  out.push(table(`Since ${data.since.slice(0, 10)}; a week starts on Monday (UTC)`, ["Threshold", "Week of", { text: "Contacts", num: true }], data.fires.map((f) => [f.threshold, f.week, num(f.fires)])));
  out.push(h("h2", {}, "Scoring stopped"));
  out.push(table("Contacts in a segment that stops scoring", ["Segment", "Scores stopped", { text: "Contacts now", num: true }], data.suppressions.map((s) => [s.segment, s.scores.join(", "), num(s.contacts)])));
  return h("section", {}, out);
}
