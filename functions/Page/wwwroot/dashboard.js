// The dashboard: the serving model and its evaluation, version history with rollback, what the hybrid is learning from
// clicks, click-through by method, position, brand and metadata, data health, and a shopper simulator.
// Every number comes from the API as it answers; fields a model version lacks are left out, never invented.
import { $, el, getJson, postJson, fillTable, fillFacts, count, fixed, percent } from "./dom.js";
import { lineChart, barChart } from "./charts.js";

const KEY = "teddy.functionKey";
const CTR_WORDS = { high_ctr: "High CTR", medium_ctr: "Medium CTR", low_ctr: "Low CTR", insufficient_data: "Not enough data" };
const KNOWN_REPORT_SECTIONS = new Set(["version", "created", "trigger", "holdout", "coverage_users", "candidate_methods", "candidates", "skipped",
  "hybrid_parts", "baseline", "selection", "decision", "svd", "timings_ms", "recorded_events"]);
let polling = null;

const keyHeaders = () => {
  const key = $("function-key").value.trim();
  return key ? { "x-functions-key": key } : {};
};

function status(text) { $("dash-status").textContent = text; }

export function initDashboard() {
  const key = $("function-key");
  key.value = sessionStorage.getItem(KEY) || "";
  key.addEventListener("input", () => {
    if (key.value) sessionStorage.setItem(KEY, key.value); else sessionStorage.removeItem(KEY);
  });
  $("refresh").addEventListener("click", () => showDashboard());
  $("simulate").addEventListener("submit", simulate);
}

export async function showDashboard() {
  status("Loading…");
  const [current, versions, ctr, weights] = await Promise.all([
    getJson("/api/models/current"), getJson("/api/models"), getJson("/api/analytics/ctr"), getJson("/api/analytics/weights"),
  ]);
  const report = current.ok ? await getJson(`/api/models/${encodeURIComponent(current.body.version)}/report`) : { ok: false };
  if (current.ok) renderServing(current.body, report.ok ? report.body : null);
  else fillFacts($("serving"), [["Serving model", current.body?.detail || `Not available (${current.status}).`]]);
  if (versions.ok) renderVersions(versions.body.models);
  if (weights.ok) renderWeights(weights.body);
  if (ctr.ok) renderCtr(ctr.body);
  else ["chart-method-time", "chart-method", "chart-position-time", "chart-position"].forEach((id) => { $(id).textContent = ctr.body?.detail || "Click-through is not available yet."; });
  await renderDataHealth(current.ok ? current.body : null);
  const stamp = ctr.ok && ctr.body.computed_at ? ` · click-through computed ${new Date(ctr.body.computed_at).toLocaleString()}` : "";
  status(`Updated ${new Date().toLocaleTimeString()}${stamp}`);
  document.getElementById("dashboard").dataset.loaded = String(Date.now());
  if (ctr.ok) $("dashboard").dataset.ctrComputedAt = ctr.body.computed_at || "";
}

// ---------- Serving model ----------

