// Contacts: search by id or email; one contact's scores with the ledger that explains them
// (a timeline with one point per ledger row), stages and their history, segments, feedback.
import { canWrite, get, send } from "./api.js";
import { errorBox, h, num, short, table, when } from "./dom.js";
import { chart, COLORS, markLines } from "./views-charts.js";

function searchForm(q) {
  const input = h("input", { id: "q", name: "q", type: "search", value: q ?? "", placeholder: "ann@example.com or an id", required: true });
  const form = h("form", { class: "inline", role: "search" }, h("label", { for: "q" }, "Contact id or email", input), h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/contact/search/${encodeURIComponent(input.value.trim())}`;
  });
  return form;
}

const link = (id) => h("a", { href: `#/contact/id/${encodeURIComponent(id)}` }, id);

export async function contactView([mode, arg]) {
  document.title = "Contacts · funnelform console";
  if (mode === "id" && arg !== undefined) return contactPage(arg);
  const out = [h("h1", {}, "Contacts"), searchForm(mode === "search" ? arg : "")];
  if (mode === "search" && arg) {
    const { contacts } = await get("/api/console/contacts", { q: arg });
    out.push(table(`Contacts whose id or email starts with “${arg}”`, ["Contact", "Email", "Status"],
      contacts.map((c) => [link(c.id), c.email ?? "–", c.deleted ? "deleted" : "active"])));
  }
  return h("section", {}, out);
}

/** "rule:Requested a demo" reads "rule: Requested a demo"; other reasons (decay, fit, …) read "why: decay". */
export const why = (reason) => (reason.startsWith("rule:") ? `rule: ${reason.slice(5)}` : `why: ${reason}`);

/**
 * The score timeline: one point per ledger row, so every point is a row of the table below.
 * Hover a point (or focus the chart and use the arrow keys) for what changed it.
 */
function timeline(score, key, rows, lines) {
  const name = key ? `${score} (${key})` : score;
  const marks = lines.map((l) => ({ label: `${l.threshold} ${l.value}`, pixel: (c) => c.scales.y.getPixelForValue(l.value) }));
  const values = [...rows.map((r) => r.value), ...lines.map((l) => l.value)];
  // Chart.js would pad a single instant out to years: frame the changes, with a margin.
  const times = rows.map((r) => Date.parse(r.at));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const pad = t1 === t0 ? 86_400_000 : (t1 - t0) * 0.04;
  return chart(`${name} over time: ${rows.length} changes, now ${rows.at(-1).value}`, {
    type: "line",
    data: { datasets: [{ label: name, data: rows.map((r) => ({ x: Date.parse(r.at), y: r.value })), borderColor: COLORS.progress, backgroundColor: COLORS.progress, pointRadius: 4, pointHoverRadius: 7, stepped: false }] },
    options: {
      parsing: false,
      scales: {
        x: { type: "linear", min: t0 - pad, max: t1 + pad, ticks: { maxTicksLimit: 6, callback: (v) => new Date(v).toISOString().slice(0, 10) } },
        y: { suggestedMin: Math.min(0, ...values), suggestedMax: Math.max(...values) + 1 },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => when(rows[items[0].dataIndex].at),
            label: (item) => {
              const r = rows[item.dataIndex];
              return [`${r.delta > 0 ? "+" : ""}${r.delta} → ${r.value}`, why(r.reason), `event: ${r.eventType ?? "–"} ${r.event ?? ""}`, `config: ${short(r.configHash)}`];
            },
          },
        },
      },
    },
    plugins: [markLines(marks, "y")],
  }, { "data-score": score, "data-key": key });
}

