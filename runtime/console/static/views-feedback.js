// Feedback quality: MQLs per outcome per period of the alert (GET /reports/feedback), the
// share sales judged worth it, and the contacts behind one outcome.
import { get } from "./api.js";
import { h, num, pct, table, when } from "./dom.js";
import { chart, COLORS } from "./views-charts.js";

let query = { by: "month", since: "" };
/** Outcomes that mean the MQL was right (the lead was good, only the timing was not). */
const GOOD = ["good_lead", "bad_timing"];

export async function feedbackView([outcome]) {
  document.title = "Feedback · funnelform console";
  const report = await get("/reports/feedback", query);
  const by = h("select", { id: "by", name: "by" }, h("option", { value: "month", selected: query.by === "month" }, "month"), h("option", { value: "week", selected: query.by === "week" }, "week"));
  const since = h("input", { id: "since", name: "since", value: query.since, size: 12, placeholder: "all time" });
  const form = h("form", { class: "inline" }, h("label", { for: "by" }, "Per", by), h("label", { for: "since" }, "Since (a date or 90d)", since), h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    query = { by: by.value, since: since.value.trim() };
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  const out = [h("h1", {}, "Feedback on MQLs"), form];
  for (const loop of report.loops) {
    const rows = report.rows.filter((r) => r.loop === loop.loop);
    const good = loop.outcomes.filter((o) => GOOD.includes(o));
    out.push(h("h2", {}, loop.loop));
    out.push(table(`MQLs per ${report.by} of the alert, by what sales said`,
      [query.by === "week" ? "Week of" : "Month", { text: "MQLs", num: true }, ...loop.outcomes.map((o) => h("a", { href: `#/feedback/${encodeURIComponent(o)}` }, o)), { text: "No answer", num: true }, { text: "Asks sent", num: true }, ...(good.length ? [{ text: "Right MQLs", num: true }] : [])],
      rows.map((r) => {
        const answered = loop.outcomes.reduce((n, o) => n + (r.outcomes[o] ?? 0), 0);
        const right = good.reduce((n, o) => n + (r.outcomes[o] ?? 0), 0);
        return [r.period, num(r.mqls), ...loop.outcomes.map((o) => num(r.outcomes[o] ?? 0)), num(r.unanswered), num(r.asks), ...(good.length ? [{ text: answered ? pct(right / answered) : "–", num: true }] : [])];
      })));
    if (good.length) {
      out.push(h("p", { class: "muted" }, `Right MQLs (MQL precision): the share of answered MQLs judged ${good.join(" or ")}.`));
      const points = rows.map((r) => {
        const answered = loop.outcomes.reduce((n, o) => n + (r.outcomes[o] ?? 0), 0);
        const right = good.reduce((n, o) => n + (r.outcomes[o] ?? 0), 0);
        return { period: r.period, share: answered ? Math.round((right / answered) * 1000) / 10 : null, answered };
      });
      out.push(chart(`${loop.loop}: MQL precision per ${report.by}`, {
        type: "line",
        data: { labels: points.map((p) => p.period), datasets: [{ label: "Right MQLs (%)", data: points.map((p) => p.share), borderColor: COLORS.succeeded, backgroundColor: COLORS.succeeded, spanGaps: true, pointRadius: 4 }] },
        options: {
          layout: { padding: { top: 8 } },
          scales: { x: { offset: true }, y: { min: 0, max: 100, title: { display: true, text: "% of answered MQLs" } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { footer: (items) => `${points[items[0].dataIndex].answered} answered` } } },
        },
      }, { "data-precision": loop.loop }));
    }
  }
  if (outcome) {
    const d = await get("/reports/feedback", { since: query.since, outcome });
    out.push(h("h2", { id: "drill" }, `Contacts judged ${outcome}`));
    if (d.truncated) out.push(h("p", { class: "muted" }, "Only the oldest are listed."));
    out.push(table(null, ["Contact", "Email", "Alert", "Threshold", "Answered", "By", "Score changes"],
      d.contacts.map((c) => [h("a", { href: `#/contact/id/${encodeURIComponent(c.contact)}` }, c.contact), c.email ?? "–", when(c.alertAt), c.threshold, when(c.outcomeAt), c.by ?? "–", num(c.ledger.length)])));
  }
  return h("section", {}, out);
}