function renderServing(meta, report) {
  const evaluation = meta.evaluation || {};
  const selection = evaluation.selection || report?.selection || {};
  const settings = meta.settings?.Training?.Selection || {};
  const floor = pick(selection, /floor/) ?? settings.CoverageFloor;
  const attainable = pick(selection, /attainable/);
  const data = meta.data || {};
  const pairs = [
    ["Version", meta.version, "version"],
    ["Model", `${meta.model_type} (${meta.method})`, "model_type"],
    ["Trained", new Date(meta.created).toLocaleString(), "created"],
    ["Data", `${count(data.products)} products · ${count(data.brands)} brands · ${count(data.categories)} categories · ${count(data.users)} shoppers · ${count(data.interactions)} interactions · ${count(data.events)} events`, "data"],
    ["Selection rule", `${selection.rule ?? settings.Rule ?? "–"}${selection.reason ? ` — ${selection.reason}` : ""}`, "selection"],
    ["Coverage floor used", floor == null ? "–" : typeof floor === "number" ? percent(floor) : String(floor), "floor"],
  ];
  if (attainable != null) pairs.push(["Attainable coverage score", typeof attainable === "number" ? percent(attainable) : String(attainable), "attainable"]);
  if (evaluation.decision?.reason) pairs.push(["Promotion", evaluation.decision.reason, "decision"]);
  if (report?.holdout) pairs.push(["Hold-out", `${count(report.holdout.evaluated_users)} shoppers evaluated, ${count(report.holdout.held_out_interactions)} held-out interactions (latest ${percent(report.holdout.fraction, 0)} of each)`, "holdout"]);
  if ((evaluation.skipped || []).length) pairs.push(["Skipped models", evaluation.skipped.map((s) => `${s.method}: ${s.reason}`).join("; "), "skipped"]);
  fillFacts($("serving"), pairs);

  const winner = evaluation.winner?.method ?? selection.winner;
  const candidates = report?.candidates || evaluation.candidates || [];
  const acc = (c, name) => c.accuracy?.[name];
  fillTable($("candidates"), [
    { title: "Model", value: (c) => el("span", {}, `${c.model_type || c.method}`, c.method === winner ? el("span", { className: "winner" }, " ★ winner") : "") },
    { title: "NDCG@10", numeric: true, value: (c) => fixed(acc(c, "ndcg_at_k")), raw: (c) => acc(c, "ndcg_at_k") },
    { title: "P@10", numeric: true, value: (c) => fixed(acc(c, "precision_at_k")) },
    { title: "R@10", numeric: true, value: (c) => fixed(acc(c, "recall_at_k")) },
    { title: "MAP@10", numeric: true, value: (c) => fixed(acc(c, "map_at_k")) },
    { title: "HR@10", numeric: true, value: (c) => fixed(acc(c, "hit_rate_at_k")) },
    { title: "Catalog coverage", numeric: true, value: (c) => percent(acc(c, "catalog_coverage")) },
    { title: "Coverage score", numeric: true, value: (c) => percent(c.coverage?.coverage_score), raw: (c) => c.coverage?.coverage_score },
    { title: "Rating", value: (c) => c.coverage?.rating ?? "–" },
    { title: "Latency p50 / p95", numeric: true, value: (c) => c.coverage?.latency_ms ? `${fixed(c.coverage.latency_ms.p50, 2)} / ${fixed(c.coverage.latency_ms.p95, 2)} ms` : "–" },
  ], candidates, (c) => ({ "data-method": c.method, className: c.method === winner ? "is-winner" : null }));

  // Sections a newer retrain adds (e.g. the tuned hybrid against the original): shown as they come, generically.
  const extra = $("report-extra");
  extra.replaceChildren();
  const sources = { ...(report || {}) };
  for (const [name, value] of Object.entries(evaluation)) if (!(name in sources)) sources[name] = value;
  for (const [name, value] of Object.entries(sources)) {
    if (KNOWN_REPORT_SECTIONS.has(name) || name === "winner" || value == null || typeof value !== "object") continue;
    extra.append(el("details", { className: "report-section", "data-section": name }, el("summary", {}, titleOf(name)), genericTable(value)));
  }
}

/** The first number or string under a key matching the pattern (one level deep). */
function pick(object, pattern) {
  for (const [key, value] of Object.entries(object || {})) {
    if (pattern.test(key) && (typeof value === "number" || typeof value === "string")) return value;
  }
  for (const value of Object.values(object || {})) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) if (pattern.test(key) && typeof inner === "number") return inner;
    }
  }
  return null;
}

const titleOf = (name) => name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** Any JSON value as a readable table: objects as path → value rows, arrays of objects as rows. */
function genericTable(value) {
  const rows = [];
  const walk = (node, path) => {
    if (node == null || typeof node !== "object") { rows.push([path || "value", format(node)]); return; }
    if (Array.isArray(node) && node.every((x) => x && typeof x === "object" && !Array.isArray(x))) {
      node.forEach((item, i) => walk(item, `${path}[${item.method ?? item.name ?? i}]`));
      return;
    }
    if (Array.isArray(node)) { rows.push([path, node.map(format).join(", ")]); return; }
    for (const [key, inner] of Object.entries(node)) walk(inner, path ? `${path}.${key}` : key);
  };
  walk(value, "");
  const table = el("table", {}, el("tbody", {}, rows.slice(0, 200).map(([k, v]) => el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, v)))));
  return el("div", { className: "table-wrap" }, table);
}

