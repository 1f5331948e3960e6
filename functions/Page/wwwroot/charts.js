// Teddy's own small SVG charts: line charts over time and bar charts with intervals. No library, no CDN; labels are
// text nodes. Every mark carries data-series / data-label / data-value so tests can read what is drawn.
const SVG = "http://www.w3.org/2000/svg";
// Colour-blind-safe palette (Okabe–Ito) darkened where needed for 3:1 contrast against white.
export const PALETTE = ["#0068a8", "#c45a00", "#00795a", "#b5307a", "#5a4fb0", "#8a6d00", "#333333"];

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) if (value != null) node.setAttribute(name, String(value));
  if (text != null) node.textContent = String(text);
  return node;
}

function frame(container, label, width, height) {
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "svg-chart", preserveAspectRatio: "xMidYMid meet" });
  root.append(svg("title", {}, label));
  container.replaceChildren(root);
  return root;
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function axisFormat(format) { return format || ((v) => `${(v * 100).toFixed(1)}%`); }

function empty(container, label, message) {
  const root = frame(container, label, 320, 80);
  root.append(svg("text", { x: 160, y: 44, "text-anchor": "middle", class: "muted" }, message || "No data yet"));
  container.dataset.empty = "true";
}

/**
 * Lines over shared x labels. series: [{ name, points: [{ x: label, y: number|null }] }].
 * options: { label, format (y → text), max }.
 */
export function lineChart(container, series, options = {}) {
  const label = options.label || "Line chart";
  const labels = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort();
  const values = series.flatMap((s) => s.points.map((p) => p.y)).filter((v) => v != null && Number.isFinite(v));
  if (labels.length === 0 || values.length === 0) return empty(container, label, options.emptyText);
  delete container.dataset.empty;
  const width = 560, height = 240, left = 56, right = 12, top = 14, bottom = 58;
  const root = frame(container, label, width, height);
  const max = options.max ?? niceMax(Math.max(...values));
  const format = axisFormat(options.format);
  const x = (i) => left + (labels.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (labels.length - 1));
  const y = (v) => top + (1 - v / max) * (height - top - bottom);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    root.append(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "grid-line" }));
    root.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, format(v)));
  }
  const every = Math.max(1, Math.ceil(labels.length / 6));
  labels.forEach((l, i) => {
    if (i % every !== 0 && i !== labels.length - 1) return;
    root.append(svg("text", { x: x(i), y: height - bottom + 16, "text-anchor": "middle", class: "tick" }, shortLabel(l)));
  });
  series.forEach((s, index) => {
    const colour = PALETTE[index % PALETTE.length];
    const points = s.points.filter((p) => p.y != null && Number.isFinite(p.y)).map((p) => ({ ...p, i: labels.indexOf(p.x) }));
    if (points.length > 1) {
      root.append(svg("polyline", { points: points.map((p) => `${x(p.i)},${y(p.y)}`).join(" "), fill: "none", stroke: colour, "stroke-width": 2.5, "data-series": s.name }));
    }
    for (const p of points) {
      const dot = svg("circle", { cx: x(p.i), cy: y(p.y), r: 3.5, fill: colour, "data-series": s.name, "data-label": p.x, "data-value": p.y, class: "mark" });
      dot.append(svg("title", {}, `${s.name} · ${p.x}: ${format(p.y)}`));
      root.append(dot);
    }
  });
  legend(root, series.map((s) => s.name), left, height - 22);
}

/**
 * Horizontal bars with optional intervals. bars: [{ label, value, low?, high?, note? }]. options: { label, format, max }.
 */
export function barChart(container, bars, options = {}) {
  const label = options.label || "Bar chart";
  const shown = bars.filter((b) => b.value != null && Number.isFinite(b.value));
  if (shown.length === 0) return empty(container, label, options.emptyText);
  delete container.dataset.empty;
  const row = 26, left = 132, right = 70, top = 8;
  const width = 560, height = top + shown.length * row + 24;
  const root = frame(container, label, width, height);
  const max = options.max ?? niceMax(Math.max(...shown.map((b) => Math.max(b.value, b.high ?? 0))));
  const format = axisFormat(options.format);
  const x = (v) => left + (v / max) * (width - left - right);
  shown.forEach((b, i) => {
    const yTop = top + i * row;
    const colour = PALETTE[(options.colourBy ? options.colourBy(b, i) : 0) % PALETTE.length];
    root.append(svg("text", { x: left - 8, y: yTop + 17, "text-anchor": "end", class: "tick" }, shortLabel(String(b.label), 18)));
    const bar = svg("rect", { x: left, y: yTop + 4, width: Math.max(1, x(b.value) - left), height: row - 10, fill: colour, rx: 3,
      "data-label": b.label, "data-value": b.value, class: "mark" });
    bar.append(svg("title", {}, `${b.label}: ${format(b.value)}${b.note ? ` · ${b.note}` : ""}`));
    root.append(bar);
    if (b.low != null && b.high != null) {
      const mid = yTop + row / 2 - 1;
      root.append(svg("line", { x1: x(b.low), x2: x(b.high), y1: mid, y2: mid, class: "interval" }));
      root.append(svg("line", { x1: x(b.low), x2: x(b.low), y1: mid - 5, y2: mid + 5, class: "interval" }));
      root.append(svg("line", { x1: x(b.high), x2: x(b.high), y1: mid - 5, y2: mid + 5, class: "interval" }));
    }
    root.append(svg("text", { x: Math.min(x(b.high ?? b.value), width - right) + 6, y: yTop + 17, class: "tick" }, format(b.value)));
  });
  root.append(svg("line", { x1: left, x2: left, y1: top, y2: height - 20, class: "axis" }));
}

function legend(root, names, x, y) {
  let offset = x;
  names.forEach((name, index) => {
    root.append(svg("rect", { x: offset, y: y - 9, width: 12, height: 12, fill: PALETTE[index % PALETTE.length], rx: 2 }));
    const text = svg("text", { x: offset + 16, y: y + 1, class: "tick" }, shortLabel(name, 16));
    root.append(text);
    offset += 30 + Math.min(16, String(name).length) * 7;
  });
}

function shortLabel(text, max = 13) {
  const value = String(text);
  // Hours as "11-29 22h", days as "11-29".
  const hour = /^\d{4}-(\d{2})-(\d{2})T(\d{2})/.exec(value);
  if (hour) return `${hour[1]}-${hour[2]} ${hour[3]}h`;
  const day = /^\d{4}-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[1]}-${day[2]}`;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
