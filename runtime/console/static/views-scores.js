// Scores: how contacts spread over each score with its thresholds marked, threshold crossings
// (MQLs) per week, who decays below a threshold this week, and the segments that stop scoring.
import { get } from "./api.js";
import { h, num, table, when } from "./dom.js";
import { chart, COLORS, markLines } from "./views-charts.js";

let since = "12w";
const round = (x) => Math.round(x * 100) / 100;

function distribution(sc) {
  const w = (sc.hi - sc.lo) / sc.buckets.length;
  const labels = sc.buckets.map((_, i) => `${round(sc.lo + i * w)} to ${round(sc.lo + (i + 1) * w)}`);
  // A threshold's value sits inside its bucket in proportion, not at the bucket's centre.
  const lines = sc.thresholds.map((t) => ({
    label: `${t.threshold} ${t.value}`,
    pixel: (c) => {
      const x = c.scales.x;
      return x.left + ((t.value - sc.lo) / (sc.hi - sc.lo)) * (x.right - x.left);
    },
  }));
  return chart(`${sc.label}: contacts per value, thresholds marked`, {
    type: "bar",
    data: { labels, datasets: [{ label: "Contacts", data: sc.buckets, backgroundColor: COLORS.progress, categoryPercentage: 1, barPercentage: 0.94 }] },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { title: { display: true, text: sc.label } } }, plugins: { legend: { display: false } } },
    plugins: [markLines(lines, "x")],
  }, { "data-score": sc.score });
}

function perWeek(fires) {
  const weeks = [...new Set(fires.map((f) => f.week))].sort();
  const thresholds = [...new Set(fires.map((f) => f.threshold))].sort();
  return chart("Contacts crossing each threshold per week", {
    type: "bar",
    data: {
      labels: weeks,
      datasets: thresholds.map((t, i) => ({ label: t, data: weeks.map((w) => fires.find((f) => f.threshold === t && f.week === w)?.fires ?? 0), backgroundColor: COLORS.series[i % COLORS.series.length], maxBarThickness: 56 })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { title: { display: true, text: "Week of (Monday, UTC)" } } } },
  }, { "data-chart": "fires" });
}

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
  const out = [h("h1", {}, "Scores"), form, h("p", { class: "muted" }, `Distributions counted ${when(data.asOf)}.`)];
  for (const sc of data.scores) {
    out.push(h("h2", {}, sc.label));
    out.push(distribution(sc));
    const w = (sc.hi - sc.lo) / sc.buckets.length;
    const rows = sc.buckets.map((n, i) => {
      const lo = sc.lo + i * w, hi = lo + w;
      const last = i === sc.buckets.length - 1;
      const marks = sc.thresholds.filter((t) => t.value >= lo && (t.value < hi || (last && t.value <= hi)));
      return [`${round(lo)} to ${last ? "" : "under "}${round(hi)}`, num(n), marks.map((t) => `${t.threshold} at ${t.value}`).join(", ")];
    });
    const t = table(`${sc.label}: contacts per value`, ["Value", { text: "Contacts", num: true }, "Thresholds"], rows);
    t.querySelector("table").dataset.score = sc.score;
    out.push(t);
  }
  out.push(h("h2", {}, "Threshold crossings (MQLs) per week"));
  if (data.fires.length) out.push(perWeek(data.fires));
  out.push(table(`Since ${data.since.slice(0, 10)}; a week starts on Monday (UTC)`, ["Threshold", "Week of", { text: "Contacts", num: true }], data.fires.map((f) => [f.threshold, f.week, num(f.fires)])));
  out.push(h("h2", {}, "Decaying below a threshold this week"));
  const decays = table(`Contacts whose score will decay below the line by ${when(data.decays.until)}`, ["Threshold", "Score", { text: "Line", num: true }, { text: "Contacts", num: true }],
    data.decays.lines.map((d) => [d.threshold, d.score, num(d.value), num(d.contacts)]));
  decays.querySelector("table").dataset.table = "decays";
  out.push(decays);
  out.push(h("h2", {}, "Scoring stopped, by reason"));
  const supp = table("Contacts now in a segment that holds scores at 0", ["Reason (segment)", "Scores stopped", { text: "Contacts now", num: true }], data.suppressions.map((s) => [s.segment, s.scores.join(", "), num(s.contacts)]));
  supp.querySelector("table").dataset.table = "suppressions";
  out.push(supp);
  return h("section", {}, out);
}
