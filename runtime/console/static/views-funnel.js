// Funnel: per pipeline (and per dimension key), contacts per stage now and conversion over a period.
import { get } from "./api.js";
import { h, num, pct, table, when } from "./dom.js";
import { chart, COLORS } from "./views-charts.js";

const CATEGORY = { succeeded: "succeeded", in_progress: "in progress", not_succeeded: "not succeeded" };
let period = { since: "30d", until: "" };

export async function funnelView() {
  document.title = "Funnel · funnelform console";
  const data = await get("/api/console/funnel", period);
  const since = h("input", { id: "since", name: "since", value: period.since, size: 12 });
  const until = h("input", { id: "until", name: "until", value: period.until, size: 12, placeholder: "now" });
  const form = h("form", { class: "inline" },
    h("label", { for: "since" }, "From (a date or 30d, 12w)", since),
    h("label", { for: "until" }, "To (a date; empty: now)", until),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    period = { since: since.value.trim(), until: until.value.trim() };
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  const out = [h("h1", {}, "Funnel"), form,
    h("p", { class: "muted" }, `Conversion: of the contacts who entered a stage between ${data.since.slice(0, 10)} and ${data.until.slice(0, 10)}, the share that reached a later stage by then. Counted ${when(data.asOf)}.`)];
  for (const p of data.pipelines) {
    out.push(h("h2", {}, p.label));
    for (const k of p.keys) {
      if (k.key !== "") out.push(h("h3", {}, `${p.label}: ${k.key}`));
      const max = Math.max(1, ...k.stages.map((s) => s.contacts));
      const rows = k.stages.map((s) => {
        const row = [
          h("span", { class: `cat-${s.category}` }, s.label, " ", h("span", { class: "tag" }, CATEGORY[s.category] ?? s.category)),
          num(s.contacts),
          h("div", { class: `cat-${s.category}`, "aria-hidden": "true" }, h("div", { class: "bar", "data-width": s.contacts / max })),
          num(s.entered),
          { text: pct(s.conversion), num: true },
        ];
        return row;
      });
      const t = table(`${p.label}${k.key ? ` (${k.key})` : ""}: contacts per stage`, ["Stage", { text: "Contacts now", num: true }, "Share", { text: "Entered in period", num: true }, { text: "Went on", num: true }], rows);
      t.querySelector("table").dataset.pipeline = p.name;
      t.querySelector("table").dataset.key = k.key;
      // Widths are set from script, not inline style attributes, so the CSP can refuse inline styles.
      for (const bar of t.querySelectorAll(".bar")) bar.style.width = `${Math.round(Number(bar.dataset.width) * 100)}%`;
      t.querySelectorAll("tbody tr").forEach((tr, i) => {
        if (k.stages[i]) tr.dataset.stage = k.stages[i].name;
      });
      out.push(t);
      const chain = k.stages.filter((st) => st.category !== "not_succeeded");
      if (chain.every((st) => st.entered === 0)) {
        out.push(h("p", { class: "muted" }, "Nobody entered a stage of this funnel in the period: choose an earlier start to see conversion."));
        continue;
      }
      out.push(chart(`${p.label}${k.key ? ` (${k.key})` : ""}: contacts who entered each stage in the period and how many went on`, {
        type: "bar",
        data: {
          labels: chain.map((st) => st.label),
          datasets: [
            { label: "Entered in period", data: chain.map((st) => st.entered), backgroundColor: COLORS.soft },
            { label: "Went on to a later stage", data: chain.map((st) => st.advanced), backgroundColor: COLORS.succeeded },
          ],
        },
        options: {
          indexAxis: "y",
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
          plugins: {
            title: { display: true, text: "Conversion over the period" },
            tooltip: { callbacks: { footer: (items) => `went on: ${pct(chain[items[0].dataIndex].conversion)}` } },
          },
        },
      }, { "data-funnel": p.name, "data-key": k.key }));
    }
  }
  if (data.pipelines.length === 0) out.push(h("p", { class: "muted" }, "The deployed version has no pipelines."));
  return h("section", {}, out);
}