function format(value) {
  if (typeof value === "number") return Number.isInteger(value) ? count(value) : fixed(value);
  if (value == null) return "–";
  return String(value);
}

function renderVersions(models) {
  fillTable($("versions"), [
    { title: "Version", value: (m) => m.version },
    { title: "Trained", value: (m) => new Date(m.created).toLocaleString() },
    { title: "Model", value: (m) => m.model_type },
    { title: "NDCG@10", numeric: true, value: (m) => fixed(m.ndcg_at_10), raw: (m) => m.ndcg_at_10 },
    { title: "Coverage score", numeric: true, value: (m) => percent(m.coverage_score) },
    { title: "Decision", value: (m) => m.promotion_decision || "–" },
    { title: "Serving", value: (m) => (m.current ? el("strong", {}, "Serving") : el("button", {
      type: "button", className: "secondary", "aria-label": `Promote version ${m.version}`, onclick: () => promote(m.version),
    }, "Promote")) },
  ], models, (m) => ({ "data-version": m.version, className: m.current ? "is-current" : null }));
}

async function promote(version) {
  const out = $("promote-status");
  out.classList.remove("error");
  if (!$("function-key").value.trim()) {
    showProblem(out, "Enter the function key above to promote a version.");
    $("function-key").focus();
    return;
  }
  out.textContent = `Promoting ${version}…`;
  const result = await postJson(`/api/models/${encodeURIComponent(version)}/promote`, {}, keyHeaders());
  if (!result.ok) {
    showProblem(out, problemText(result, `Version ${version} was not promoted`));
    if (result.status === 401) $("function-key").focus();
    return;
  }
  // The pointer has moved; this instance may still be loading the version: wait until it serves it, then redraw.
  const serving = await waitForServing(version);
  out.textContent = serving ? `Version ${version} now serves.` :
    `Version ${version} is promoted; the app has not loaded it yet (it does within its refresh interval). Refresh to see it.`;
  await showDashboard();
}