async function contactPage(id) {
  const c = await get(`/api/console/contacts/${encodeURIComponent(id)}`);
  const sum = c.summary;
  const out = [h("h1", {}, "Contact ", h("code", {}, id)), searchForm("")];
  if (sum.deleted) out.push(h("p", { class: "error" }, `Deleted on ${when(sum.deleted)}.`));
  out.push(h("div", { class: "cards" },
    Object.entries(sum.scores).map(([name, v]) => h("div", { class: "card", "data-score": name }, h("div", { class: "muted" }, name), h("div", { class: "big" }, String(v)))),
    Object.entries(sum.stages).map(([p, st]) => h("div", { class: "card", "data-pipeline": p }, h("div", { class: "muted" }, `stage: ${p}`), h("div", { class: "big" }, st)))));
  out.push(h("h2", {}, "Profile"));
  out.push(table(null, ["Field", "Value"], Object.entries(c.fields).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
  out.push(h("p", {}, "Segments: ", sum.segments.length ? sum.segments.join(", ") : "none", ". Tags: ", sum.tags.length ? sum.tags.join(", ") : "none", "."));

  out.push(h("h2", {}, "Score history"));
  if (c.ledgerTruncated) out.push(h("p", { class: "muted" }, "Only the newest changes are shown."));
  const groups = new Map();
  for (const r of c.ledger) {
    const k = `${r.score}\u0000${r.key}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  for (const rows of groups.values()) {
    const { score, key } = rows[0];
    out.push(h("h3", {}, key ? `${score} (${key})` : score));
    out.push(timeline(score, key, rows, c.thresholds.filter((l) => l.score === score)));
  }
  out.push(table("Every score change, oldest first", ["When", "Score", { text: "Change", num: true }, { text: "Value", num: true }, "Why", "Event", "Version"],
    c.ledger.map((r) => [when(r.at), r.key ? `${r.score} (${r.key})` : r.score, num(r.delta), num(r.value), r.reason, r.eventType ?? "–", h("span", { class: "hash", title: r.configHash }, short(r.configHash))])));

  if (!sum.deleted && canWrite()) out.push(h("h2", {}, "Set a stage by hand"), stageForms(id, c));
  else if (!sum.deleted) out.push(h("h2", {}, "Set a stage by hand"), h("p", { class: "muted", "data-read-only": "" }, "You signed in read-only: sign in with FUNNELFORM_TOKEN to set or unlock a stage."));
  out.push(h("h2", {}, "Stage history"));
  out.push(table(null, ["When", "Pipeline", "From", "To", "Why"],
    c.stageHistory.map((r) => [when(r.at), r.key ? `${r.pipeline} (${r.key})` : r.pipeline, r.from ?? "–", r.to, r.reason])));
  out.push(h("h2", {}, "Segments entered and left"));
  out.push(table(null, ["When", "Segment", "Change"], c.segmentHistory.map((r) => [when(r.at), r.segment, r.entered ? "entered" : "left"])));
  out.push(h("h2", {}, "Feedback from sales"));
  out.push(table(null, ["Loop", "Started", { text: "Asks sent", num: true }, "Outcome", "When"],
    sum.feedback.map((f) => [f.loop, when(f.started), num(f.asks), f.outcome ?? "waiting", when(f.at)])));
  out.push(h("h2", {}, "Campaigns"));
  out.push(table(null, ["Campaign", "State"], c.campaigns.map((e) => [e.campaign, campaignState(e.cell)])));
  out.push(h("h2", {}, "Workflows"));
  const wf = table(c.workflows.some((w) => w.link) ? "Open a workflow id in the Temporal UI" : "Set FUNNELFORM_TEMPORAL_UI to link these to the Temporal UI", ["Kind", "Name", "Workflow id", "Status"],
    c.workflows.map((w) => [w.kind === "campaign" ? "campaign waits (segment refresh loop)" : "feedback loop", w.name,
      w.link ? h("a", { href: w.link, target: "_blank", rel: "noopener noreferrer", class: "hash" }, w.workflowId) : h("span", { class: "hash" }, w.workflowId),
      w.kind === "feedback" ? (w.inFlight ? "waiting for sales" : "answered") : (c.campaigns.find((e) => e.campaign === w.name)?.cell?.active ? "enrolled" : "not enrolled")]));
  wf.querySelector("table").dataset.table = "workflows";
  out.push(wf);
  out.push(h("p", { class: "muted" }, `Read under version ${short(c.version)}.`));
  return h("section", {}, out);
}

function campaignState(cell) {
  if (cell?.active) return `enrolled since ${when(new Date(cell.active.enteredAt).toISOString())}, step ${cell.active.pc.join(".")}${cell.active.waitUntil ? `, waiting until ${when(new Date(cell.active.waitUntil).toISOString())}` : ""}`;
  const parts = [`entered ${cell?.entries ?? 0} time(s)`];
  if (cell?.lastExitAt) parts.push(`left ${when(new Date(cell.lastExitAt).toISOString())}`);
  if (cell?.converted) parts.push("converted");
  return parts.join(", ");
}

const rerender = () => window.dispatchEvent(new HashChangeEvent("hashchange"));

/**
 * One form per pipeline: a person sets the stage (PUT /contacts/:id/stages/:pipeline), which
 * holds against automatic moves until the pipeline's lock ends or someone unlocks it.
 */
function stageForms(id, c) {
  const box = h("div", {});
  for (const p of c.pipelines) {
    const now = c.stages.filter((st) => st.pipeline === p.name);
    for (const cur of now.length ? now : [{ pipeline: p.name, key: "", stage: null, lockBy: null, lockUntil: null }]) {
      const fid = `stage-${p.name}-${cur.key}`.replace(/[^\w-]/g, "_");
      const select = h("select", { id: `${fid}-stage`, name: "stage" }, p.stages.map((st) => h("option", { value: st.name, selected: st.name === cur.stage }, st.label)));
      const by = h("input", { id: `${fid}-by`, name: "by", required: true, placeholder: "your email", autocomplete: "email" });
      const status = h("p", { "aria-live": "polite" });
      const form = h("form", { class: "inline", "data-pipeline": p.name, "data-key": cur.key },
        h("label", { for: `${fid}-stage` }, cur.key ? `${p.label} (${cur.key})` : p.label, select),
        h("label", { for: `${fid}-by` }, "Changed by", by),
        h("button", { type: "submit" }, "Set stage"));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        try {
          await send("PUT", `/contacts/${encodeURIComponent(id)}/stages/${encodeURIComponent(p.name)}`, { stage: select.value, by: by.value.trim(), ...(cur.key ? { key: cur.key } : {}) });
          rerender();
        } catch (err) {
          status.replaceChildren(errorBox(err.message));
        }
      });
      box.append(form);
      if (cur.lockBy) {
        const unlock = h("button", { type: "button", "data-unlock": p.name }, "Unlock");
        unlock.addEventListener("click", async () => {
          try {
            const q = cur.key ? `?key=${encodeURIComponent(cur.key)}` : "";
            await send("DELETE", `/contacts/${encodeURIComponent(id)}/stages/${encodeURIComponent(p.name)}/lock${q}`);
            rerender();
          } catch (err) {
            status.replaceChildren(errorBox(err.message));
          }
        });
        box.append(h("p", { class: "muted" }, `Held by hand by ${cur.lockBy}${cur.lockUntil ? ` until ${when(cur.lockUntil)}` : " until unlocked"}. `, unlock));
      }
      box.append(status);
    }
  }
  return box;
}
