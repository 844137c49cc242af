// Builds DOM nodes: text is always set as text (never parsed as HTML), so a contact's field
// holding markup shows as the characters it is.

/** h("td", { class: "num" }, "12", child) → element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A table from a header and rows of cells; a cell is text, a node, or { text, num: true }. */
export function table(caption, head, rows) {
  const cell = (tag, c) => (c !== null && typeof c === "object" && !(c instanceof Node) ? h(tag, { class: c.num ? "num" : undefined }, c.text) : h(tag, {}, c));
  return h("div", { class: "table-wrap" },
    h("table", {},
      caption ? h("caption", { class: "muted" }, caption) : null,
      h("thead", {}, h("tr", {}, head.map((c) => {
        const th = cell("th", c);
        th.setAttribute("scope", "col");
        return th;
      }))),
      h("tbody", {}, rows.length === 0 ? h("tr", {}, h("td", { colspan: head.length, class: "muted" }, "Nothing yet.")) : rows.map((r) => h("tr", {}, r.map((c) => cell("td", c)))))));
}

export const num = (n) => ({ text: typeof n === "number" ? n.toLocaleString("en") : String(n), num: true });
export const pct = (x) => (x === null || x === undefined ? "–" : `${Math.round(x * 1000) / 10}%`);
/** "2026-03-02 10:00 UTC" from an ISO string. */
export const when = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "–");
export const short = (hash) => (hash ? hash.slice(0, 12) : "–");

export function errorBox(message) {
  return h("p", { class: "error", role: "alert" }, message);
}