/** Polls GET api/models/current for up to 30 s until it names the version. */
async function waitForServing(version) {
  for (let i = 0; i < 30; i++) {
    const current = await getJson("/api/models/current");
    if (current.ok && current.body.version === version) return true;
    await sleep(1000);
  }
  return false;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A failed call in words: a refused key says so with the API's own problem detail; any other problem gives its title and
 * detail, with the field at fault when it names one.
 */
function problemText(result, what) {
  const p = result.body || {};
  if (result.status === 401) return `${what}: the function key was refused (401 Unauthorized). ${p.detail || "Check the key and try again."}`;
  if (result.status === 0) return `${what}: ${p.detail}`;
  const field = p.field ? ` (field ${p.field})` : "";
  return `${what}: ${p.title || "error"} (${result.status})${field}. ${p.detail || ""}`.trim();
}

/** Shows a problem in a status line, marked as an error for styling and for assistive technology (role=status is polite). */
function showProblem(out, text) {
  out.textContent = text;
  out.classList.add("error");
}

// ---------- Learning ----------

function renderWeights(w) {
  $("weights-reason").textContent = w.optimization_reason || (w.adaptive_weights === "no_hybrid" ? "The serving model has no two-part hybrid." : "");
  const parts = ["content", "collaborative"].filter((p) => w[p]);
  fillTable($("posterior"), [
    { title: "Part", value: (p) => (p === "content" ? "Content (similar products)" : "Collaborative (shoppers like you)") },
    { title: "α", numeric: true, key: "alpha", value: (p) => fixed(w[p].alpha, 2), raw: (p) => w[p].alpha },
    { title: "β", numeric: true, key: "beta", value: (p) => fixed(w[p].beta, 2), raw: (p) => w[p].beta },
    { title: "Mean", numeric: true, key: "mean", value: (p) => percent(w[p].mean, 2), raw: (p) => w[p].mean },
    { title: "95% interval", numeric: true, key: "interval", value: (p) => `${percent(w[p].ci_low, 2)} – ${percent(w[p].ci_high, 2)}`, raw: (p) => `${w[p].ci_low},${w[p].ci_high}` },
    { title: "Evidence (impressions / clicks)", numeric: true, value: (p) => `${count(w[p].impressions)} / ${count(w[p].clicks)}` },
    { title: "Expected weight", numeric: true, key: "weight", value: (p) => fixed(w.expected?.[p], 2), raw: (p) => w.expected?.[p] },
  ], parts, (p) => ({ "data-part": p }));
  barChart($("chart-posterior"), parts.map((p) => ({ label: p, value: w[p].mean, low: w[p].ci_low, high: w[p].ci_high })),
    { label: "Posterior mean click-through rate of each hybrid part with its 95% interval", colourBy: (_, i) => i,
      emptyText: w.adaptive_weights === "active" ? "No data yet" : `Adaptive weights are ${w.adaptive_weights.replace("_", " ")}` });
  const series = w.series || [];
  lineChart($("chart-weights"), [
    { name: "content", points: series.map((p) => ({ x: p.at, y: p.content_weight })) },
    { name: "collaborative", points: series.map((p) => ({ x: p.at, y: p.collaborative_weight })) },
  ], { label: "Expected hybrid weights after each hour of clicks", max: 1, format: (v) => v.toFixed(2), emptyText: "No hybrid clicks counted yet" });
}

function renderCtr(ctr) {
  const hourly = ctr.series?.hourly || [];
  const points = hourly.length > 1 ? hourly : ctr.series?.daily || hourly;
  const methods = [...new Set(points.flatMap((p) => Object.keys(p.by_method || {})))].sort();
  lineChart($("chart-method-time"), methods.map((m) => ({ name: m, points: points.filter((p) => p.by_method?.[m]?.impressions > 0).map((p) => ({ x: p.at, y: p.by_method[m].ctr })) })),
    { label: "Click-through rate per method over time" });
  barChart($("chart-method"), (ctr.by_method || []).map((g) => ({ label: g.value, value: g.smoothed_ctr, low: g.ci_low, high: g.ci_high, note: `${count(g.clicks)} clicks / ${count(g.impressions)} impressions` })),
    { label: "Smoothed click-through rate per method with 95% intervals", colourBy: (_, i) => i });
  const positions = ["1", "2", "3", "4", "5"];
  lineChart($("chart-position-time"), positions.map((pos) => ({ name: `#${pos}`, points: points.filter((p) => p.by_position?.[pos]?.impressions > 0).map((p) => ({ x: p.at, y: p.by_position[pos].ctr })) })),
    { label: "Click-through rate of positions 1 to 5 over time" });
  barChart($("chart-position"), (ctr.by_position || []).slice(0, 20).map((g) => ({ label: `#${g.value}`, value: g.smoothed_ctr, low: g.ci_low, high: g.ci_high, note: `${count(g.clicks)} clicks / ${count(g.impressions)} impressions` })),
    { label: "Smoothed click-through rate per position with 95% intervals" });

  const brandColumns = [
    { title: "Brand", value: (b) => b.brand },
    { title: "CTR category", value: (b) => el("span", { className: `ctr ctr-${b.category}` }, CTR_WORDS[b.category] || b.category) },
    { title: "Impressions", numeric: true, value: (b) => count(b.impressions), raw: (b) => b.impressions },
    { title: "Clicks", numeric: true, value: (b) => count(b.clicks), raw: (b) => b.clicks },
    { title: "Smoothed CTR", numeric: true, value: (b) => percent(b.smoothed_ctr, 2), raw: (b) => b.smoothed_ctr },
    { title: "Lift", numeric: true, value: (b) => fixed(b.lift, 2) },
  ];
  fillTable($("brands-top"), brandColumns, ctr.brands?.top || [], (b) => ({ "data-brand": b.brand }));
  fillTable($("brands-bottom"), brandColumns, ctr.brands?.bottom || [], (b) => ({ "data-brand": b.brand }));

  const metadata = $("metadata-charts");
  metadata.replaceChildren();
  for (const [name, attribute] of Object.entries(ctr.metadata || {})) {
    const chart = el("div", { className: "chart", id: `chart-metadata-${name}`, "data-attribute": name });
    const test = attribute.p_value == null ? "no test yet (needs two values and a click)"
      : `χ² ${fixed(attribute.chi_square, 1)}, p ${attribute.p_value < 0.001 ? attribute.p_value.toExponential(1) : fixed(attribute.p_value, 3)}, Cramér's V ${fixed(attribute.cramers_v, 3)}`;
    metadata.append(el("figure", {}, el("figcaption", {}, `${titleOf(name)} — ${test}`), chart));
    barChart(chart, (attribute.values || []).slice(0, 12).map((v) => ({ label: v.value ?? "(none)", value: v.smoothed_ctr, low: v.ci_low, high: v.ci_high, note: `${count(v.clicks)} / ${count(v.impressions)}` })),
      { label: `Smoothed click-through rate by ${titleOf(name).toLowerCase()}` });
  }
}

// ---------- Data health ----------

/**
 * The last finished retrain's ingestion and gates when the function key lets us read the retrain records (a refused or
 * failed retrain is not the serving version), else the serving version's own.
 */
async function renderDataHealth(meta) {
  let source = meta ? { ingestion: meta.ingestion, decision: meta.evaluation?.decision } : null;
  let label = meta ? `From the serving version ${meta.version}.` : "No model is serving yet.";
  if ($("function-key").value.trim()) {
    const runs = await getJson("/api/models/retrain", { headers: keyHeaders() });
    const last = runs.ok ? (runs.body.runs || []).find((r) => r.state !== "queued" && r.state !== "running") : null;
    if (last) {
      label = `From the last retrain, ${last.id} (${last.trigger}): ${last.state}${last.version ? `, version ${last.version}` : ""}` +
        `${last.promoted === false ? ", not promoted" : ""}${last.reason ? ` — ${last.reason}` : ""}${last.error ? ` — ${last.error}` : ""}.`;
      if (last.ingestion) source = { ingestion: last.ingestion, decision: { gates: last.gates, reason: last.reason, refused_by: last.refused_by } };
      else if (meta) label += ` It read no data; below: the serving version ${meta.version}.`;
    }
  }
  $("health-source").textContent = label;
  if (source) renderHealth(source);
}

function renderHealth(meta) {
  const ingestion = meta.ingestion || {};
  const box = $("ingestion");
  box.replaceChildren();
  for (const [stream, report] of Object.entries(ingestion)) {
    if (!report || typeof report !== "object") continue;
    const lines = (report.lines_read ?? 0) - (report.blank_lines ?? 0);
    const rows = [
      ...Object.entries(report.skipped_by_reason || {}).map(([reason, n]) => ({ kind: "skipped", reason, n, examples: report.example_lines?.[reason] || [] })),
      ...Object.entries(report.warnings_by_reason || {}).map(([reason, n]) => ({ kind: "warning", reason, n, examples: report.warning_example_lines?.[reason] || [] })),
    ];
    const table = el("table", { "data-stream": stream });
    fillTable(table, [
      { title: "Reason", value: (r) => r.reason },
      { title: "Kind", value: (r) => (r.kind === "skipped" ? "Skipped" : "Accepted, with a warning") },
      { title: "Lines", numeric: true, value: (r) => count(r.n), raw: (r) => r.n },
      { title: "Example lines", value: (r) => r.examples.slice(0, 5).join(", ") || "–" },
    ], rows);
    box.append(el("h3", {}, titleOf(stream)),
      el("p", { "data-stream": stream }, `${count(lines)} lines read, ${count(report.accepted)} accepted, ${count(report.skipped)} skipped.`),
      el("div", { className: "table-wrap" }, table));
  }
  const decision = meta.decision || {};
  const gates = decision.gates || {};
  $("gate-summary").textContent = gates.passed == null ? "No gate decision recorded."
    : `${gates.passed ? "Passed" : "Refused"}${decision.refused_by ? ` (refused by ${decision.refused_by})` : ""}: ${decision.reason || ""}`;
  fillTable($("gates"), [
    { title: "Check", value: (c) => c.name },
    { title: "Value", numeric: true, value: (c) => fixed(c.value, 3) },
    { title: "Limit", numeric: true, value: (c) => fixed(c.limit, 3) },
    { title: "Result", value: (c) => (c.passed ? "Passed" : "Failed") },
    { title: "Detail", value: (c) => c.detail || "" },
  ], gates.checks || [], (c) => ({ "data-check": c.name }));
}

// ---------- Simulation ----------

/**
 * Queues a simulation (POST api/simulations answers 202 with the status URL at once), then polls the status URL, showing
 * sessions done of N, and then what the shoppers did; the charts keep refreshing while the aggregation counts the clicks.
 */
async function simulate(event) {
  event.preventDefault();
  const out = $("simulate-status");
  const bar = $("simulate-progress");
  out.classList.remove("error");
  if (!$("function-key").value.trim()) {
    showProblem(out, "Enter the function key above to simulate shoppers.");
    $("function-key").focus();
    return;
  }
  const body = { sessions: Number($("sessions").value) };
  if ($("sim-method").value) body.method = $("sim-method").value;
  const button = $("simulate").querySelector("button[type=submit]");
  button.disabled = true;
  try {
    out.textContent = `Queuing ${body.sessions} shoppers…`;
    const accepted = await postJson("/api/simulations", body, keyHeaders());
    if (!accepted.ok) {
      showProblem(out, problemText(accepted, "The simulation was not started"));
      return;
    }
    const run = await followSimulation(accepted.body, out, bar);
    if (run) showSimulation(run, out);
  } finally {
    button.disabled = false;
    bar.hidden = true;
  }
}

/** Polls a simulation's status URL until it is finished; returns the finished record, or null after showing why it is not. */
async function followSimulation(record, out, bar) {
  const url = record.status_url;
  $("simulate").dataset.simulation = record.id;
  bar.max = record.sessions;
  bar.value = 0;
  bar.hidden = false;
  for (let polls = 0; ; polls++) {
    bar.value = record.sessions_done || 0;
    out.textContent = record.state === "queued"
      ? `Queued (${record.id})${record.error ? ` — retrying after: ${record.error}` : ""}…`
      : `Simulating: ${count(record.sessions_done)} of ${count(record.sessions)} sessions…`;
    if (polls > 600) {
      showProblem(out, `The simulation ${record.id} is still ${record.state} after 10 minutes; its status is at ${url}.`);
      return null;
    }
    await sleep(1000);
    const status = await getJson(url, { headers: keyHeaders() });
    if (!status.ok) {
      showProblem(out, problemText(status, "The simulation could not run"));
      return null;
    }
    record = status.body;
    if (record.state === "succeeded") return record;
    if (record.state === "failed") {
      showProblem(out, `The simulation failed on attempt ${record.attempts}: ${record.error || record.reason || "no reason given"}.`);
      return null;
    }
  }
}

function showSimulation(run, out) {
  const r = run.result;
  const weights = (w) => (w ? `content ${fixed(w.content, 2)} / collaborative ${fixed(w.collaborative, 2)}` : null);
  const before = weights(r.weights_before), after = weights(r.weights_after);
  out.textContent = `${count(r.sessions)} sessions (${count(r.shoppers)} shoppers, ${r.method}): ${count(r.clicks)} clicks on ${count(r.impressions)} impressions ` +
    `(CTR ${percent(r.ctr, 2)})${r.mean_content_weight != null ? `, mean content weight ${fixed(r.mean_content_weight, 2)}` : ""}. ` +
    (before ? `Expected weights ${before} before, ${after} after. ` : "") +
    "The charts update as the aggregation counts them (about a minute).";
  // Refresh every 10 s for 90 s so the owner sees the weights and rates move.
  if (polling) clearInterval(polling);
  let left = 9;
  showDashboard();
  polling = setInterval(() => {
    if (--left < 0 || $("dashboard").hidden) { clearInterval(polling); polling = null; return; }
    showDashboard();
  }, 10_000);
}
