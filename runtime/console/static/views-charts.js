// Charts drawn with Chart.js (served locally as /console/vendor/chart.umd.js, the global `Chart`).
// Every chart sits above a table of the same numbers; the canvas is focusable and the arrow
// keys walk its points with the tooltip shown, so a keyboard reaches what hovering shows.
import { h } from "./dom.js";

const C = globalThis.Chart;
if (C) {
  // Redrawn on every navigation: animation only delays the numbers (and unsettles tests).
  C.defaults.animation = false;
  C.defaults.color = "#1b1f24";
  C.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  C.defaults.font.size = 13;
  C.defaults.maintainAspectRatio = false;
}

/** Colours with at least 4.5:1 contrast on white. */
export const COLORS = { progress: "#0b57d0", succeeded: "#1a7f37", bad: "#b3261e", muted: "#4a5560", soft: "#8fb3f0", series: ["#0b57d0", "#b3261e", "#1a7f37", "#8a4baf", "#a15c00", "#00727a"] };

/** Vertical (x) or horizontal (y) dashed lines with labels, e.g. thresholds on a score axis. */
export function markLines(lines, axis) {
  return {
    id: `marks-${axis}`,
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: a } = chart;
      ctx.save();
      ctx.strokeStyle = COLORS.bad;
      ctx.fillStyle = COLORS.bad;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 2;
      ctx.font = "12px system-ui, sans-serif";
      for (const l of lines) {
        const p = l.pixel(chart);
        if (p === undefined || Number.isNaN(p)) continue;
        ctx.beginPath();
        if (axis === "x") {
          ctx.moveTo(p, a.top);
          ctx.lineTo(p, a.bottom);
        } else {
          ctx.moveTo(a.left, p);
          ctx.lineTo(a.right, p);
        }
        ctx.stroke();
        ctx.textAlign = axis === "x" ? (p > (a.left + a.right) / 2 ? "right" : "left") : "right";
        const label = l.label;
        if (axis === "x") ctx.fillText(label, p + (ctx.textAlign === "left" ? 4 : -4), a.top + 12);
        else ctx.fillText(label, a.right - 4, p - 4);
      }
      ctx.restore();
    },
  };
}

/** Arrow keys move the tooltip along the first dataset's points; Escape hides it. */
function keyboard(chart, canvas) {
  let i = -1;
  canvas.addEventListener("keydown", (e) => {
    const n = chart.data.datasets[0]?.data.length ?? 0;
    if (n === 0) return;
    if (e.key === "ArrowRight" || e.key === "ArrowUp") i = Math.min(n - 1, i + 1);
    else if (e.key === "ArrowLeft" || e.key === "ArrowDown") i = Math.max(0, i < 0 ? n - 1 : i - 1);
    else if (e.key === "Home") i = 0;
    else if (e.key === "End") i = n - 1;
    else if (e.key === "Escape") i = -1;
    else return;
    e.preventDefault();
    const active = i < 0 ? [] : chart.data.datasets.map((_, d) => ({ datasetIndex: d, index: i })).filter((a) => chart.data.datasets[a.datasetIndex].data[i] !== undefined);
    chart.setActiveElements(active);
    chart.tooltip.setActiveElements(active, { x: 0, y: 0 });
    chart.update();
  });
  canvas.addEventListener("blur", () => {
    i = -1;
    chart.setActiveElements([]);
    chart.tooltip.setActiveElements([], { x: 0, y: 0 });
    chart.update();
  });
}

/**
 * A chart in a focusable box. `label` is what a screen reader hears; the numbers are in the
 * table that follows each chart. Returns the box; the chart draws when the box is attached.
 */
export function chart(label, config, attrs = {}) {
  const canvas = h("canvas", { role: "img", "aria-label": `${label} (arrow keys step through the points; the table below lists the numbers)`, tabindex: 0, ...attrs });
  const box = h("div", { class: "chart" }, canvas);
  if (!C) {
    box.replaceChildren(h("p", { class: "muted" }, "The charting library did not load; the tables below hold the numbers."));
    return box;
  }
  const c = new C(canvas, config);
  keyboard(c, canvas);
  return box;
}
